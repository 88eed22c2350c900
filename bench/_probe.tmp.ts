import { loadClusterInfo } from '../scripts/cluster';
import { remoteCluster } from '../test/support/remoteCluster';
import { CLI_CASES, countCli } from '../test/support/roundTrips';
import { ClusterSession } from '../src/core/connection/session';
import { loadProfileFile } from '../src/core/profiles/profile';
import { namespacedKeys, seedKeys } from '../test/support/seedKeys';
import { runCli } from '../test/support/cli';
async function main() {
  const info = loadClusterInfo('/tmp/redis-cluster-31720');
  if (process.env.SEED) {
    const s = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
    await seedKeys(s, [...namespacedKeys('k', 100000), 'remote:probe']);
    await s.close();
  }
  const remote = await remoteCluster(info, 31730, 10);
  try {
    for (const delay of (process.env.DELAYS ?? '10').split(',').map(Number)) {
      remote.setDelay(delay);
      for (const c of CLI_CASES) {
        if (process.env.ONLY && !c.name.startsWith(process.env.ONLY)) continue;
        const r = await countCli(remote, c, info.env);
        if (process.env.DELAY_FORWARDER_TRACE) console.log(remote.forwarder.trace.join('\n'));
        console.log(`delay ${delay} ${c.name}: rt=${r.roundTrips} ms=${r.ms} code=${r.code} ${process.env.V || r.code ? r.stderr.slice(0, 600) : ''}`);
      }
      if (process.env.ARGS) {
        remote.forwarder.resetCount();
        const r = await runCli([...process.env.ARGS.split(' '), '--profile', remote.profilePath], info.env);
        console.log(r.stdout.slice(0, 1500), r.stderr.slice(0, 800), 'rt=', remote.forwarder.roundTrips(), r.ms);
      }
    }
  } finally {
    await remote.stop();
  }
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
