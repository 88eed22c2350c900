// The profile a tool acts on: the one named, or the only one there is. The host's target() is the one gate to a
// connection (unknown, invalid and Restricted Mode profiles are refused there, before any socket opens).
import { RedisClusterError } from '../common/errors';
import type { JsonSchema } from './schema';
import type { AgentProfile, AgentTarget, ToolContext } from './types';

export const PROFILE_INPUT: JsonSchema = {
  type: 'string',
  minLength: 1,
  description: 'Profile id or name from redis_cluster_profiles; may be left out when there is only one profile.',
};

export class UnknownProfileError extends RedisClusterError {
  override name = 'UnknownProfileError';
  constructor(message: string) {
    super('profile', message, 'Call redis_cluster_profiles and pass one of the ids it lists as "profile"');
  }
}

export function profileOf(ref: string | undefined, { host }: Pick<ToolContext, 'host'>): AgentProfile {
  const all = host.profiles();
  const ids = all.map((p) => p.id).join(', ') || 'none';
  if (ref === undefined) {
    if (all.length === 1) return all[0];
    throw new UnknownProfileError(`input "profile" is required: there are ${all.length} profiles (${ids})`);
  }
  const byId = all.find((p) => p.id === ref);
  if (byId) return byId;
  const named = all.filter((p) => p.label === ref || p.id.endsWith(`:${ref}`));
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new UnknownProfileError(`"${ref}" names ${named.length} profiles (${named.map((p) => p.id).join(', ')})`);
  throw new UnknownProfileError(`no profile "${ref}" (profiles: ${ids})`);
}

export async function resolveTarget(ref: string | undefined, ctx: ToolContext): Promise<AgentTarget> {
  // The host's target() refuses unusable profiles (invalid, Restricted Mode) with its own reason and hint.
  return ctx.host.target(profileOf(ref, ctx).id);
}
