// Cluster health check, read-only: what `redis-cli --cluster check` reports, typed.
//
// Reports: slot coverage (unassigned slots), open slots (migrating/importing, as each node sees itself),
// config agreement across nodes (ids, roles, masters, slot owners), failing/pfail nodes, unreachable nodes,
// cluster_state per node, masters without replicas (warning), replicas whose master link is down.
//
// Public API:
//   checkCluster(session, opts?: { signal? }): Promise<CheckReport>
//   interface CheckReport { ok; problems: CheckProblem[]; openSlots: OpenSlotInfo[]; uncovered: SlotRange[]; ... }
//   formatCheck(report): string — readable text for the CLI and logs
import { agreementProblems, readAllViews } from '../../topology/agreement';
import { errorText, throwIfAborted } from '../../common/errors';
import { ownerMap } from '../plan/balance';
import type { ClusterSession } from '../../connection/session';
import { type SlotRange, compactSlots, countSlots, formatRanges, uncoveredSlots } from '../../topology/slots';
import { type OpenSlot, type Topology, address, discoverTopology } from '../../topology/topology';
import { replicaLinkStatus } from './lifecycle-util';
import { shortId } from '../../common/format';
import { masters, nodeById } from '../../topology/nodeLookup';

export type CheckKind =
  | 'state'
  | 'uncovered'
  | 'open-slot'
  | 'disagreement'
  | 'failing-node'
  | 'unreachable'
  | 'no-replica'
  | 'replica-link-down';

export interface CheckProblem {
  kind: CheckKind;
  /** Errors make the check fail; warnings are reported only. */
  severity: 'error' | 'warning';
  message: string;
  node?: string;
  slots?: SlotRange[];
  /** True when `fix` knows how to repair it. */
  fixable: boolean;
}

export interface OpenSlotInfo {
  slot: number;
  /** Master id owning the slot in the topology read, if any. */
  owner?: string;
  /** Masters that hold the slot's state: the migration's source and target. */
  migrating: { node: string; to: string }[];
  importing: { node: string; from: string }[];
  /**
   * Replicas' copies of their master's state. Valkey 8 replicates MIGRATING/IMPORTING to the replicas of both
   * masters; they are not further sources or targets, and they clear when the master's state is closed.
   */
  copies: ReplicaCopy[];
}

export interface ReplicaCopy {
  node: string;
  /** The replica's master, whose state this copies. */
  master?: string;
  state: 'migrating' | 'importing';
  peer: string;
}

export interface CheckReport {
  ok: boolean;
  problems: CheckProblem[];
  openSlots: OpenSlotInfo[];
  uncovered: SlotRange[];
  masters: number;
  replicas: number;
  /** Address the topology was read from. */
  source: string;
  checkedAt: number;
}

/** Open slots as each master reports itself (only its own line of CLUSTER NODES shows them). */
export function openSlotsOf(views: Awaited<ReturnType<typeof readAllViews>>, topo: Pick<Topology, 'nodes'>): OpenSlotInfo[] {
  const bySlot = new Map<number, OpenSlotInfo>();
  const owner = ownerMap(masters(topo));
  const get = (slot: number) => {
    let o = bySlot.get(slot);
    if (!o) bySlot.set(slot, (o = { slot, owner: owner.get(slot), migrating: [], importing: [], copies: [] }));
    return o;
  };
  for (const v of views) {
    const me = v.nodes?.find((n) => n.myself);
    if (!me) continue;
    if (me.role === 'replica') {
      const copy = (state: ReplicaCopy['state']) => (o: OpenSlot) =>
        get(o.slot).copies.push({ node: me.id, master: me.masterId, state, peer: o.peer });
      me.migrating.forEach(copy('migrating'));
      me.importing.forEach(copy('importing'));
      continue;
    }
    for (const m of me.migrating) get(m.slot).migrating.push({ node: me.id, to: m.peer });
    for (const i of me.importing) get(i.slot).importing.push({ node: me.id, from: i.peer });
  }
  return [...bySlot.values()].sort((a, b) => a.slot - b.slot);
}

