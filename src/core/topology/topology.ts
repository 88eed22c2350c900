// Topology discovery: CLUSTER SHARDS (7.0+) for shard grouping, offsets and health, CLUSTER NODES for flags,
// links and open (migrating/importing) slots, CLUSTER INFO for the cluster-level state.
// Falls back to CLUSTER NODES alone on servers without CLUSTER SHARDS.
import type Redis from 'ioredis';
import { DeadlineError, withDeadline } from '../common/deadline';
import { NodeCommandError, RedisClusterError, classifyError } from '../common/errors';
import { address } from '../common/format';
import { parseInfo } from '../monitoring/info';
import { checkAnnouncedReachable } from './announcedCheck';
import { takeView } from '../connection/firstView';
import type { ClusterSession } from '../connection/session';
import { type SlotRange, mergeRanges } from './slots';

// Re-exported for callers that read topologies; defined once in format.ts and nodeLookup.ts.
export { address } from '../common/format';
export { masters } from './nodeLookup';
import { resolveNode } from './nodeLookup';

/** A node reference (id, id prefix or host:port) that names no node, or several; the message says which. */
export class UnknownNodeError extends RedisClusterError {
  override name = 'UnknownNodeError';
  constructor(message: string) {
    super('unknown-node', message, 'Refresh the topology and give a node it lists (id, id prefix or host:port)');
  }
}

/** Like resolveNode, but throws the explanation as UnknownNodeError. */
export function findNode<T extends { id: string; host: string; port: number; role: string }>(t: { nodes: readonly T[] }, ref: string): T {
  const r = resolveNode(t.nodes, ref);
  if ('error' in r) throw new UnknownNodeError(r.error);
  return r.node;
}

export type NodeRole = 'master' | 'replica';

export interface OpenSlot {
  slot: number;
  /** Peer node id: the migration target for a migrating slot, the source for an importing slot. */
  peer: string;
}

export interface ClusterNode {
  id: string;
  host: string;
  port: number;
  cport: number;
  hostname?: string;
  role: NodeRole;
  masterId?: string;
  flags: string[];
  myself: boolean;
  linkState: 'connected' | 'disconnected';
  configEpoch: number;
  slots: SlotRange[];
  migrating: OpenSlot[];
  importing: OpenSlot[];
  replicationOffset?: number;
  health?: string;
}

export interface ClusterInfo {
  state: string;
  slotsAssigned: number;
  slotsOk: number;
  slotsPfail: number;
  slotsFail: number;
  knownNodes: number;
  size: number;
  currentEpoch: number;
  myEpoch: number;
  raw: Record<string, string>;
}

export interface Shard {
  /** Stable key: the master id, or the id of the first node when the shard has lost its master. */
  id: string;
  master?: ClusterNode;
  replicas: ClusterNode[];
  slots: SlotRange[];
}

export interface Topology {
  /** The node the view was read from. */
  source: string;
  nodes: ClusterNode[];
  shards: Shard[];
  info: ClusterInfo;
  fetchedAt: number;
  usedShardsCommand: boolean;
}

export const FAILING_FLAGS = ['fail', 'fail?', 'handshake', 'noaddr', 'nofailover'] as const;

export function isFailing(n: ClusterNode): boolean {
  return n.flags.includes('fail') || n.flags.includes('fail?');
}

export function parseClusterInfo(text: string): ClusterInfo {
  const raw = parseInfo(text);
  const num = (k: string) => Number(raw[k] ?? 0);
  return {
    state: raw.cluster_state ?? 'unknown',
    slotsAssigned: num('cluster_slots_assigned'),
    slotsOk: num('cluster_slots_ok'),
    slotsPfail: num('cluster_slots_pfail'),
    slotsFail: num('cluster_slots_fail'),
    knownNodes: num('cluster_known_nodes'),
    size: num('cluster_size'),
    currentEpoch: num('cluster_current_epoch'),
    myEpoch: num('cluster_my_epoch'),
    raw,
  };
}

/** Parses one `CLUSTER NODES` reply. Hand-rolled: a check parses one reply per node, 100 lines each at 100 nodes. */
export function parseClusterNodes(text: string): ClusterNode[] {
  const out: ClusterNode[] = [];
  for (const raw of text.split('\n')) {
    const node = parseNodeLine(raw.trim());
    if (node) out.push(node);
  }
  return out;
}

