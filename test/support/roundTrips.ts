// Round trips of whole CLI processes through a DelayForwarder: the same commands the network bench times and the
// CI test counts, so the budget in bench/README.md is held by both.
import { ClusterSession } from '../../src/core/connection/session';
import { lookupKeys } from '../../src/core/keys/lookup';
import { newScanCursor, scanPage } from '../../src/core/keys/scan';
import { readValue } from '../../src/core/keys/values';
import { LightPoller } from '../../src/core/monitoring/lightPoll';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { runCli } from './cli';
import type { RemoteCluster } from './remoteCluster';

export interface CliCase {
  name: string;
  args: (profile: string) => string[];
  /** Most round trips allowed at any RTT (the budget in bench/README.md). */
  budget: number;
}

export const CLI_CASES: readonly CliCase[] = [
  { name: 'topology', args: (p) => ['topology', '--profile', p], budget: 6 },
  { name: 'check', args: (p) => ['check', '--profile', p], budget: 6 },
  { name: 'distribution', args: (p) => ['distribution', '--profile', p], budget: 6 },
  { name: 'exec GET', args: (p) => ['exec', '--profile', p, '--', 'GET', 'remote:probe'], budget: 6 },
  { name: 'scan', args: (p) => ['scan', '--profile', p], budget: 12 },
];

export interface CliCount {
  name: string;
  code: number | null;
  roundTrips: number;
  ms: number;
  stderr: string;
}

/** Runs one CLI case through the forwarder and returns its round trips on the client's critical path. */
export async function countCli(remote: RemoteCluster, c: CliCase, env: NodeJS.ProcessEnv): Promise<CliCount> {
  remote.forwarder.resetCount();
  const r = await runCli(c.args(remote.profilePath), env, 120_000);
  return { name: c.name, code: r.code, roundTrips: remote.forwarder.roundTrips(), ms: r.ms, stderr: r.stderr };
}

/** Calls the explorer makes once connected (tree refresh, Look Up Key, opening a value, first key-browser page). */
export interface CoreCase {
  name: string;
  run: (session: ClusterSession, topology: Topology) => Promise<unknown>;
  budget: number;
}

export const CORE_CASES: readonly CoreCase[] = [
  { name: 'tree/dashboard poll', run: (s) => new LightPoller(s).poll(), budget: 3 },
  { name: 'Look Up Key', run: (s, t) => lookupKeys(s, [Buffer.from('remote:probe')], t), budget: 3 },
  { name: 'open a value', run: (s, t) => readValue(s, t, Buffer.from('remote:probe')), budget: 3 },
  { name: 'key browser first page', run: (s, t) => scanPage(s, newScanCursor(t), 200), budget: 3 },
];

/** A session connected to every node, as the explorer's is after its first paint. */
export async function connectedSession(remote: RemoteCluster): Promise<{ session: ClusterSession; topology: Topology }> {
  const session = new ClusterSession(loadProfileFile(remote.profilePath), { password: remote.info.password });
  const topology = await discoverTopology(session);
  await Promise.all(topology.nodes.map(async (n) => (await session.node(address(n))).ping()));
  return { session, topology };
}

/** Round trips of one core call on a connected session. */
export async function countCore(remote: RemoteCluster, c: CoreCase, session: ClusterSession, topology: Topology): Promise<number> {
  remote.forwarder.resetCount();
  await c.run(session, topology);
  return remote.forwarder.roundTrips();
}
