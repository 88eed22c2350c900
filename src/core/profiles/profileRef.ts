// Which profile a string names, and where its secret lives. A profile's identity is its scope plus its name
// (plus the workspace, for workspace profiles): a repository can hold a profile named like one of the user's,
// and must never get that profile's password. Kept free of vscode so the rules are unit-tested.
import { createHash } from 'node:crypto';
import { RedisClusterError } from '../common/errors';

export type ProfileScope = 'workspace' | 'user';

export interface ProfileIdentity {
  scope: ProfileScope;
  name: string;
}

/** The key the extension uses for a profile everywhere: connections, tree ids, URIs, dashboards, command args. */
export function profileId(scope: ProfileScope, name: string): string {
  return `${scope}:${name}`;
}

export class AmbiguousProfileError extends RedisClusterError {
  override name = 'AmbiguousProfileError';
  constructor(
    readonly ref: string,
    readonly ids: string[],
  ) {
    const hint = `name it by its id, e.g. "${ids[0]}"`;
    super('profile', `more than one profile is named "${ref}" (${ids.join(', ')}): ${hint}`, hint);
  }
}

/** An id (`user:prod`) names its profile; a bare name only when exactly one profile has it. */
export function resolveProfileRef<T extends ProfileIdentity & { id: string }>(entries: readonly T[], ref: string): T | undefined {
  const exact = entries.find((e) => e.id === ref);
  if (exact) return exact;
  const named = entries.filter((e) => e.name === ref);
  if (named.length > 1)
    throw new AmbiguousProfileError(
      ref,
      named.map((e) => e.id),
    );
  return named[0];
}

/** The key before secrets had an owner: shared by every profile of that name, whatever its scope. */
export function legacySecretKey(name: string): string {
  return `redisCluster.password.${name}`;
}

/** Stable, short and free of paths: which workspace (its .code-workspace file, else its first folder) owns a secret. */
export function workspaceKeyOf(workspaceUri: string): string {
  return createHash('sha256').update(workspaceUri).digest('hex').slice(0, 16);
}

/** SecretStorage key of a profile's password. A workspace profile's key names its workspace too. */
export function secretKeyOf(identity: ProfileIdentity, workspaceKey: string): string {
  return identity.scope === 'user'
    ? `redisCluster.secret.user.${identity.name}`
    : `redisCluster.secret.workspace.${workspaceKey}.${identity.name}`;
}

/**
 * Who inherits a secret stored under the legacy key: the user profile of that name, else the only profile of that
 * name. None (so the old key stays) when several workspace profiles share it or no profile has it.
 */
export function legacySecretOwner<T extends ProfileIdentity>(entries: readonly T[], name: string): T | undefined {
  const named = entries.filter((e) => e.name === name);
  return named.find((e) => e.scope === 'user') ?? (named.length === 1 ? named[0] : undefined);
}