/** `ip:port@cport[,hostname]`; host '' and ports 0 when it does not parse (a node without address). */
function parseAddress(addr: string): { host: string; port: number; cport: number; hostname?: string } {
  const at = addr.indexOf('@');
  const colon = at < 0 ? -1 : addr.lastIndexOf(':', at);
  const comma = at < 0 ? -1 : addr.indexOf(',', at);
  const port = addr.slice(colon + 1, at);
  const cport = addr.slice(at + 1, comma < 0 ? addr.length : comma);
  if (colon < 0 || !DIGITS.test(port) || !DIGITS.test(cport)) return { host: '', port: 0, cport: 0 };
  const hostname = comma < 0 ? '' : addr.slice(comma + 1);
  return { host: addr.slice(0, colon), port: Number(port), cport: Number(cport), hostname: hostname || undefined };
}

const DIGITS = /^\d+$/;
const OPEN_SLOT = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/;

function parseNodeLine(line: string): ClusterNode | undefined {
  if (!line) return undefined;
  const fields = line.split(' ');
  const [id, addr = '', flagText = '', master, , , epoch, link] = fields;
  const { host, port, cport, hostname } = parseAddress(addr);
  let isMaster = false;
  let myself = false;
  const flags: string[] = [];
  for (const f of flagText.split(',')) {
    if (f === 'master') isMaster = true;
    else if (f === 'myself') myself = true;
    else if (f && f !== 'slave' && f !== 'noflags') flags.push(f);
  }
  const node: ClusterNode = {
    id,
    host,
    port,
    cport,
    hostname,
    role: isMaster ? 'master' : 'replica',
    masterId: master !== '-' ? master : undefined,
    flags,
    myself,
    linkState: link === 'connected' ? 'connected' : 'disconnected',
    configEpoch: Number(epoch),
    slots: [],
    migrating: [],
    importing: [],
  };
  let ordered = true;
  for (let i = 8; i < fields.length; i++) {
    const f = fields[i];
    if (f.startsWith('[')) {
      const open = OPEN_SLOT.exec(f);
      if (open) (open[2] === '>' ? node.migrating : node.importing).push({ slot: Number(open[1]), peer: open[3] });
      continue;
    }
    const dash = f.indexOf('-');
    const a = Number(dash < 0 ? f : f.slice(0, dash));
    const b = dash < 0 ? a : Number(f.slice(dash + 1));
    const last = node.slots[node.slots.length - 1];
    if (last && !(a > last[1] + 1)) ordered = false;
    node.slots.push([a, b]);
  }
  // Servers list ranges sorted and merged; anything else (hand-written input) goes through the general merge.
  if (!ordered) node.slots = mergeRanges(node.slots);
  return node;
}

type ShardReply = Array<string | number | unknown[]>;

function pairs(list: unknown[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i + 1 < list.length; i += 2) m.set(String(list[i]), list[i + 1]);
  return m;
}

interface ShardNodeFacts {
  id: string;
  hostname?: string;
  offset?: number;
  health?: string;
}

/** Parses a RESP2 `CLUSTER SHARDS` reply into node ids per shard, with offsets and health. */
export function parseClusterShards(reply: unknown): ShardNodeFacts[][] {
  if (!Array.isArray(reply)) return [];
  return (reply as ShardReply[]).map((shard) => {
    const nodes = (pairs(shard).get('nodes') as unknown[][] | undefined) ?? [];
    return nodes.map((n) => {
      const p = pairs(n);
      return {
        id: String(p.get('id')),
        offset: p.has('replication-offset') ? Number(p.get('replication-offset')) : undefined,
        health: p.has('health') ? String(p.get('health')) : undefined,
        ...(p.get('hostname') ? { hostname: String(p.get('hostname')) } : {}),
      };
    });
  });
}

/** Groups nodes into shards by master; orphaned replicas (master unknown) get a shard of their own. */
export function buildShards(nodes: ClusterNode[]): Shard[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const shards = new Map<string, Shard>();
  for (const n of nodes) {
    if (n.role === 'master') shards.set(n.id, { id: n.id, master: n, replicas: [], slots: n.slots });
  }
  for (const n of nodes) {
    if (n.role !== 'replica') continue;
    const key = n.masterId && byId.has(n.masterId) ? n.masterId : `orphan:${n.id}`;
    let shard = shards.get(key);
    if (!shard) shards.set(key, (shard = { id: n.masterId ?? n.id, replicas: [], slots: [] }));
    shard.replicas.push(n);
  }
  // Empty masters that are not failing still form shards (e.g. a freshly added node).
  return [...shards.values()].sort((a, b) => (a.slots[0]?.[0] ?? 1e9) - (b.slots[0]?.[0] ?? 1e9) || a.id.localeCompare(b.id));
}

