// Analyze Keyspace from the palette, a profile or master in the explorer, and the Keys view title: options asked
// (or given by the caller), the report panel opened at once with live progress (keys/s, ETA, Cancel), then the
// report. A cancelled or failed run still shows what was read, marked partial.
//
// Explicit callers may pass { profile, match?, type?, delimiter?, top?, on?, pace?, nodeId? (a master: its shard
// only), quick?: true (no questions) }; the command returns the report.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { analyzeKeyspace } from '../core/analyze/engine';
import { analyzeOptions, type AnalyzeInput } from '../core/analyze/options';
import type { AnalyzeReport } from '../core/analyze/types';
import { errorText } from '../core/common/errors';
import type { Services } from '../services';
import { nodeIdOf, pickProfile } from '../ui/pick';
import { profileFileArg } from './adminText';
import type { CommandHandler } from './types';

function input(arg: unknown): AnalyzeInput & { quick?: boolean } {
  if (typeof arg !== 'object' || arg === null) return {};
  const r = arg as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  return {
    match: str('match'),
    type: str('type'),
    delimiter: str('delimiter'),
    top: typeof r.top === 'number' ? r.top : undefined,
    on: str('on'),
    pace: str('pace'),
    quick: r.quick === true,
  };
}

/** The one question: which keys (a glob; empty for all). Replicas or masters, and the pace, come from the pick after it. */
async function ask(name: string, given: AnalyzeInput, protectedProfile: boolean): Promise<AnalyzeInput | undefined> {
  const match = await vscode.window.showInputBox({
    title: l10n.t('Analyze the keyspace of "{0}" (1/2)', name),
    prompt: l10n.t('SCAN MATCH glob of the keys to analyse, e.g. user:*. Empty for every key.'),
    value: given.match ?? '',
    ignoreFocusOut: true,
  });
  if (match === undefined) return undefined;
  const picks = [
    {
      label: l10n.t('Read from replicas'),
      detail: l10n.t('Spares the masters serving clients; a shard without a healthy replica is read from its master.'),
      on: 'replicas',
      pace: undefined,
    },
    { label: l10n.t('Read from masters, fast'), detail: l10n.t('Every shard at full speed.'), on: 'masters', pace: 'fast' },
    {
      label: protectedProfile
        ? l10n.t('Read from masters, gentle (default for this protected profile)')
        : l10n.t('Read from masters, gentle'),
      detail: l10n.t('Slows down when client latency rises.'),
      on: 'masters',
      pace: 'gentle',
    },
  ];
  const pick = await vscode.window.showQuickPick(protectedProfile ? [picks[2], picks[0], picks[1]] : picks, {
    title: l10n.t('Analyze the keyspace of "{0}" (2/2)', name),
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  return { ...given, match: match || undefined, on: pick.on, pace: pick.pace ?? given.pace };
}

async function analyze(s: Services, arg: unknown): Promise<AnalyzeReport | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  const profile = s.profiles.get(name)?.profile;
  if (!profile) return undefined;
  const label = s.profiles.label(name);
  let given: AnalyzeInput | undefined = input(arg);
  const nodeId = nodeIdOf(arg);
  if (!input(arg).quick) given = await ask(label, given, !!profile.protected);
  if (!given) return undefined;
  let opts;
  try {
    opts = analyzeOptions({ ...given, shards: nodeId ? [nodeId] : undefined }, profile);
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0}', errorText(e)));
    return undefined;
  }
  const flags = [
    opts.match ? `--match '${opts.match.replace(/'/g, `'\\''`)}'` : '',
    opts.type ? `--type ${opts.type}` : '',
    `--on ${opts.on}`,
    `--pace ${opts.pace}`,
    nodeId ? `--shard ${nodeId}` : '',
  ].filter(Boolean);
  s.log.action(`redis-cluster analyze --profile ${profileFileArg(name)} ${flags.join(' ')}`);
  const panel = s.analyses.open(name);
  const abort = new AbortController();
  panel.begin(
    { match: opts.match, type: opts.type, delimiter: opts.delimiter, top: opts.top, on: opts.on, pace: opts.pace, shards: opts.shards },
    abort,
  );
  try {
    const session = await s.connections.session(name);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Analyzing the keyspace of "{0}"', label), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        return analyzeKeyspace(session, opts, {
          signal: abort.signal,
          onProgress: (p) => {
            panel.setProgress(p, abort);
            const pct = p.expected ? Math.min(100, (100 * p.keys) / p.expected) : undefined;
            const keys = p.keys.toLocaleString();
            const rate = p.keysPerSec.toLocaleString();
            progress.report({
              message:
                p.etaSeconds === undefined
                  ? l10n.t('{0} keys, {1} keys/s', keys, rate)
                  : l10n.t('{0} keys, {1} keys/s, about {2} s left', keys, rate, p.etaSeconds),
              increment: pct === undefined ? undefined : pct - shown,
            });
            if (pct !== undefined) shown = pct;
          },
        });
      },
    );
    panel.setReport(report, abort);
    s.log.info(
      `keyspace of "${name}": ${report.totals.keys} keys in ${(report.elapsedMs / 1000).toFixed(1)} s` +
        (report.partial ? ` (partial: ${report.partialReason})` : ''),
    );
    if (report.partial && report.partialReason !== 'cancelled') {
      void vscode.window.showWarningMessage(
        l10n.t('Redis Cluster "{0}": the keyspace report is partial: {1}', label, report.partialReason ?? ''),
      );
    }
    return report;
  } catch (e) {
    panel.setFailed(errorText(e), abort);
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster "{0}": Analyze Keyspace failed: {1}', label, errorText(e)));
    return undefined;
  }
}

export function analyzeCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.analyzeKeyspace': (arg) => analyze(s, arg),
    // { profile, format?: json|csv|markdown, path? }: saves the panel's last report (a dialog without path).
    'redisCluster.analyzeKeyspaceExport': async (arg) => {
      const name = await pickProfile(s, arg);
      const r = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
      const format = r.format === 'csv' || r.format === 'markdown' ? r.format : 'json';
      return name ? s.analyses.get(name)?.export(format, typeof r.path === 'string' ? r.path : undefined) : undefined;
    },
  };
}
