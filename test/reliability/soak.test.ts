// The 3-minute soak (bench/soak.bench.ts runs the hour): a poll every second through LinkWatch against a remote
// 3+3 cluster (RTT 20 ms), a failover every minute, a link drop (paused, then killed, then back) at 1:30.
// Heap after GC grows less than 20 MB, connections stay bounded by the nodes (one pooled + one routed each), nothing is left unhandled,
// the log gets one line per link transition, and every drop heals by itself.
import { strict as assert } from 'node:assert';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';
import { type RemoteCluster, remoteCluster } from '../support/remoteCluster';
import { soak } from '../support/soak';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);

describe('soak: 3 minutes open against a remote cluster that fails over and drops', function () {
  this.timeout((MINUTES + 3) * 60_000);
  const cluster = privateCluster({ basePort: basePort('remoteSoak') });
  let remote: RemoteCluster | undefined;

  before(async () => {
    remote = await remoteCluster(cluster(), basePort('remoteSoak') + 10, 10);
  });

  after(async () => {
    await remote?.stop();
  });

  it('stays bounded and heals by itself', async () => {
    const r = await soak(remote!, {
      durationMs: MINUTES * 60_000,
      pollMs: 1000,
      failoverEveryMs: 60_000,
      dropEveryMs: 90_000,
      dropMs: 6000,
    });
    const summary = JSON.stringify(r);
    assert.ok(r.failovers >= 1 && r.drops >= 1, summary);
    assert.deepEqual(r.unhandled, [], summary);
    assert.ok(r.heapEndMb - r.heapStartMb <= 20, `heap grew ${(r.heapEndMb - r.heapStartMb).toFixed(1)} MB: ${summary}`);
    // Bounded by the nodes, not by time: one pooled connection per node, plus the routed client's (the failover's
    // admin work opens it, and it follows the masters as they change). 6 nodes: never more than 12.
    assert.ok(
      r.linksEnd <= 12 && r.linksMax <= 12,
      `connections ${r.linksStart} -> ${r.linksSteady} -> ${r.linksEnd}, max ${r.linksMax}: ${summary}`,
    );
    assert.ok(r.logLines <= 2 * r.drops + 2, `${r.logLines} link transitions for ${r.drops} drops: ${summary}`);
    assert.ok(r.worstRecoveryMs < 5000, `a drop took ${r.worstRecoveryMs} ms to heal: ${summary}`);
  });
});
