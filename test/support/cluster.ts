// Test clusters. The shared one is started by scripts/test-all.mjs (REDIS_CLUSTER_DIR) or, when a test file
// runs alone, by the first test that asks for it. Tests that change the topology use a private cluster on
// their own ports, so they never disturb the shared one.
import { type ClusterInfo, type ClusterOptions, loadClusterInfo, startCluster, stopCluster } from '../../scripts/cluster';
import { ClusterSession } from '../../src/core/connection/session';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { basePort } from './ports';

let shared: Promise<ClusterInfo> | undefined;
let startedHere = false;

export function sharedCluster(): Promise<ClusterInfo> {
  if (!shared) {
    const dir = process.env.REDIS_CLUSTER_DIR;
    if (dir) shared = Promise.resolve(loadClusterInfo(dir));
    else {
      startedHere = true;
      // Developers running files side by side give each run its own ports.
      shared = startCluster({ basePort: basePort('shared') });
    }
    shared.then((info) => Object.assign(process.env, info.env)).catch(() => undefined);
  }
  return shared;
}

// Only the cluster this process started is stopped here.
after(async () => {
  if (startedHere && shared) await stopCluster(await shared);
});

/** Registers before/after hooks on the current suite for a private cluster; returns a getter. */
export function privateCluster(opts: ClusterOptions): () => ClusterInfo {
  let info: ClusterInfo | undefined;
  before(async function () {
    this.timeout(180000);
    info = await startCluster(opts);
  });
  after(async function () {
    this.timeout(60000);
    if (info) await stopCluster(info);
  });
  return () => {
    if (!info) throw new Error('private cluster not started');
    return info;
  };
}

/** A core session for a test cluster, using its profile file and password. */
export function sessionFor(info: ClusterInfo, timeouts: { commandTimeoutMs?: number } = {}): ClusterSession {
  return new ClusterSession(loadProfileFile(info.profilePath), { password: info.password, ...timeouts });
}