export async function checkCluster(session: ClusterSession, opts: { signal?: AbortSignal } = {}): Promise<CheckReport> {
  // Every node's own view is read below, and open slots are taken from those.
  const topo = await discoverTopology(session, { openSlots: false });
  const views = await readAllViews(session, topo, { replicaLinks: true });
  throwIfAborted(opts.signal, 'during check');
  const problems: CheckProblem[] = [];
  const add = (p: CheckProblem) => problems.push(p);
  const label = (id: string) => {
    const n = nodeById(topo.nodes, id);
    return n ? `${address(n)} (${shortId(id)})` : shortId(id);
  };

  for (const v of views)
    if (v.error)
      add({
        kind: 'unreachable',
        severity: 'error',
        node: v.address,
        message: `${v.address}: cannot be read (${v.error})`,
        fixable: false,
      });
  const flagged = new Map<string, Set<string>>();
  for (const v of [{ nodes: topo.nodes }, ...views]) {
    for (const n of v.nodes ?? []) {
      for (const f of n.flags) if (f === 'fail' || f === 'fail?') flagged.set(n.id, (flagged.get(n.id) ?? new Set()).add(f));
    }
  }
  for (const [id, flags] of flagged) {
    add({
      kind: 'failing-node',
      severity: 'error',
      node: label(id),
      message: `${label(id)} is ${flags.has('fail') ? 'marked failing (fail)' : 'suspected failing (pfail) by some nodes'}`,
      fixable: false,
    });
  }
  for (const v of views) {
    if (v.info && v.info.state !== 'ok')
      add({ kind: 'state', severity: 'error', node: v.address, message: `${v.address}: cluster_state is ${v.info.state}`, fixable: false });
  }
  for (const msg of agreementProblems(views, { requireOk: false })) {
    if (/cannot read its view/.test(msg)) continue;
    add({ kind: 'disagreement', severity: 'error', message: msg, fixable: false });
  }

  const masterNodes = masters(topo);
  const uncovered = uncoveredSlots(masterNodes.flatMap((n) => n.slots));
  if (uncovered.length) {
    add({
      kind: 'uncovered',
      severity: 'error',
      slots: uncovered,
      message: `${countSlots(uncovered)} slot(s) have no owner: ${formatRanges(uncovered)}`,
      fixable: true,
    });
  }
  const openSlots = openSlotsOf(views, topo);
  for (const o of openSlots) add(openSlotProblem(o, label));

  const live = topo.nodes.filter((n) => !flagged.has(n.id) && !n.flags.includes('noaddr'));
  for (const m of masterNodes) {
    if (m.slots.length === 0 || flagged.has(m.id)) continue;
    if (!live.some((r) => r.role === 'replica' && r.masterId === m.id)) {
      add({
        kind: 'no-replica',
        severity: 'warning',
        node: label(m.id),
        message: `master ${label(m.id)} has no working replica: losing it loses slots ${formatRanges(m.slots)}`,
        fixable: false,
      });
    }
  }
  const viewOf = new Map(views.map((v) => [v.address, v]));
  await Promise.all(
    live
      .filter((n) => n.role === 'replica')
      .map(async (r) => {
        const status =
          viewOf.get(address(r))?.masterLink ??
          (await replicaLinkStatus(session, address(r)).catch((e: unknown) => `unreadable (${errorText(e)})`));
        if (status !== 'up') {
          add({
            kind: 'replica-link-down',
            severity: 'error',
            node: label(r.id),
            message: `replica ${label(r.id)}: master_link_status is ${status} (master ${r.masterId ? label(r.masterId) : 'unknown'})`,
            fixable: false,
          });
        }
      }),
  );

  return {
    ok: !problems.some((p) => p.severity === 'error'),
    problems,
    openSlots,
    uncovered,
    masters: masterNodes.length,
    replicas: topo.nodes.length - masterNodes.length,
    source: topo.source,
    checkedAt: Date.now(),
  };
}

/** One problem per open slot: the masters' states, with the replicas' copies named as copies. */
export function openSlotProblem(o: OpenSlotInfo, label: (id: string) => string): CheckProblem {
  const parts = [
    ...o.migrating.map((m) => `migrating on ${label(m.node)} to ${label(m.to)}`),
    ...o.importing.map((i) => `importing on ${label(i.node)} from ${label(i.from)}`),
  ];
  const copies = o.copies.length ? `replica copies on ${o.copies.map((c) => label(c.node)).join(', ')}` : '';
  if (!parts.length)
    return {
      kind: 'open-slot',
      severity: 'warning',
      slots: [[o.slot, o.slot]],
      message:
        `slot ${o.slot}: only ${copies} remain open, their masters have closed it; they clear when the master's ` +
        `state reaches them (if one stays, fail over to it or restart it)`,
      fixable: false,
    };
  return {
    kind: 'open-slot',
    severity: 'error',
    slots: [[o.slot, o.slot]],
    message: `slot ${o.slot} is open: ${parts.join('; ')}${copies ? ` (${copies}, which follow their masters)` : ''}`,
    fixable: true,
  };
}

export function formatCheck(r: CheckReport): string {
  const lines = [`${r.ok ? 'OK' : 'PROBLEMS FOUND'}: ${r.masters} masters, ${r.replicas} replicas (read from ${r.source})`];
  for (const p of r.problems) lines.push(`  [${p.severity}] ${p.message}${p.fixable ? '  (fix can repair this)' : ''}`);
  if (r.problems.length === 0) lines.push('  all 16384 slots covered, no open slot, all nodes agree, every replica linked');
  return lines.join('\n');
}

/** Slots in `open` as ranges, for messages. */
export function openSlotRanges(open: OpenSlotInfo[]): string {
  return formatRanges(compactSlots(open.map((o) => o.slot)));
}
