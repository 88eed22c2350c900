// Diagnose's one read of the cluster: every node reachable from the profile's seeds (and every node any view
// names) is probed in parallel, each within one deadline, with read-only commands only. A probe refused by ACL
// is recorded as denied and the rest goes on; a node that does not answer in time is recorded as unreachable.
import type Redis from 'ioredis';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../connection/connect';
import { withDeadline } from '../common/deadline';
import { errorText, NodeCommandError } from '../common/errors';
import { parseInfo } from '../monitoring/info';
import type { ClusterSession } from '../connection/session';
import { parseSlowlog } from '../monitoring/slowlog';
import { type ClusterNode, address, parseClusterInfo, parseClusterNodes } from '../topology/topology';
import { scanBigKeys } from './bigKeys';
import { judgePassword, parseAclLog, parseConfigReply, parseDefaultUser, parseLatencyLatest } from './parse';
import type { BigKeyScan, Gathered, NodeProbe, UserProbe } from './types';

export interface GatherOptions {
  /** Deadline of each node's probe (connect included). Default: the connect timeout. */
  timeoutMs?: number;
  /** Values at least this large are reported as big keys. Default 1 MiB. */
  bigKeyBytes?: number;
  /** Time budget of the sampled big-key scan (all masters scan in parallel). Default 1000 ms. */
  scanBudgetMs?: number;
  /** Keys sampled at most per master. Default: SCAN_TOTAL_KEYS shared out over the masters, at least 1000 each. */
  scanMaxKeys?: number;
  signal?: AbortSignal;
}

export const CONFIG_PARAMS = [
  'cluster-node-timeout',
  'maxmemory',
  'maxmemory-policy',
  'cluster-require-full-coverage',
  'cluster-allow-reads-when-down',
  'appendonly',
  'port',
  'tls-port',
  'tls-replication',
  'tls-cluster',
  'protected-mode',
  'latency-monitor-threshold',
];

