// Readiness: cluster_state:ok everywhere, replicas linked, and every node's view of the topology identical.
// cluster_state:ok on one node is not enough: FAILOVER or rebalance sent earlier fail silently or half-way.
import { redisCliWithTimeout, ping } from './nodes';
import { sleep } from './proc';
import { HOST, type ClusterInfo } from './types';

export interface NodeEntry {
  id: string;
  port: number;
  flags: string[];
  role: 'master' | 'replica';
  masterId: string;
}

/** Parses CLUSTER NODES. Address looks like "127.0.0.1:7100@17100[,hostname]". */
export function parseClusterNodes(text: string): NodeEntry[] {
  const out: NodeEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const m = /:(\d+)@/.exec(f[1]);
    const flags = f[2].split(',');
    out.push({ id: f[0], port: m ? Number(m[1]) : 0, flags, role: flags.includes('slave') ? 'replica' : 'master', masterId: f[3] });
  }
  return out;
}

function field(info: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*)$`, 'm').exec(info);
  return m ? m[1].trim() : undefined;
}

/** One node's problems ([] when fine) and its topology signature. */
async function checkMember(info: ClusterInfo, port: number, callMs: number): Promise<{ problems: string[]; signature?: string }> {
  const who = `${HOST}:${port}`;
  try {
    const [ci, cn] = await Promise.all([
      redisCliWithTimeout(info, port, callMs, ['CLUSTER', 'INFO']),
      redisCliWithTimeout(info, port, callMs, ['CLUSTER', 'NODES']),
    ]);
    const problems: string[] = [];
    const state = field(ci, 'cluster_state');
    if (state !== 'ok') problems.push(`${who}: cluster_state:${state ?? '?'}`);
    const nodes = parseClusterNodes(cn);
    const me = nodes.find((n) => n.flags.includes('myself'));
    if (!me) problems.push(`${who}: CLUSTER NODES has no "myself" line`);
    else if (me.role === 'replica') {
      const link = field(await redisCliWithTimeout(info, port, callMs, ['INFO', 'replication']), 'master_link_status');
      if (link !== 'up') problems.push(`${who}: master_link_status:${link ?? '?'}`);
    }
    const bad = nodes.filter((n) => n.flags.some((x) => x === 'fail' || x === 'fail?' || x === 'handshake' || x === 'noaddr'));
    for (const n of bad) problems.push(`${who}: sees ${HOST}:${n.port} (${n.id.slice(0, 8)}) as ${n.flags.join(',')}`);
    const signature = nodes
      .map((n) => `${n.id} ${n.role} ${n.role === 'replica' ? n.masterId : '-'}`)
      .sort()
      .join('\n');
    return { problems, signature };
  } catch (e) {
    return { problems: [`${who}: ${(e as Error).message.split('\n')[0]}`] };
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Problems with the cluster right now; [] means ready. */
export async function readinessProblems(info: ClusterInfo, ports: number[], spares: number[], callMs: number): Promise<string[]> {
  // Each check spawns redis-cli; at 100 nodes, all at once starve each other past their timeouts.
  const [members, spareOk] = await Promise.all([
    mapLimited(ports, 12, (p) => checkMember(info, p, callMs)),
    mapLimited(spares, 4, (p) => ping(info, p, callMs)),
  ]);
  const problems = members.flatMap((m) => m.problems);
  spares.forEach((p, i) => {
    if (!spareOk[i]) problems.push(`${HOST}:${p} (spare): no PONG`);
  });
  const sigs = members.map((m) => m.signature);
  if (ports.length && sigs.every((s) => s !== undefined)) {
    const distinct = new Set(sigs);
    if (distinct.size > 1) {
      const groups = [...distinct].map((s) => ports.filter((_, i) => sigs[i] === s).join(','));
      problems.push(`CLUSTER NODES views disagree on ids/roles/masters between node groups [${groups.join('] [')}]`);
    } else {
      const count = (sigs[0] ?? '').split('\n').filter(Boolean).length;
      if (count < ports.length) problems.push(`CLUSTER NODES lists ${count} nodes, expected at least ${ports.length}`);
    }
  }
  return problems;
}

export async function waitForClusterReady(info: ClusterInfo, ports?: number[], timeoutMs = 60000): Promise<void> {
  const members = ports ?? info.ports;
  const spares = ports ? [] : info.sparePorts;
  const deadline = Date.now() + timeoutMs;
  let problems: string[] = [];
  for (;;) {
    const left = deadline - Date.now();
    problems = await readinessProblems(info, members, spares, Math.max(500, Math.min(5000, left)));
    if (process.env.REDIS_CLUSTER_DEBUG) console.error(`[wait ${info.dir}] ${problems.length ? problems.join('; ') : 'ready'}`);
    if (problems.length === 0) return;
    if (Date.now() + 200 >= deadline) break;
    await sleep(200);
  }
  const shown = problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; ... ${problems.length - 8} more` : '');
  throw new Error(`cluster in ${info.dir} not ready after ${timeoutMs} ms: ${shown}`);
}
