// Shared plumbing for CLI subcommands: profile loading, a session, output and errors.
import { storePasswordsFromEnv } from '../core/keyStores';
import { ClusterSession } from '../core/session';
import { loadProfileFile, passwordFromEnv } from '../core/profile';
import { redact } from '../core/redact';

export class UsageError extends Error {}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** Opens a session for `--profile FILE`; the password comes from the profile's passwordEnv variable. */
export function openSession(profileFile: string | undefined): ClusterSession {
  if (!profileFile) throw new UsageError('--profile FILE is required');
  const profile = loadProfileFile(profileFile);
  return new ClusterSession(profile, { password: passwordFromEnv(profile), storePasswords: storePasswordsFromEnv(profile.tls) });
}

/** Runs `fn` with a session and always closes it, so the process can exit. */
export async function withSession<T>(profileFile: string | undefined, fn: (s: ClusterSession) => Promise<T>): Promise<T> {
  const session = openSession(profileFile);
  if (session.insecure) stdio.err(`warning: TLS verification is OFF for profile "${session.profile.name}" (tls.rejectUnauthorized: false)`);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Error text safe for output: never includes the password. */
export function describeError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const secrets = [process.env.REDIS_CLUSTER_PASSWORD].filter((s): s is string => !!s);
  // Store passwords never reach error text, but redact them like the cluster password all the same.
  for (const [k, v] of Object.entries(process.env)) if (v && /(STORE|PFX).*PASS/i.test(k)) secrets.push(v);
  return redact(text, secrets);
}