/** Reads the topology from one node's point of view. */
export async function readTopologyFrom(client: Redis, source: string): Promise<Topology> {
  const results = await (takeView(client) ?? client.pipeline().cluster('INFO').cluster('NODES').call('CLUSTER', 'SHARDS').exec());
  if (!results) throw new NodeCommandError(source, 'no reply to CLUSTER INFO/NODES');
  const [[infoErr, infoText], [nodesErr, nodesText], [shardsErr, shardsReply]] = results;
  if (infoErr) throw infoErr;
  if (nodesErr) throw nodesErr;
  const nodes = parseClusterNodes(String(nodesText));
  const usedShardsCommand = !shardsErr;
  if (!shardsErr) {
    const facts = new Map(
      parseClusterShards(shardsReply)
        .flat()
        .map((f) => [f.id, f]),
    );
    for (const n of nodes) {
      const f = facts.get(n.id);
      if (f) {
        n.replicationOffset = f.offset;
        n.health = f.health;
        n.hostname ??= f.hostname;
      }
    }
  }
  return {
    source,
    nodes,
    shards: buildShards(nodes),
    info: parseClusterInfo(String(infoText)),
    fetchedAt: Date.now(),
    usedShardsCommand,
  };
}

/**
 * A pooled node that froze (DEBUG SLEEP, a long script, a stalled host) still looks connected. Each pooled node
 * gets this long to answer before the next one is asked, so one frozen node cannot hold every topology read
 * (and the explorer's refresh) for as long as it stays frozen. Healthy nodes answer in milliseconds.
 */
const SEED_DEADLINE_MS = 2000;
const SEED_ATTEMPTS = 3;

export interface DiscoverOptions {
  /**
   * Ask every other master for its own line, where alone its open slots show (default true). Callers that read
   * every node's view anyway (check) pass false rather than read the masters twice.
   */
  openSlots?: boolean;
}

/** Reads the topology through any seed that answers; survives seeds being down or frozen. */
export async function discoverTopology(session: ClusterSession, opts: DiscoverOptions = {}): Promise<Topology> {
  const slow = new Set<string>();
  for (;;) {
    const { client, address: source } = await session.anySeed(slow);
    let topo: Topology;
    try {
      topo = await withDeadline(readTopologyFrom(client, source), SEED_DEADLINE_MS, `${source}: CLUSTER INFO/NODES/SHARDS`);
    } catch (e) {
      if (e instanceof DeadlineError && slow.size + 1 < SEED_ATTEMPTS) {
        slow.add(source);
        continue;
      }
      session.forget(source);
      throw classifyError(e, source, { tls: !!session.profile.tls });
    }
    session.learnHostnames(topo.nodes);
    await checkAnnouncedReachable(session, topo.nodes, source);
    if (opts.openSlots !== false) await addOpenSlots(session, topo);
    return topo;
  }
}

/**
 * A node lists its migrating/importing slots only in its own line of CLUSTER NODES, so the seed's view
 * shows no open slot of the other masters. Ask each of them, briefly: a slow or unreachable one keeps the
 * seed's view rather than holding the whole topology read.
 */
const OPEN_SLOTS_DEADLINE_MS = 1500;

async function addOpenSlots(session: ClusterSession, topo: Topology): Promise<void> {
  const others = topo.nodes.filter((n) => n.role === 'master' && !n.myself && n.port > 0 && !isFailing(n) && !n.flags.includes('noaddr'));
  await Promise.all(
    others.map(async (n) => {
      try {
        // A seed connected beside the one read from has its own view already (firstView.ts).
        const read = session.node(address(n)).then(async (client) => {
          const early = await takeView(client);
          return early?.[1]?.[0] === null ? early[1][1] : client.cluster('NODES');
        });
        const own = parseClusterNodes(String(await withDeadline(read, OPEN_SLOTS_DEADLINE_MS, `${address(n)}: CLUSTER NODES`))).find(
          (x) => x.myself,
        );
        if (own) {
          n.migrating = own.migrating;
          n.importing = own.importing;
        }
      } catch {
        // Unreachable right now: the topology still stands; health flags come from the seed's view.
      }
    }),
  );
}
