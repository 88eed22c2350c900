// Workspace settings for the extension-host and browser tests: the test cluster's profile.json as a workspace
// profile (redisCluster.profiles), with TLS paths made absolute since the test workspace is a temp folder.
// No password: the profile names its passwordEnv, which reaches the extension host through the environment.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

export function workspaceSettingsFor(profilePath) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  if (profile.tls && typeof profile.tls === 'object') {
    for (const k of ['ca', 'cert', 'key']) {
      if (profile.tls[k] && !isAbsolute(profile.tls[k])) profile.tls[k] = resolve(dirname(profilePath), profile.tls[k]);
    }
  }
  return { 'redisCluster.profiles': [profile] };
}