/** Commands whose use by the profile's user the security rules report. */
export const DANGEROUS: string[][] = [
  ['FLUSHALL'],
  ['FLUSHDB'],
  ['DEBUG', 'SLEEP', '0'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
  ['SHUTDOWN'],
];

/** MEMORY USAGE is one command per key: on a large cluster the whole sample, not each master's, is what costs. */
export const SCAN_TOTAL_KEYS = 30000;

const isDenied = (e: Error | null | undefined) => !!e && /^NOPERM/.test(e.message);

type Step = [string, (p: ReturnType<Redis['pipeline']>) => void, (reply: unknown, probe: NodeProbe) => void];

const STEPS: Step[] = [
  ['CLUSTER NODES', (p) => p.call('CLUSTER', 'NODES'), (r, n) => (n.view = parseClusterNodes(String(r)))],
  ['CLUSTER INFO', (p) => p.call('CLUSTER', 'INFO'), (r, n) => (n.clusterInfo = parseClusterInfo(String(r)))],
  ['INFO', (p) => p.call('INFO'), (r, n) => (n.info = parseInfo(String(r)))],
  ['CONFIG GET', (p) => p.call('CONFIG', 'GET', ...CONFIG_PARAMS), (r, n) => (n.config = parseConfigReply(r))],
  ['LATENCY LATEST', (p) => p.call('LATENCY', 'LATEST'), (r, n) => (n.latency = parseLatencyLatest(r))],
  [
    'SLOWLOG GET',
    (p) => p.call('SLOWLOG', 'GET', 128),
    (r, n) => (n.slowlog = parseSlowlog(r, n.address, n.view?.find((x) => x.myself)?.id ?? '')),
  ],
  ['ACL LOG', (p) => p.call('ACL', 'LOG', 128), (r, n) => (n.aclLog = parseAclLog(r))],
  ['ACL GETUSER', (p) => p.call('ACL', 'GETUSER', 'default'), (r, n) => (n.defaultUser = parseDefaultUser(r))],
];

async function probe(session: ClusterSession, addr: string): Promise<NodeProbe> {
  const out: NodeProbe = { address: addr, reachable: false, denied: [], errors: [] };
  const client = await session.node(addr);
  const p = client.pipeline();
  for (const [, send] of STEPS) send(p);
  const results = (await p.exec()) ?? [];
  STEPS.forEach(([name, , read], i) => {
    const [err, reply] = results[i] ?? [new Error('no reply'), undefined];
    if (isDenied(err)) out.denied.push(name);
    else if (err) out.errors.push(`${name}: ${err.message}`);
    else read(reply, out);
  });
  if (out.latency?.length) {
    const hp = client.pipeline();
    for (const e of out.latency) hp.call('LATENCY', 'HISTORY', e.event);
    const hist = (await hp.exec()) ?? [];
    out.latency.forEach((e, i) => {
      const [err, v] = hist[i] ?? [];
      if (!err && Array.isArray(v)) e.samples = v.length;
    });
  }
  if (!out.view) throw new NodeCommandError(addr, out.errors.find((e) => e.startsWith('CLUSTER NODES')) ?? 'CLUSTER NODES was refused');
  // Failure reports only exist for nodes this node flags; asking for every id would be N² commands.
  const flagged = out.view.filter((n) => !n.myself && (n.flags.includes('fail') || n.flags.includes('fail?')));
  if (flagged.length) {
    const fp = client.pipeline();
    for (const n of flagged) fp.call('CLUSTER', 'COUNT-FAILURE-REPORTS', n.id);
    const reports = (await fp.exec()) ?? [];
    out.failureReports = {};
    flagged.forEach((n, i) => {
      const [e, v] = reports[i] ?? [];
      if (!e) (out.failureReports as Record<string, number>)[n.id] = Number(v);
    });
  }
  out.reachable = true;
  return out;
}

/** The addresses a view names that can be probed (not the node itself, not in handshake, with an address). */
function named(view: ClusterNode[]): string[] {
  return view.filter((n) => !n.myself && n.port > 0 && !n.flags.includes('handshake') && !n.flags.includes('noaddr')).map(address);
}

async function userProbe(client: Redis): Promise<UserProbe> {
  const username = String(await client.call('ACL', 'WHOAMI'));
  try {
    const p = client.pipeline();
    for (const cmd of DANGEROUS) p.call('ACL', 'DRYRUN', username, ...cmd);
    const res = (await p.exec()) ?? [];
    const denied = res.find(([e]) => e);
    if (denied?.[0]) return { username, allowed: [], error: denied[0].message };
    return { username, allowed: DANGEROUS.filter((_, i) => res[i]?.[1] === 'OK').map((c) => c[0]) };
  } catch (e) {
    return { username, allowed: [], error: errorText(e) };
  }
}

/** The best of two PING round trips per node, all nodes in parallel. */
async function timePings(session: ClusterSession, nodes: NodeProbe[], timeoutMs: number, signal?: AbortSignal): Promise<void> {
  await Promise.all(
    nodes.map(async (n) => {
      try {
        const client = await session.node(n.address);
        for (let i = 0; i < 2; i++) {
          const t0 = performance.now();
          await withDeadline(client.ping(), Math.min(timeoutMs, 1000), `${n.address}: PING`, signal);
          n.pingMs = Math.min(n.pingMs ?? Infinity, performance.now() - t0);
        }
      } catch (e) {
        n.errors.push(`PING: ${errorText(e)}`);
      }
    }),
  );
}

/** A seed given by another name (localhost vs 127.0.0.1) is the same node: keep the address the views use. */
function dedupe(all: NodeProbe[]): NodeProbe[] {
  const byId = new Map<string, NodeProbe>();
  const out: NodeProbe[] = [];
  for (const p of all) {
    const me = p.view?.find((n) => n.myself);
    if (!me) {
      out.push(p);
      continue;
    }
    const seen = byId.get(me.id);
    if (!seen || (seen.address !== address(me) && p.address === address(me))) byId.set(me.id, p);
  }
  const answered = new Set([...byId.values()].map((p) => p.address));
  return [...out.filter((p) => !answered.has(p.address)), ...byId.values()];
}

/** Reads everything the rules need; never throws for one node's failure (it becomes an unreachable probe). */
export async function gather(session: ClusterSession, opts: GatherOptions = {}): Promise<Gathered> {
  const startedAt = Date.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const limits = {
    timeoutMs,
    bigKeyBytes: opts.bigKeyBytes ?? 1024 * 1024,
    scanBudgetMs: opts.scanBudgetMs ?? 1000,
    scanMaxKeys: opts.scanMaxKeys ?? 0,
  };
  const probes = new Map<string, Promise<NodeProbe>>();
  const scans: Promise<BigKeyScan>[] = [];
  // A seed listed under another name (localhost vs 127.0.0.1) is probed twice but scanned once.
  const scanned = new Set<string>();
  let user: Promise<UserProbe> | undefined;
  const start = (addr: string): void => {
    if (probes.has(addr) || opts.signal?.aborted) return;
    const work = withDeadline(probe(session, addr), timeoutMs, `${addr}: probe`, opts.signal).catch(
      (e: unknown): NodeProbe => ({ address: addr, reachable: false, error: errorText(e), denied: [], errors: [] }),
    );
    probes.set(
      addr,
      work.then((p) => {
        // Each answer may name nodes no seed listed (another group of a split cluster): probe those too.
        for (const a of named(p.view ?? [])) start(a);
        const me = p.view?.find((n) => n.myself);
        if (!limits.scanMaxKeys && p.view) {
          const masters = p.view.filter((n) => n.role === 'master' && n.slots.length).length;
          limits.scanMaxKeys = Math.max(1000, Math.floor(SCAN_TOTAL_KEYS / Math.max(1, masters)));
        }
        if (me?.role === 'master' && !scanned.has(me.id)) {
          scanned.add(me.id);
          scans.push(scanBigKeys(session, addr, limits, opts.signal));
        }
        if (!user && p.reachable)
          user = session
            .node(addr)
            .then(userProbe)
            .catch((e: unknown) => ({ username: '?', allowed: [], error: errorText(e) }));
        return p;
      }),
    );
  };
  for (const seed of session.profile.nodes) start(seed);
  // Probes started while earlier ones settle join the map; wait until no new one appears.
  let settled = 0;
  while (settled < probes.size) {
    settled = probes.size;
    await Promise.all(probes.values());
  }
  const nodes = dedupe(await Promise.all(probes.values()));
  const bigKeys = await Promise.all(scans);
  // Timed once the probes and scans are over: during them, the client's own load would show as node latency.
  await timePings(
    session,
    nodes.filter((n) => n.reachable),
    timeoutMs,
    opts.signal,
  );
  const userResult = user
    ? await withDeadline(user, timeoutMs, 'ACL DRYRUN').catch((e: unknown) => ({ username: '?', allowed: [], error: errorText(e) }))
    : undefined;
  return {
    profile: {
      name: session.profile.name,
      username: session.profile.username ?? 'default',
      seeds: session.profile.nodes,
      tls: !!session.profile.tls,
    },
    nodes: nodes.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true })),
    user: userResult,
    password: judgePassword(session.credentials.password),
    bigKeys,
    limits,
    startedAt,
    elapsedMs: Date.now() - startedAt,
  };
}
