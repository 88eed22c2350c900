// Plans as readable text (CLI --dry-run, logs) or Markdown (a preview document in the editor). The command line
// that makes the same plan is written by ../commandLine.ts (adminCommandLine).
//
// Public API:
//   renderPlan(plan: Plan, format: 'text' | 'markdown' = 'text'): string
//   planPairs(plan): PairSummary[] — moves grouped by source→target, slots compacted into ranges
import { compactSlots, formatRanges } from '../../topology/slots';
import type { NodeBalance, Plan } from './types';
import { shortId } from '../../common/format';
import { nodeById } from '../../topology/nodeLookup';
import * as md from '../../reports/markdown';

export interface PairSummary {
  from: string;
  to: string;
  slots: number;
  keys?: number;
  ranges: string;
}

export function planPairs(plan: Plan): PairSummary[] {
  const pairs = new Map<string, { from: string; to: string; slots: number[]; keys?: number }>();
  for (const m of plan.moves) {
    const k = `${m.from}>${m.to}`;
    const p = pairs.get(k) ?? { from: m.from, to: m.to, slots: [] as number[], keys: m.keys === undefined ? undefined : 0 };
    p.slots.push(m.slot);
    if (p.keys !== undefined) p.keys += m.keys ?? 0;
    pairs.set(k, p);
  }
  return [...pairs.values()].map((p) => ({
    from: p.from,
    to: p.to,
    slots: p.slots.length,
    keys: p.keys,
    ranges: formatRanges(compactSlots(p.slots)),
  }));
}

const num = (n: number | undefined) => (n === undefined ? '-' : n.toLocaleString('en-US'));

function title(plan: Plan): string {
  if (plan.kind === 'rebalance') {
    const p = plan.params;
    return `Rebalance by ${p.by} (threshold ${p.threshold}%${p.useEmptyMasters ? ', using empty masters' : ''})`;
  }
  const p = plan.params;
  const from = p.from.map((id) => (id === 'all' ? id : shortId(id))).join(',');
  return `Reshard ${p.slotList !== undefined ? `slots ${p.slotList}` : `${p.slots} slots`} from ${from} to ${shortId(p.to)}`;
}

function summaryLine(plan: Plan): string {
  if (plan.moves.length === 0) return 'Nothing to move.';
  const keys = plan.totals.keys === undefined ? '' : `, ~${num(plan.totals.keys)} keys`;
  return `${num(plan.totals.slots)} slots${keys} to move over ${plan.totals.pairs} source→target pair(s).`;
}

function nodeLabel(balance: NodeBalance[], id: string): string {
  const b = nodeById(balance, id);
  return b ? `${b.address} (${shortId(id)})` : shortId(id);
}

function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderPlan(plan: Plan, format: 'text' | 'markdown' = 'text'): string {
  const withKeys = plan.balance.some((b) => b.keysBefore !== undefined);
  const target = (b: NodeBalance) =>
    b.targetSlots !== undefined ? num(b.targetSlots) : b.targetKeys !== undefined ? `${num(b.targetKeys)} keys` : '-';
  const head = ['master', 'weight', 'slots before', 'slots after', ...(withKeys ? ['keys before', 'keys after'] : []), 'target'];
  const rows = plan.balance.map((b) => [
    `${b.address} (${shortId(b.id)})${b.involved ? '' : ' [left out]'}`,
    String(b.weight),
    num(b.slotsBefore),
    num(b.slotsAfter),
    ...(withKeys ? [num(b.keysBefore), num(b.keysAfter)] : []),
    target(b),
  ]);
  const pairs = planPairs(plan);
  if (format === 'markdown') {
    const moves = pairs.map((p) => [
      nodeLabel(plan.balance, p.from),
      nodeLabel(plan.balance, p.to),
      num(p.slots),
      num(p.keys),
      truncate(p.ranges, 200),
    ]);
    return md.document(
      [md.heading(1, title(plan)), '', md.text(summaryLine(plan)), ''],
      [...md.table(head, rows), ''],
      pairs.length ? [md.heading(2, 'Moves'), '', ...md.table(['from', 'to', 'slots', 'keys', 'slot ranges'], moves), ''] : [],
      plan.notes.length ? [md.heading(2, 'Notes'), '', ...md.bullets(plan.notes), ''] : [],
    );
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [title(plan), summaryLine(plan), '', line(head), ...rows.map(line)];
  if (pairs.length) {
    out.push('', 'Moves:');
    for (const p of pairs) {
      out.push(
        `  ${nodeLabel(plan.balance, p.from)} -> ${nodeLabel(plan.balance, p.to)}: ` +
          `${num(p.slots)} slots${p.keys === undefined ? '' : `, ~${num(p.keys)} keys`}  [${truncate(p.ranges)}]`,
      );
    }
  }
  if (plan.notes.length) out.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  return out.join('\n');
}
