import { loadClusterInfo } from '../scripts/cluster';
import { ClusterSession } from '../src/core/connection/session';
import { loadProfileFile } from '../src/core/profiles/profile';
import { discoverTopology } from '../src/core/topology/topology';
async function main() {
  const info = loadClusterInfo('/tmp/redis-cluster-31720');
  const s = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  const orig = (s as any).pool.bind(s);
  (s as any).pool = (c: any, hp: any) => { console.log('pool', hp, c.status); c.on('end', () => console.log('end', hp)); return orig(c, hp); };
  const t = await discoverTopology(s);
  console.log(t.nodes.length, [...(s as any).nodes.keys()]);
  await s.close();
}
main();
