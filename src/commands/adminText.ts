// Pure text and parsing helpers of the admin commands (no vscode import, so they are unit-tested in plain Node):
// progress lines, result summaries, the equivalent CLI command lines for the log, and input validation.
//
// API
//   formatDuration(ms), migrationProgressText(p), lifecycleProgressText(p), percentOf(p)
//   migrationSummary(title, r), failoverSummary(r)
// profileFileArg(name), rebalanceCommandLine(file, opts), reshardCommandLine(file, from, to, slots), checkCommandLine(file),
// fixCommandLine(file)
//   parseNodeList(text) → { addresses } | { error }, validateSlotCount(text, max), validateWeight(text), validateThreshold(text)
import type { FailoverResult } from '../core/admin/ops/failover';
import type { LifecycleProgress } from '../core/admin/ops/lifecycle-util';
import type { MigrationProgress, MigrationResult } from '../core/admin/ops/migrate';
import { parseHostPort } from '../core/profiles/profile';
import { address } from '../core/common/format';
import * as l10n from '@vscode/l10n';

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
  if (p.phase === 'checking') return l10n.t('checking the cluster…');
  if (p.phase === 'settling') return l10n.t('{0}/{1} slots moved, waiting for every node to agree…', num(p.slotsDone), num(p.slotsTotal));
  const parts = [l10n.t('{0}/{1} slots', num(p.slotsDone), num(p.slotsTotal))];
  parts.push(
    p.keysEstimated !== undefined ? l10n.t('{0}/{1} keys', num(p.keysMoved), num(p.keysEstimated)) : l10n.t('{0} keys', num(p.keysMoved)),
  );
  if (p.keysPerSec > 0) parts.push(l10n.t('{0} keys/s', num(p.keysPerSec)));
  if (p.etaMs !== undefined && p.slotsDone < p.slotsTotal) parts.push(l10n.t('ETA {0}', formatDuration(p.etaMs)));
  if (p.slotsSkipped) parts.push(l10n.t('{0} already done', num(p.slotsSkipped)));
  if (p.canary) {
    const c = p.canary;
    parts.push(l10n.t('client latency {0} ms (budget {1}), {2} slot(s) per step', c.ms.toFixed(1), c.budgetMs.toFixed(1), c.slotsInFlight));
    if (c.opsPerSec !== undefined) parts.push(l10n.t('busiest node {0} ops/s', c.opsPerSec));
  }
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
  const rate = r.elapsedMs > 0 && r.keysMoved > 0 ? `, ${l10n.t('{0} keys/s', num((r.keysMoved * 1000) / r.elapsedMs))}` : '';
  const skipped = r.slotsSkipped ? ` ${l10n.t('({0} already done earlier)', num(r.slotsSkipped))}` : '';
  const head =
    r.status === 'cancelled'
      ? l10n.t(
          '{0} cancelled at a safe point after {1} slots; no slot is left open. Run it again to finish the rest.',
          title,
          num(r.slotsMoved),
        )
      : l10n.t(
          '{0} done: {1} slots{2}, {3} keys in {4}{5}.',
          title,
          num(r.slotsMoved),
          skipped,
          num(r.keysMoved),
          formatDuration(r.elapsedMs),
          rate,
        );
  return r.warnings.length ? `${head} ${l10n.t('{0} warning(s), see the log.', r.warnings.length)}` : head;
}

export function failoverSummary(r: FailoverResult): string {
  const t = r.timings;
  const demoted =
    t.oldMasterDemotedMs !== undefined
      ? `, ${l10n.t('old master a replica everywhere after {0}', formatDuration(t.oldMasterDemotedMs))}`
      : r.oldMasterReachable
        ? ''
        : ` ${l10n.t('(old master unreachable: it becomes a replica when it returns)')}`;
  const retries = r.attempts > 1 ? ` ${l10n.t('after {0} attempts', r.attempts)}` : '';
  return l10n.t(
    'Failover ({0}) done{1}: {2} is master (promoted in {3}, all nodes saw it after {4}{5}; settled in {6}, total {7}).',
    r.mode,
    retries,
    r.newMasterAddress,
    formatDuration(t.promotedMs),
    formatDuration(t.allSeeNewMasterMs),
    demoted,
    formatDuration(t.settledMs),
    formatDuration(t.totalMs),
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
  by?: 'slots' | 'keys' | 'load';
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
  if (items.length === 0) return { error: l10n.t('Give the nodes as host:port, separated by commas') };
  const out: string[] = [];
  for (const item of items) {
    const hp = parseHostPort(item);
    if (typeof hp === 'string') return { error: hp };
    const a = address(hp);
    if (out.includes(a)) return { error: l10n.t('{0} is listed twice', a) };
    out.push(a);
  }
  return { addresses: out };
}

/** InputBox validators: undefined when fine, else the message to show. */
export function validateSlotCount(text: string, max: number): string | undefined {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < 1) return l10n.t('A whole number of slots, at least 1');
  if (n > max) return l10n.t('The sources hold {0} slots; give at most {0}', max);
  return undefined;
}

export function validateWeight(text: string): string | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? undefined : l10n.t('A weight >= 0 (0 drains the master, 1 is the default)');
}

export function validateThreshold(text: string): string | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? undefined : l10n.t('A percentage between 0 and 100');
}
