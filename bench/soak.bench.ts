// Days open, in an hour: a poll every second (tree and dashboard), a failover every 5 minutes, a link drop every
// 10 (paused, then killed, then back), against a 3+3 TLS cluster at RTT 20 ms. Prints heap after GC, open
// connections, unhandled rejections and log lines. Not in CI (test/reliability/soak.test.ts runs 3 minutes).
// Run: npx tsx bench/soak.bench.ts (or npm run bench -- soak)   Knobs: SOAK_MINUTES=60
import { startCluster, stopCluster } from '../scripts/cluster';
import { basePort } from '../test/support/ports';
import { remoteCluster } from '../test/support/remoteCluster';
import { soak } from '../test/support/soak';
import { runBench } from './support';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60);

runBench(async () => {
  const info = await startCluster({ basePort: basePort('remoteSoak') });
  const remote = await remoteCluster(info, basePort('remoteSoak') + 10, 10);
  try {
    let lastPrint = 0;
    const r = await soak(remote, {
      durationMs: MINUTES * 60_000,
      pollMs: 1000,
      failoverEveryMs: 5 * 60_000,
      dropEveryMs: 10 * 60_000,
      dropMs: 10_000,
      onSample: (s) => {
        if (s.atMs - lastPrint < 60_000) return;
        lastPrint = s.atMs;
        console.log(`${(s.atMs / 60_000).toFixed(0)} min: heap ${s.heapMb.toFixed(1)} MB, ${s.links} connections, link ${s.state}`);
      },
    });
    console.log(JSON.stringify(r, null, 2));
    const grew = r.heapEndMb - r.heapStartMb;
    const ok = grew <= 20 && r.unhandled.length === 0 && r.linksMax <= 12;
    console.log(
      `heap growth after GC ${grew.toFixed(1)} MB (goal ≤ 20), ` +
        `connections ${r.linksStart} -> ${r.linksSteady} -> ${r.linksEnd} (max ${r.linksMax}, bound 12), ` +
        `unhandled ${r.unhandled.length}, log lines ${r.logLines}, worst recovery ${r.worstRecoveryMs} ms: ${ok ? 'OK' : 'FAILED'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await remote.stop();
    await stopCluster(info);
  }
});
