// Pure text and parsing helpers of the admin commands (no vscode import, so they are unit-tested in plain Node):
// progress lines, result summaries, the equivalent CLI command lines for the log, and input validation.
//
// API
//   formatDuration(ms), migrationProgressText(p), lifecycleProgressText(p), percentOf(p)
//   migrationSummary(title, r), failoverSummary(r)
// profileFileArg(name), rebalanceCommandLine(file, opts), reshardCommandLine(file, from, to, slots), checkCommandLine(file),
// fixCommandLine(file)
//   parseNodeList(text) → { addresses } | { error }, validateSlotCount(text, max), validateWeight(text), validateThreshold(text)
import type { FailoverResult } from '../core/ops/failover';
import type { LifecycleProgress } from '../core/ops/lifecycle-util';
import type { MigrationProgress, MigrationResult } from '../core/ops/migrate';
import { parseHostPort } from '../core/profile';
import { address } from '../core/format';

const num = (n: number) => Math.round(n).toLocaleString('en-US');

/** 850 ms, 4.2 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms - m * 60_000) / 1000)} s`;
}

/** One progress line: "120/4,096 slots · 12,345 keys · 8,000 keys/s · ETA 12.0 s". */
export function migrationProgressText(p: MigrationProgress): string {
  if (p.phase === 'checking') return 'checking the cluster…';
  if (p.phase === 'settling') return `${num(p.slotsDone)}/${num(p.slotsTotal)} slots moved, waiting for every node to agree…`;
  const parts = [`${num(p.slotsDone)}/${num(p.slotsTotal)} slots`];
  parts.push(p.keysEstimated !== undefined ? `${num(p.keysMoved)}/${num(p.keysEstimated)} keys` : `${num(p.keysMoved)} keys`);
  if (p.keysPerSec > 0) parts.push(`${num(p.keysPerSec)} keys/s`);
  if (p.etaMs !== undefined && p.slotsDone < p.slotsTotal) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  if (p.slotsSkipped) parts.push(`${num(p.slotsSkipped)} already done`);
  if (p.canary) parts.push(`client latency ${p.canary.ms.toFixed(1)} ms (budget ${p.canary.budgetMs.toFixed(1)})`);
  return parts.join(' · ');
}

/** Percent done (0-100) of either kind of progress, or undefined when it has no count. */
export function percentOf(p: { done?: number; total?: number } | MigrationProgress): number | undefined {
  const done = 'slotsDone' in p ? p.slotsDone : p.done;
  const total = 'slotsTotal' in p ? p.slotsTotal : p.total;
  if (done === undefined || !total) return undefined;
  return Math.min(100, Math.max(0, (100 * done) / total));
}

/** "meet: 3/6 nodes met (2.1 s)" — the phase name, the core's message, the count when there is one. */
export function lifecycleProgressText(p: LifecycleProgress): string {
  const count = p.total ? ` [${p.done ?? 0}/${p.total}]` : '';
  return `${p.phase}: ${p.message}${count} (${formatDuration(p.elapsedMs)})`;
}

export function migrationSummary(title: string, r: MigrationResult): string {
  const rate = r.elapsedMs > 0 && r.keysMoved > 0 ? `, ${num((r.keysMoved * 1000) / r.elapsedMs)} keys/s` : '';
  const skipped = r.slotsSkipped ? ` (${num(r.slotsSkipped)} already done earlier)` : '';
  const head =
    r.status === 'cancelled'
      ? `${title} cancelled at a safe point after ${num(r.slotsMoved)} slots; no slot is left open. Run it again to finish the rest.`
      : `${title} done: ${num(r.slotsMoved)} slots${skipped}, ${num(r.keysMoved)} keys in ${formatDuration(r.elapsedMs)}${rate}.`;
  return r.warnings.length ? `${head} ${r.warnings.length} warning(s), see the log.` : head;
}

export function failoverSummary(r: FailoverResult): string {
  const t = r.timings;
  const demoted =
    t.oldMasterDemotedMs !== undefined
      ? `, old master a replica everywhere after ${formatDuration(t.oldMasterDemotedMs)}`
      : r.oldMasterReachable
        ? ''
        : ' (old master unreachable: it becomes a replica when it returns)';
  const retries = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
  return (
    `Failover (${r.mode}) done${retries}: ${r.newMasterAddress} is master (promoted in ` +
    `${formatDuration(t.promotedMs)}, all nodes saw it after ` +
    `${formatDuration(t.allSeeNewMasterMs)}${demoted}; settled in ` +
    `${formatDuration(t.settledMs)}, total ${formatDuration(t.totalMs)}).`
  );
}

/**
 * Profiles in the editor live in settings, not in a file; the CLI takes a file. The log names the file a
 * user gets from "Copy Connection Settings" saved as <name>.json, so the line replays after that one step.
 */
export function profileFileArg(name: string): string {
  const file = `${name}.json`;
  return /^[\w.@%+=:,/-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`;
}

export interface RebalanceLineOptions {
  weights?: Readonly<Record<string, number>>;
  threshold?: number;
  useEmptyMasters?: boolean;
  by?: 'slots' | 'keys';
}

export function rebalanceCommandLine(file: string, o: RebalanceLineOptions): string {
  const parts = [`redis-cluster rebalance --profile ${file}`];
  for (const [id, w] of Object.entries(o.weights ?? {})) parts.push(`--weight ${id}=${w}`);
  if (o.threshold !== undefined) parts.push(`--threshold ${o.threshold}`);
  if (o.useEmptyMasters) parts.push('--use-empty-masters');
  if (o.by && o.by !== 'slots') parts.push(`--by ${o.by}`);
  parts.push('--yes');
  return parts.join(' ');
}

export function reshardCommandLine(file: string, from: readonly string[], to: string, slots: number): string {
  return `redis-cluster reshard --profile ${file} --from ${from.join(',')} --to ${to} --slots ${slots} --yes`;
}

export function checkCommandLine(file: string): string {
  return `redis-cluster check --profile ${file}`;
}

export function fixCommandLine(file: string, replace = false): string {
  return `redis-cluster fix --profile ${file}${replace ? ' --yes' : ''}`;
}

/** "127.0.0.1:7000, 127.0.0.1:7001 127.0.0.1:7002" → normalized addresses; duplicates and bad entries are errors. */
export function parseNodeList(text: string): { addresses: string[] } | { error: string } {
  const items = text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (items.length === 0) return { error: 'Give the nodes as host:port, separated by commas' };
  const out: string[] = [];
  for (const item of items) {
    const hp = parseHostPort(item);
    if (typeof hp === 'string') return { error: hp };
    const a = address(hp);
    if (out.includes(a)) return { error: `${a} is listed twice` };
    out.push(a);
  }
  return { addresses: out };
}

/** InputBox validators: undefined when fine, else the message to show. */
export function validateSlotCount(text: string, max: number): string | undefined {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1) return 'A whole number of slots, at least 1';
  if (n > max) return `The sources hold ${max} slots; give at most ${max}`;
  return undefined;
}

export function validateWeight(text: string): string | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? undefined : 'A weight >= 0 (0 drains the master, 1 is the default)';
}

export function validateThreshold(text: string): string | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? undefined : 'A percentage between 0 and 100';
}
