// Round trips of whole CLI processes through a DelayForwarder: the same commands the network bench times and the
// CI test counts, so the budget in bench/README.md is held by both.
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
