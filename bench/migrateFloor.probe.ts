// Measurement probe (not a benchmark): the floor of a dense reshard — only the MIGRATE work for 1000 slots ×
// 120 keys, with IMPORTING/MIGRATING/GETKEYSINSLOT done beforehand (untimed) — and the client/server CPU
// during our executor's moving phase on an identical fresh cluster.
//   npx tsx bench/migrateFloor.probe.ts   (ports: test/support/ports.ts, TEST_PORT_OFFSET)
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type Redis from 'ioredis';
import { type ClusterInfo, startCluster, stopCluster } from '../scripts/cluster';
import { pidPath } from '../scripts/cluster/nodes';
import { ClusterSession } from '../src/core/connection/session';
import { loadProfileFile } from '../src/core/profiles/profile';
import { discoverTopology } from '../src/core/topology/topology';
import { planReshard } from '../src/core/admin/plan/reshard';
import { executePlan } from '../src/core/admin/ops/migrate';
import { keysForSlots, writeKeys } from '../test/support/migrateData';
import { basePort } from '../test/support/ports';

const BASE = basePort('benchMigrate');
const SLOTS = Array.from({ length: 1000 }, (_, s) => s);
const CHUNK = Number(process.env.FLOOR_CHUNK ?? 1000);

function serverCpuMs(info: ClusterInfo): Map<number, number> {
  const out = new Map<number, number>();
  for (const port of info.ports) {
    const pid = Number(readFileSync(pidPath(info.dir, port), 'utf8').trim());
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    out.set(port, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
  }
  return out;
}
const cpuDiff = (a: Map<number, number>, b: Map<number, number>) =>
  [...b].map(([p, v]) => `${p}:${Math.round(v - (a.get(p) ?? 0))}`).join(' ');

async function setup(): Promise<{ info: ClusterInfo; session: ClusterSession; ids: string[]; addrs: string[] }> {
  const info = await startCluster({ basePort: BASE, dir: `/tmp/rc-bench-floor-${BASE}` });
  const session = new ClusterSession(loadProfileFile(info.profilePath), { password: info.password });
  await writeKeys(session, keysForSlots('d', SLOTS, 120));
  const topo = await discoverTopology(session);
  const ms = info.ports.slice(0, 2).map((p) => topo.nodes.find((n) => n.port === p));
  return { info, session, ids: ms.map((n) => n?.id ?? ''), addrs: ms.map((n) => `${n?.host}:${n?.port}`) };
}

async function pipe(c: Redis, cmds: (string | number | Buffer)[][]): Promise<[Error | null, unknown][]> {
  const p = c.pipeline();
  for (const [n, ...a] of cmds) p.callBuffer(String(n), ...a);
  return ((await p.exec()) ?? []) as [Error | null, unknown][];
}

async function floor(): Promise<void> {
  const { info, session, ids, addrs } = await setup();
  try {
    const [src, dst] = await Promise.all(addrs.map((a) => session.node(a)));
    await pipe(
      dst,
      SLOTS.map((s) => ['CLUSTER', 'SETSLOT', s, 'IMPORTING', ids[0]]),
    );
    await pipe(
      src,
      SLOTS.map((s) => ['CLUSTER', 'SETSLOT', s, 'MIGRATING', ids[1]]),
    );
    const keys = (
      await pipe(
        src,
        SLOTS.map((s) => ['CLUSTER', 'GETKEYSINSLOT', s, 1000]),
      )
    ).map(([, r]) => r as Buffer[]);
    const host = addrs[1].split(':')[0];
    const port = Number(addrs[1].split(':')[1]);
    const cmds = keys.map((k) => ['MIGRATE', host, port, '', 0, 10000, 'AUTH', info.password, 'KEYS', ...k]);
    const s0 = serverCpuMs(info);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < cmds.length; i += CHUNK) {
      const r = await pipe(src, cmds.slice(i, i + CHUNK));
      const bad = r.filter(([e]) => e);
      if (bad.length) throw new Error(`MIGRATE failed: ${bad[0][0]?.message}`);
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log(
      `FLOOR (chunk ${CHUNK}): MIGRATE of ${keys.reduce((a, k) => a + k.length, 0)} keys in ${cmds.length} cmds: ` +
        `${ms.toFixed(0)} ms wall, client CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; ` +
        `server CPU ms ${cpuDiff(s0, serverCpuMs(info))}`,
    );
  } finally {
    await session.close();
    await stopCluster(info);
  }
}

async function executor(): Promise<void> {
  const insp = new Session();
  const { info, session, ids } = await setup();
  try {
    const plan = planReshard(await discoverTopology(session), { from: [ids[0]], to: ids[1], slots: 1000 });
    let c0: NodeJS.CpuUsage | undefined;
    let s0 = new Map<number, number>();
    let t0 = 0;
    let last = '';
    const t = performance.now();
    await executePlan(session, plan, {
      onProgress: (p) => {
        if (process.env.PROBE_MSG && p.phase === 'moving') console.log(`  ${Math.round(performance.now() - t)} ms: ${p.message}`);
        if (p.phase === last) return;
        if (p.phase === 'moving') {
          if (process.env.PROBE_PROF) {
            insp.connect();
            insp.post('Profiler.enable', () => insp.post('Profiler.start'));
          }
          c0 = process.cpuUsage();
          s0 = serverCpuMs(info);
          t0 = performance.now();
        } else if (last === 'moving' && c0) {
          const cpu = process.cpuUsage(c0);
          if (process.env.PROBE_PROF)
            insp.post('Profiler.stop', (_e, r) => writeFileSync(process.env.PROBE_PROF ?? '', JSON.stringify(r.profile)));
          console.log(
            `EXECUTOR moving phase: ${(performance.now() - t0).toFixed(0)} ms wall, ` +
              `client CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (user ${(cpu.user / 1000).toFixed(0)}); ` +
              `server CPU ms ${cpuDiff(s0, serverCpuMs(info))}`,
          );
        }
        last = p.phase;
      },
    });
    console.log(`EXECUTOR total ${(performance.now() - t).toFixed(0)} ms`);
  } finally {
    await session.close();
    await stopCluster(info);
  }
}

(async () => {
  if (process.env.PROBE !== 'exec') await floor();
  if (process.env.PROBE !== 'floor') await executor();
})().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
