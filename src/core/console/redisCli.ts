// "Open in redis-cli": the real redis-cli with the profile's TLS settings. The password never goes on the command
// line (visible in ps and shell history): it travels in REDISCLI_AUTH, which redis-cli reads itself.
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import type { ClusterProfile, HostPort } from '../profiles/profile';

/** redis-cli arguments for one node of a profile, routed like -c; never contains the password. */
export function redisCliArgs(profile: ClusterProfile, node: HostPort): string[] {
  const args = ['-c', '-h', node.host, '-p', String(node.port)];
  if (profile.username) args.push('--user', profile.username);
  const tls = profile.tls;
  if (tls) {
    args.push('--tls');
    if (tls.ca) args.push('--cacert', tls.ca);
    if (tls.cert) args.push('--cert', tls.cert);
    if (tls.key) args.push('--key', tls.key);
    if (tls.servername) args.push('--sni', tls.servername);
    if (tls.rejectUnauthorized === false) args.push('--insecure');
  }
  return args;
}

/** The environment redis-cli needs besides its arguments: the password, if any. */
export function redisCliEnv(password: string | undefined): Record<string, string> {
  return password ? { REDISCLI_AUTH: password } : {};
}

/** Full path of redis-cli on PATH, or undefined. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
