// One SSH connection per session to the profile's bastion; every Redis connection (seeds and every address the
// cluster announces) is a direct-tcpip channel on it (forwardOut), so the bastion resolves and reaches the nodes.
// The host key is checked before any credential is sent; a failure that asking again would not fix (host key,
// authentication, key file) sticks for the tunnel's life, so a session with six seeds asks and fails once.
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';
import { sshLib } from '../../common/lazyDeps';
import { ClusterConnectionError } from '../../common/errors';
import type { HostPort } from '../../common/format';
import type { StreamDialer } from '../via';
import { type SshBastion, bastionLabel, knownHostsFile } from './sshProfile';
import { type KnownKey, fingerprint, judgeHostKey, keyTypeOf, keysForHost, preferredHostKeyAlgorithms, readKnownHosts } from './knownHosts';
import { type HostKeyRefusal, forwardError, keyFileError, sshConnectError } from './sshErrors';

/** What the profile cannot hold: the key's passphrase and the user's answer about an unknown host key. */
export interface SshSecrets {
  passphrase?: string;
  /** A fingerprint (SHA256:...) accepted for this profile before, or on the command line (--accept-host-key). */
  acceptedHostKey?: string;
  /**
   * Asked once when known_hosts does not list the bastion and no accepted fingerprint matches; true accepts
   * (and the caller remembers it for the profile). Without it an unknown host is refused with its fingerprint.
   */
  confirmHostKey?: (question: { bastion: string; fingerprint: string; keyType: string }) => Promise<boolean>;
}

const KEEPALIVE_MS = 10000;
/** A bastion that just failed to answer fails the other seeds' dials at once instead of costing a timeout each. */
const RECENT_FAILURE_MS = 2000;

/** The agent to ask: the profile's socket path, else $SSH_AUTH_SOCK (Pageant on Windows). */
function agentSocket(agent: SshBastion['agent']): string {
  if (typeof agent === 'string') return agent;
  if (process.env.SSH_AUTH_SOCK) return process.env.SSH_AUTH_SOCK;
  if (process.platform === 'win32') return 'pageant';
  throw new ClusterConnectionError(
    'ssh-auth',
    undefined,
    'the profile logs in to its SSH bastion with the agent ("ssh.agent": true), but SSH_AUTH_SOCK is not set',
    'Start an SSH agent (ssh-agent, then ssh-add) before the editor, give its socket path in ssh.agent, or use ssh.privateKeyPath',
  );
}

export class SshTunnel implements StreamDialer {
  private client?: Promise<Client>;
  private sticky?: Error;
  private recent?: { error: Error; at: number };
  private closed = false;

  constructor(
    private readonly bastion: SshBastion,
    private readonly secrets: SshSecrets = {},
  ) {}

  get label(): string {
    return bastionLabel(this.bastion);
  }

