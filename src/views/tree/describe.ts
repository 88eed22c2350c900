// What each tree item says, as plain functions of the topology and node figures (no vscode import), so the
// wording is unit-tested without an editor. Node health itself is src/core/topology/nodeHealth.ts.
import { nodeHealth } from '../../core/topology/nodeHealth';
import { type NodeStats, replicaLag } from '../../core/monitoring/nodeStats';
import { type SlotRange, countSlots, formatRanges, uncoveredSlots } from '../../core/topology/slots';
import { type ClusterInfo, type ClusterNode, type Shard, type Topology, address, masters } from '../../core/topology/topology';
import { formatBytes, shortId } from '../../core/common/format';
import * as l10n from '@vscode/l10n';

/** Compacted ranges, capped so a fragmented master does not flood the line: "0-5460" or "0-99,200-299 +3 more". */
export function compactRanges(ranges: SlotRange[], max = 3): string {
  if (ranges.length === 0) return l10n.t('no slots');
  if (ranges.length <= max) return formatRanges(ranges);
  return l10n.t('{0} +{1} more', formatRanges(ranges.slice(0, max)), ranges.length - max);
}

function keysText(stats: NodeStats | undefined): string | undefined {
  if (stats?.keys === undefined) return undefined;
  const n = stats.keys.toLocaleString('en-US');
  return stats.keys === 1 ? l10n.t('{0} key', n) : l10n.t('{0} keys', n);
}

/** Flags worth showing (role and myself are implied by the tree). */
export function flagText(n: ClusterNode): string | undefined {
  return n.flags.length ? n.flags.join(',') : undefined;
}

export interface StatsView {
  stats?: NodeStats;
  /** A read is under way and no figures have arrived yet. */
  loading: boolean;
}

export function masterDescription(n: ClusterNode, s: StatsView, replicaCount: number): string {
  const parts = [shortId(n.id), compactRanges(n.slots)];
  if (s.stats?.error) parts.push(l10n.t('not answering'));
  else if (s.stats) parts.push(keysText(s.stats) ?? '', formatBytes(s.stats.usedMemory));
  else if (s.loading) parts.push(l10n.t('loading…'));
  const flags = flagText(n);
  if (flags) parts.push(flags);
  if (replicaCount === 0 && n.slots.length > 0) parts.push(l10n.t('no replica'));
  return parts.filter(Boolean).join(' · ');
}

export function replicaDescription(n: ClusterNode, self: StatsView, master: NodeStats | undefined): string {
  const parts = [shortId(n.id)];
  const repl = self.stats?.replication;
  if (self.stats?.error) parts.push(l10n.t('not answering'));
  else if (repl) {
    parts.push(repl.syncInProgress ? l10n.t('link syncing') : l10n.t('link {0}', repl.linkStatus ?? '?'));
    const lag = replicaLag(master, self.stats, address(n));
    if (lag.bytes !== undefined || lag.seconds !== undefined) parts.push(l10n.t('lag {0} B / {1} s', lag.bytes ?? '?', lag.seconds ?? '?'));
    if (keysText(self.stats)) parts.push(keysText(self.stats) ?? '');
  } else if (self.loading) parts.push(l10n.t('loading…'));
  const flags = flagText(n);
  if (flags) parts.push(flags);
  return parts.join(' · ');
}

export function summaryLabel(info: ClusterInfo): string {
  return l10n.t('Cluster {0}', info.state);
}

export function summaryDescription(info: ClusterInfo, failing: number): string {
  const parts = [
    l10n.t('slots {0} assigned / {1} ok / {2} pfail / {3} fail', info.slotsAssigned, info.slotsOk, info.slotsPfail, info.slotsFail),
    l10n.t('epoch {0}', info.currentEpoch),
    l10n.t('{0} nodes', info.knownNodes),
  ];
  if (failing) parts.push(l10n.t('{0} failing', failing));
  return parts.join(' · ');
}

/** Nodes that are not healthy, for the summary and the status bar. */
export function shardLabel(index: number): string {
  return l10n.t('Shard {0}', index + 1);
}

export function shardDescription(shard: Shard): string {
  const slots = countSlots(shard.slots);
  const replicas = shard.replicas.length;
  const parts = [
    slots === 1 ? l10n.t('{0} slot', slots) : l10n.t('{0} slots', slots),
    replicas === 1 ? l10n.t('{0} replica', replicas) : l10n.t('{0} replicas', replicas),
  ];
  if (!shard.master) parts.push(l10n.t('no master'));
  else if (shard.replicas.length === 0) parts.push(l10n.t('no replica'));
  return parts.join(' · ');
}

export interface SlotRow {
  range: SlotRange;
  owner?: ClusterNode;
}

/** Every slot range in order, with its owner; ranges nobody serves appear as unassigned rows. */
export function slotRows(t: Topology): SlotRow[] {
  const rows: SlotRow[] = [];
  for (const n of masters(t)) for (const r of n.slots) rows.push({ range: r, owner: n });
  for (const r of uncoveredSlots(rows.map((x) => x.range))) rows.push({ range: r });
  return rows.sort((a, b) => a.range[0] - b.range[0]);
}

export function slotRowText(row: SlotRow): { label: string; description: string } {
  const [a, b] = row.range;
  const label = a === b ? `${a}` : `${a}-${b}`;
  if (!row.owner) return { label, description: l10n.t('unassigned') };
  return {
    label,
    description: `${address(row.owner)} · ${shortId(row.owner.id)}${nodeHealth(row.owner) !== 'ok' ? ` · ${nodeHealth(row.owner)}` : ''}`,
  };
}

export interface OpenSlotRow {
  slot: number;
  kind: 'migrating' | 'importing';
  node: ClusterNode;
  peer?: ClusterNode;
  peerId: string;
  /** A replica's copy of its master's state (Valkey 8 replicates it), not a side of the migration. */
  copy: boolean;
}

export function openSlotRows(t: Topology): OpenSlotRow[] {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const rows: OpenSlotRow[] = [];
  for (const n of t.nodes) {
    const copy = n.role === 'replica';
    for (const o of n.migrating) rows.push({ slot: o.slot, kind: 'migrating', node: n, peer: byId.get(o.peer), peerId: o.peer, copy });
    for (const o of n.importing) rows.push({ slot: o.slot, kind: 'importing', node: n, peer: byId.get(o.peer), peerId: o.peer, copy });
  }
  return rows.sort((a, b) => a.slot - b.slot || a.kind.localeCompare(b.kind));
}

export function openSlotText(r: OpenSlotRow): { label: string; description: string } {
  const peer = r.peer ? address(r.peer) : shortId(r.peerId);
  return {
    label: r.copy
      ? r.kind === 'migrating'
        ? l10n.t('slot {0} migrating (replica copy)', r.slot)
        : l10n.t('slot {0} importing (replica copy)', r.slot)
      : r.kind === 'migrating'
        ? l10n.t('slot {0} migrating', r.slot)
        : l10n.t('slot {0} importing', r.slot),
    description: r.kind === 'migrating' ? `${address(r.node)} → ${peer}` : `${address(r.node)} ← ${peer}`,
  };
}
