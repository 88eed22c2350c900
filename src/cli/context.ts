// Shared plumbing for CLI subcommands: profile loading, a session, output and errors.
// Output goes through `stdio` only, which is the one redaction point: every secret the process used (the
// profile's passwordEnv variable, REDIS_CLUSTER_PASSWORD, its key store password variables) is replaced in stdout and stderr.
import { RedisClusterError } from '../core/common/errors';
import { storePasswordsFromEnv } from '../core/connection/javaStores';
import { ClusterSession } from '../core/connection/session';
import type { ConnectOptions } from '../core/connection/connect';
import type { SshSecrets } from '../core/connection/ssh/tunnel';
import { type ClusterProfile, loadProfileFile, passwordFromEnv } from '../core/profiles/profile';
import { redact, redactKnown } from '../core/common/redact';

export class UsageError extends RedisClusterError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message, 'Run redis-cluster --help for the commands and their options');
  }
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

const secrets = new Set<string>();

/** Registers a secret for redaction (also in its JSON-escaped form, as --json prints it) and returns it. */
export function useSecret(secret: string | undefined): string | undefined {
  if (secret) {
    secrets.add(secret);
    secrets.add(JSON.stringify(secret).slice(1, -1));
  }
  return secret;
}

useSecret(process.env.REDIS_CLUSTER_PASSWORD);

/** A profile's password from its passwordEnv variable, registered for redaction. Every CLI password comes from here. */
export function profilePassword(profile: ClusterProfile): string | undefined {
  const stores = storePasswordsFromEnv(profile.tls);
  useSecret(stores.pfx);
  useSecret(stores.trustStore);
  if (profile.ssh?.passphraseEnv) useSecret(process.env[profile.ssh.passphraseEnv]);
  return useSecret(passwordFromEnv(profile));
}

let acceptedHostKey: string | undefined;

/**
 * Takes the global `--accept-host-key SHA256:...` out of a command's arguments (every command that connects
 * honours it): the CLI cannot ask, so an unknown bastion is refused with its fingerprint until the user passes it.
 */
export function takeGlobalFlags(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value: string | undefined;
    if (a === '--accept-host-key') value = argv[++i] ?? '';
    else if (a.startsWith('--accept-host-key=')) value = a.slice('--accept-host-key='.length);
    else {
      rest.push(a);
      continue;
    }
    if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(value)) {
      throw new UsageError(`--accept-host-key takes a fingerprint as ssh prints it (SHA256: and 43 characters), got "${value}"`);
    }
    acceptedHostKey = value;
  }
  return rest;
}

/** The bastion's passphrase (from ssh.passphraseEnv) and the host key accepted on the command line. */
export function sshSecrets(profile: ClusterProfile): SshSecrets | undefined {
  if (!profile.ssh) return undefined;
  const env = profile.ssh.passphraseEnv;
  return { passphrase: env ? useSecret(process.env[env]) : undefined, acceptedHostKey };
}

/** Everything a CLI session needs besides the profile: password, key store passwords, SSH secrets. */
export function connectOptionsFor(profile: ClusterProfile): ConnectOptions {
  return { password: profilePassword(profile), storePasswords: storePasswordsFromEnv(profile.tls), ssh: sshSecrets(profile) };
}

// Longest first, so a secret containing another is replaced whole.
const known = () => [...secrets].sort((a, b) => b.length - a.length);
const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);

/** stdout carries data (key names, JSON): only known secrets are replaced; stderr also masks AUTH/requirepass arguments. */
export const stdio: CliIO = {
  out: (t) => process.stdout.write(line(redactKnown(t, known()))),
  err: (t) => process.stderr.write(line(redact(t, known()))),
};

/** Opens a session for `--profile FILE`; the password comes from the profile's passwordEnv variable. */
export function openSession(profileFile: string | undefined): ClusterSession {
  if (!profileFile) throw new UsageError('--profile FILE is required');
  const profile = loadProfileFile(profileFile);
  return new ClusterSession(profile, connectOptionsFor(profile));
}

/** The one warning a profile that opted out of TLS verification gets, on every command that connects. */
export function warnIfInsecure(session: ClusterSession, io: Pick<CliIO, 'err'> = stdio): void {
  if (session.insecure) io.err(`warning: TLS verification is OFF for profile "${session.profile.name}" (tls.rejectUnauthorized: false)`);
}

/** Runs `fn` with a session and always closes it, so the process can exit. */
export async function withSession<T>(profileFile: string | undefined, fn: (s: ClusterSession) => Promise<T>): Promise<T> {
  const session = openSession(profileFile);
  warnIfInsecure(session);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/**
 * Registers the password of the `--profile FILE` among `argv` before the command runs, so that output printed
 * before the command itself reads the profile (a usage error echoing an argument, say) is redacted too.
 */
export function preloadSecrets(argv: string[]): void {
  const at = argv.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
  if (at < 0) return;
  const file = argv[at].startsWith('--profile=') ? argv[at].slice('--profile='.length) : argv[at + 1];
  try {
    if (file) profilePassword(loadProfileFile(file));
  } catch {
    // The command reports a bad profile itself.
  }
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}
