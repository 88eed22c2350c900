// The shared test cluster that scripts/test-all.mjs started: its profile file and password reach the extension
// host through REDIS_CLUSTER_PROFILE / REDIS_CLUSTER_PASSWORD.
import * as assert from 'node:assert/strict';
import { loadProfileFile } from '../../../src/core/profiles/profile';
import { ClusterSession } from '../../../src/core/connection/session';

export function sharedProfilePath(): string {
  const profilePath = process.env.REDIS_CLUSTER_PROFILE;
  assert.ok(profilePath, 'REDIS_CLUSTER_PROFILE is not set: run through scripts/test-all.mjs or set VSCODE_TEST_WORKSPACE_SETTINGS');
  return profilePath;
}

/** The shared profile's name, as the extension knows it from the workspace settings. */
export function sharedProfileName(): string {
  return loadProfileFile(sharedProfilePath()).name;
}

/** A core session of its own on the shared cluster, for setting up and checking what the UI did. */
export function sharedSession(password = process.env.REDIS_CLUSTER_PASSWORD): ClusterSession {
  return new ClusterSession(loadProfileFile(sharedProfilePath()), { password });
}