  async dial(hp: HostPort, timeoutMs: number): Promise<Duplex> {
    const client = await this.connection(timeoutMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(forwardError(this.label, hp, 'no answer from the bastion', true)), timeoutMs);
      client.forwardOut('127.0.0.1', 0, hp.host, hp.port, (err, channel) => {
        clearTimeout(timer);
        if (err) reject(forwardError(this.label, hp, err.message, false));
        else resolve(channel);
      });
    });
  }

  private connection(timeoutMs: number): Promise<Client> {
    if (this.sticky) return Promise.reject(this.sticky);
    if (this.recent && Date.now() - this.recent.at < RECENT_FAILURE_MS) return Promise.reject(this.recent.error);
    if (this.closed) return Promise.reject(sshConnectError(this.label, 'the session was closed'));
    if (!this.client) {
      const opening = this.open(timeoutMs);
      this.client = opening;
      opening.catch((e: Error) => {
        if (this.client === opening) this.client = undefined;
        this.recent = { error: e, at: Date.now() };
      });
    }
    return this.client;
  }

  private open(timeoutMs: number): Promise<Client> {
    const b = this.bastion;
    const port = b.port ?? 22;
    const knownFile = knownHostsFile(b);
    const known = keysForHost(readKnownHosts(knownFile), b.host, port, knownFile);
    let refusal: HostKeyRefusal | undefined;
    const config: ConnectConfig = {
      host: b.host,
      port,
      username: b.username,
      readyTimeout: timeoutMs,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        this.verifyHostKey(known, key).then(
          (r) => {
            refusal = r;
            verify(!r);
          },
          () => verify(false),
        );
      },
    };
    const algorithms = preferredHostKeyAlgorithms(known);
    if (algorithms) config.algorithms = { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
    try {
      if (b.privateKeyPath) Object.assign(config, this.privateKey(b.privateKeyPath));
      else config.agent = agentSocket(b.agent);
    } catch (e) {
      this.sticky = e as Error;
      return Promise.reject(e);
    }
    const { Client: SshClient } = sshLib();
    const client = new SshClient();
    return new Promise((resolve, reject) => {
      let ready = false;
      client.once('ready', () => {
        ready = true;
        resolve(client);
      });
      client.on('error', (e: Error & { level?: string }) => {
        if (ready) return; // a dropped tunnel shows as 'close'; the Redis connections on it fail on their own
        const err = sshConnectError(this.label, e, refusal);
        if (refusal || e.level === 'client-authentication') this.sticky = err;
        reject(err);
      });
      client.on('close', () => {
        if (!ready) reject(sshConnectError(this.label, 'the connection closed during the SSH handshake', refusal));
        // Gone: the next dial opens a new SSH connection (after sleep or a VPN reconnect).
        void this.client?.then((c) => {
          if (c === client) this.client = undefined;
        });
      });
      try {
        client.connect(config);
      } catch (e) {
        const err = this.keyParseError(e as Error);
        if (err !== e) this.sticky = err;
        client.removeAllListeners('close');
        client.end();
        reject(err);
      }
    });
  }

  private privateKey(file: string): Pick<ConnectConfig, 'privateKey' | 'passphrase'> {
    try {
      return { privateKey: readFileSync(file), passphrase: this.secrets.passphrase };
    } catch (e) {
      throw keyFileError(
        file,
        `cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        'Fix ssh.privateKeyPath in the profile',
      );
    }
  }

  /** ssh2 parses the key when connect() is called and throws at once; named here as a key problem, not a failed login. */
  private keyParseError(e: Error): Error {
    const file = this.bastion.privateKeyPath ?? 'key';
    if (!/privateKey|passphrase|encrypted|decrypt/i.test(e.message)) return e;
    if (/encrypted|passphrase|bad decrypt/i.test(e.message)) {
      const hint = this.secrets.passphrase
        ? 'The passphrase is wrong: set the right one (Redis Cluster: Set SSH Key Passphrase) or fix the ssh.passphraseEnv variable'
        : 'The key is encrypted: set its passphrase (Redis Cluster: Set SSH Key Passphrase) or name a variable in ssh.passphraseEnv';
      return keyFileError(file, this.secrets.passphrase ? 'wrong passphrase' : 'the key needs a passphrase', hint);
    }
    return keyFileError(
      file,
      `not a private key ssh2 can read (${e.message})`,
      'Point ssh.privateKeyPath at an OpenSSH or PEM private key',
    );
  }

  /** undefined to go on; the reason otherwise. */
  private async verifyHostKey(known: readonly KnownKey[], key: Buffer): Promise<HostKeyRefusal | undefined> {
    const fp = fingerprint(key);
    const verdict = judgeHostKey(known, key);
    const bastion = this.label;
    if (verdict.status === 'known') return undefined;
    if (verdict.status === 'revoked') return { kind: 'revoked', fingerprint: fp, where: verdict.where };
    if (verdict.status === 'changed') return { kind: 'changed', fingerprint: fp, where: verdict.where, expected: verdict.expected };
    const accepted = this.secrets.acceptedHostKey;
    if (accepted === fp) return undefined;
    if (accepted) return { kind: 'changed', fingerprint: fp, expected: [accepted], where: 'the key accepted for this profile' };
    const keyType = keyTypeOf(key);
    if (this.secrets.confirmHostKey && (await this.secrets.confirmHostKey({ bastion, fingerprint: fp, keyType }))) return undefined;
    return { kind: 'unknown', fingerprint: fp, keyType, declined: !!this.secrets.confirmHostKey };
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.client;
    this.client = undefined;
    const client = await pending?.catch(() => undefined);
    client?.end();
  }
}
