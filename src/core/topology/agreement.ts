// Whether every node sees the same cluster. One node's `cluster_state:ok` is not enough: admin work
// started before all nodes agree on ids, roles, masters and slot owners fails in confusing ways.
import { errorText, RedisClusterError, throwIfAborted } from '../common/errors';
import type { ClusterSession } from '../connection/session';
import { type ClusterInfo, type ClusterNode, type Topology, address, parseClusterInfo, parseClusterNodes } from './topology';

export interface NodeView {
  address: string;
  nodes?: ClusterNode[];
  info?: ClusterInfo;
  /** master_link_status, read only for replicas and only when asked for (readAllViews' replicaLinks). */
  masterLink?: string;
  error?: string;
}

export interface ReadViewsOptions {
  /** Also read each replica's master_link_status, in the same round trip as its view. */
  replicaLinks?: boolean;
}

/** CLUSTER NODES + CLUSTER INFO from each reachable node of `topo`, in parallel. Failing/addressless nodes are skipped. */
export function readAllViews(session: ClusterSession, topo: Topology, opts: ReadViewsOptions = {}): Promise<NodeView[]> {
  const targets = topo.nodes.filter((n) => n.port > 0 && !n.flags.includes('noaddr') && !n.flags.includes('fail'));
  const replicas = new Set(opts.replicaLinks ? targets.filter((n) => n.role === 'replica').map(address) : []);
  return readViewsOf(session, targets.map(address), replicas);
}

/** CLUSTER NODES + CLUSTER INFO of each address, in parallel and in the given order; failures become `error`. */
export function readViewsOf(session: ClusterSession, addresses: string[], linksOf: ReadonlySet<string> = new Set()): Promise<NodeView[]> {
  return Promise.all(
    addresses.map(async (addr): Promise<NodeView> => {
      try {
        const client = await session.node(addr);
        // One pipeline, so one write per node: at 100 nodes the writes cost more than the commands.
        const batch = client.pipeline().cluster('NODES').cluster('INFO');
        if (linksOf.has(addr)) batch.info('replication');
        const [nodesText, infoText, linkText] = ((await batch.exec()) ?? []).map(([err, reply]) => {
          if (err) throw err;
          return reply;
        });
        const view: NodeView = { address: addr, nodes: parseClusterNodes(String(nodesText)), info: parseClusterInfo(String(infoText)) };
        if (linkText !== undefined) view.masterLink = /^master_link_status:(\S+)/m.exec(String(linkText))?.[1] ?? 'unknown';
        return view;
      } catch (e) {
        return { address: addr, error: errorText(e) };
      }
    }),
  );
}

/** A canonical line per node: what every node must agree on. Slots as a flat list (a check compares 100 of 100). */
export function signature(nodes: ClusterNode[]): string {
  return nodes
    .filter((n) => !n.flags.includes('handshake'))
    .map((n) => `${n.id} ${n.role} ${n.masterId ?? '-'} ${n.slots.join(',')}`)
    .sort()
    .join('\n');
}

/** Problems that keep the cluster from being "settled"; empty when all nodes agree and are ok. */
export function agreementProblems(views: NodeView[], opts: { requireOk?: boolean } = {}): string[] {
  const problems: string[] = [];
  const readable = views.filter((v) => v.nodes);
  for (const v of views) if (v.error) problems.push(`${v.address}: cannot read its view (${v.error})`);
  if (opts.requireOk !== false) {
    for (const v of readable) if (v.info && v.info.state !== 'ok') problems.push(`${v.address}: cluster_state is ${v.info.state}`);
  }
  const signatures = new Map<string, string[]>();
  for (const v of readable) {
    const sig = signature(v.nodes ?? []);
    const group = signatures.get(sig);
    if (group) group.push(v.address);
    else signatures.set(sig, [v.address]);
  }
  if (signatures.size > 1) {
    const groups = [...signatures.values()].map((g) => g.join(', '));
    problems.push(`nodes disagree on the configuration: ${groups.map((g) => `[${g}]`).join(' vs ')}`);
  }
  for (const v of readable) {
    for (const n of v.nodes ?? []) {
      if (n.flags.includes('handshake')) problems.push(`${v.address}: still in handshake with ${address(n)}`);
    }
  }
  return problems;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** When set, the pause doubles after each miss, from intervalMs up to this. */
  maxIntervalMs?: number;
  signal?: AbortSignal;
  what?: string;
}

/**
 * The nodes did not reach the awaited state in time. The hint is not appended to the message: callers quote the
 * message inside their own, which says what to do for that operation.
 */
export class AgreementTimeoutError extends RedisClusterError {
  override name = 'AgreementTimeoutError';
  constructor(message: string) {
    super('deadline', message, 'Run check to see which nodes disagree; gossip may still settle it within a few seconds');
  }
}

/** Polls `check` (which returns a reason while not done) until it returns undefined; bounded by timeout and signal. */
export async function waitUntil(check: () => Promise<string | undefined>, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let reason: string | undefined = 'not checked yet';
  let pause = opts.intervalMs ?? 100;
  while (Date.now() < deadline) {
    throwIfAborted(opts.signal, `while waiting for ${opts.what ?? 'the cluster'}: ${reason}`);
    reason = await check().catch((e) => errorText(e));
    if (reason === undefined) return;
    await new Promise((r) => setTimeout(r, pause));
    if (opts.maxIntervalMs) pause = Math.min(opts.maxIntervalMs, pause * 2);
  }
  throw new AgreementTimeoutError(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what ?? 'the cluster'}: ${reason}`);
}
