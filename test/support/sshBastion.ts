// A real OpenSSH bastion for tests: Debian's sshd, run inside a namespace cluster's network namespace (see
// natCluster.ts with publish: false) on the namespace's veth address, with its own config, host key, client key
// and authorized_keys made at test time by ssh-keygen. A loopback forwarder publishes it on 127.0.0.1:port, so
// from this process the bastion is reachable and the nodes are not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NatCluster } from './natCluster';

export interface SshBastionFixture {
  host: string;
  port: number;
  username: string;
  dir: string;
  /** The authorized client key (no passphrase). */
  clientKey: string;
  /** The same key's public half is authorized too; this copy is encrypted with `passphrase`. */
  encryptedKey: string;
  passphrase: string;
  /** A key the bastion does not authorize. */
  strangerKey: string;
  /** known_hosts with the bastion's key, hashed (ssh-keygen -H). */
  knownHosts: string;
  /** known_hosts listing another key for the bastion. */
  changedKnownHosts: string;
  /** The host key's fingerprint as ssh-keygen -l prints it. */
  fingerprint: string;
  /** Cuts every connection through the published port (a dropped link: VPN reconnect, laptop sleep). */
  dropConnections(): void;
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

/** Why this machine cannot run a bastion (on top of natClusterUnsupported), or undefined. */
export function sshBastionUnsupported(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is missing (Debian package openssh-server)`;
  return undefined;
}

function keygen(file: string, passphrase = ''): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'redis-cluster-test', '-f', file], { stdio: 'pipe' });
}

/** A loopback TCP forwarder that can cut its connections. */
function publish(listenPort: number, host: string, port: number): Promise<{ server: net.Server; drop(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('error', close);
      s.on('close', close);
    }
  });
  const drop = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: listenPort, exclusive: true }, () => resolve({ server, drop }));
  });
}

async function waitForBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      s.setTimeout(1000, () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(false));
      s.once('data', (d: Buffer) => (s.destroy(), resolve(d.toString('latin1').startsWith('SSH-2.0'))));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts sshd inside `cluster`'s namespace and publishes it on 127.0.0.1:`port`. */
export async function startSshBastion(cluster: NatCluster, port: number): Promise<SshBastionFixture> {
  const dir = path.join(cluster.dir, 'ssh');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n: string) => path.join(dir, n);
  keygen(f('host_key'));
  keygen(f('other_host_key'));
  keygen(f('client_key'));
  keygen(f('stranger_key'));
  const passphrase = 'correct horse battery';
  execFileSync('cp', [f('client_key'), f('encrypted_key')]);
  execFileSync('ssh-keygen', ['-q', '-p', '-N', passphrase, '-P', '', '-f', f('encrypted_key')], { stdio: 'pipe' });
  writeFileSync(f('authorized_keys'), readFileSync(f('client_key.pub')));
  writeFileSync(
    f('sshd_config'),
    [
      'Port 22',
      `ListenAddress ${cluster.linkAddress}`,
      `HostKey ${f('host_key')}`,
      `PidFile ${f('sshd.pid')}`,
      `AuthorizedKeysFile ${f('authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      'AllowAgentForwarding no',
      'X11Forwarding no',
      'PrintMotd no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  // sshd's privilege separation directory; Debian's service unit makes it, and no unit runs here.
  const madeRunDir = !existsSync('/run/sshd');
  if (madeRunDir) mkdirSync('/run/sshd', { mode: 0o755 });

  const hostName = `[127.0.0.1]:${port}`;
  const pub = (n: string) =>
    readFileSync(f(`${n}.pub`), 'utf8')
      .split(' ')
      .slice(0, 2)
      .join(' ');
  writeFileSync(f('known_hosts'), `# test bastion\n${hostName} ${pub('host_key')}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', f('known_hosts')], { stdio: 'pipe' });
  writeFileSync(f('changed_known_hosts'), `${hostName} ${pub('other_host_key')}\n`);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', f('host_key.pub')])
    .toString()
    .split(' ')[1];

  let published: { server: net.Server; drop(): void } | undefined;
  const kill = () => {
    try {
      process.kill(Number(readFileSync(f('sshd.pid'), 'utf8').trim()), 'SIGTERM');
    } catch {
      // not started, or already gone
    }
  };
  const stop = async () => {
    published?.drop();
    if (published) await new Promise((r) => published?.server.close(r));
    kill();
    process.removeListener('exit', kill);
    if (madeRunDir) rmSync('/run/sshd', { recursive: true, force: true });
  };
  process.once('exit', kill);
  try {
    execFileSync('ip', ['netns', 'exec', cluster.ns, SSHD, '-f', f('sshd_config'), '-E', f('sshd.log')], { stdio: 'pipe' });
    await waitForBanner(cluster.linkAddress, 22, 10000);
    published = await publish(port, cluster.linkAddress, 22);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host: '127.0.0.1',
    port,
    username: os.userInfo().username,
    dir,
    clientKey: f('client_key'),
    encryptedKey: f('encrypted_key'),
    passphrase,
    strangerKey: f('stranger_key'),
    knownHosts: f('known_hosts'),
    changedKnownHosts: f('changed_known_hosts'),
    fingerprint,
    dropConnections: () => published?.drop(),
    stop,
  };
}

/** Established SSH connections sshd holds (counted inside the namespace by ss). */
export function sshConnections(cluster: NatCluster): number {
  const out = execFileSync('ip', ['netns', 'exec', cluster.ns, 'ss', '-Htn', 'state', 'established', '( sport = :22 )']).toString();
  return out.split('\n').filter((l) => l.trim()).length;
}
