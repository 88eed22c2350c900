// Diagnose from the palette, the tree and the status bar: a bounded read-only run over every node, shown as a
// Markdown report whose findings also list in the Problems panel. Fix… runs a finding's own command (Fix, Add
// Node, Forget, Merge…) through its usual plan and confirmation; Export… saves the report (Markdown or JSON).
// Merge… joins a split cluster: plan shown, confirmed, run with progress, verified by check.
//
// Explicit callers may pass { profile, timeoutMs } to Diagnose, { profile, path } to Export (no dialog) and
// { profile, replicaOf?, rebalance?, yes? } to Merge.
import * as l10n from '@vscode/l10n';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type DoctorReport, type Finding, type Gathered, diagnose, formatDoctor, mergePlanFor, reportOf } from '../core/diagnose';
import { errorText } from '../core/common/errors';
import { type MergeResult, executeMerge } from '../core/admin/ops/merge';
import { renderMerge } from '../core/admin/plan/merge';
import type { ClusterSession } from '../core/connection/session';
import type { Services } from '../services';
import type { DoctorReports } from '../views/diagnose/report';
import { commandArgs } from './adminOptions';
import { profileFileArg } from './adminText';
import { adminCommandLine, profileFileName } from '../core/admin/commandLine';
import { pickProfile } from '../ui/pick';
import type { CommandHandler } from './types';
import { type Outcome, runOperation } from './runOperation';

function field<T>(arg: unknown, key: string, type: 'string' | 'number' | 'boolean'): T | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const v = (arg as Record<string, unknown>)[key];
  return typeof v === type ? (v as T) : undefined;
}

async function runDiagnose(s: Services, reports: DoctorReports, arg: unknown): Promise<DoctorReport | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  s.log.action(`redis-cluster doctor --profile ${profileFileArg(name)}`);
  let report: DoctorReport;
  try {
    const session = await s.connections.session(name);
    const timeoutMs = field<number>(arg, 'timeoutMs', 'number');
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Redis Cluster: diagnosing "{0}"…', s.profiles.label(name)) },
      async () => reportOf(await diagnose(session, { timeoutMs })),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster "{0}": Diagnose could not run: {1}', s.profiles.label(name), errorText(e)));
    return undefined;
  }
  s.log.info(formatDoctor(report));
  await reports.show(name, report);
  const fixable = report.findings.filter((f) => f.fix && f.severity !== 'info');
  const text = l10n.t(
    'Redis Cluster "{0}": {1} error(s), {2} warning(s) in {3} s.',
    s.profiles.label(name),
    report.counts.error,
    report.counts.warning,
    (report.elapsedMs / 1000).toFixed(1),
  );
  const fixB = l10n.t('Fix…');
  const exportB = l10n.t('Export…');
  const buttons = [...(fixable.length ? [fixB] : []), exportB];
  const shown = report.ok
    ? vscode.window.showInformationMessage(text, ...buttons)
    : vscode.window.showWarningMessage(`${text} ${report.findings[0]?.title ?? ''}`, ...buttons);
  void shown.then((a) => {
    if (a === fixB) void vscode.commands.executeCommand('redisCluster.diagnoseFix', { profile: name });
    if (a === exportB) void vscode.commands.executeCommand('redisCluster.diagnoseExport', { profile: name });
  });
  return report;
}

async function fixFinding(s: Services, reports: DoctorReports, arg: unknown): Promise<unknown> {
  const name = await pickProfile(s, arg);
  const report = name ? reports.last(name) : undefined;
  if (!name || !report) {
    void vscode.window.showInformationMessage(l10n.t('Redis Cluster: run Diagnose first; Fix… acts on its findings.'));
    return undefined;
  }
  const fixable = report.findings.filter((f): f is Finding & { fix: NonNullable<Finding['fix']> } => !!f.fix);
  if (!fixable.length) {
    void vscode.window.showInformationMessage(
      l10n.t('Redis Cluster "{0}": no finding of the last Diagnose has a fix.', s.profiles.label(name)),
    );
    return undefined;
  }
  const picked =
    fixable.length === 1
      ? { f: fixable[0] }
      : await vscode.window.showQuickPick(
          fixable.map((f) => ({ label: f.fix.label, description: f.severity, detail: f.title, f })),
          { title: l10n.t('Redis Cluster "{0}": fix which finding?', s.profiles.label(name)), ignoreFocusOut: true },
        );
  if (!picked) return undefined;
  return vscode.commands.executeCommand(picked.f.fix.command, { ...picked.f.fix.args, profile: name });
}

async function exportReport(s: Services, reports: DoctorReports, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  const report = name ? reports.last(name) : undefined;
  if (!name || !report) {
    void vscode.window.showInformationMessage(l10n.t('Redis Cluster: run Diagnose first; Export… saves its report.'));
    return undefined;
  }
  let path = field<string>(arg, 'path', 'string');
  if (!path) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
    const uri = await vscode.window.showSaveDialog({
      title: l10n.t('Export the Diagnose report'),
      defaultUri: vscode.Uri.joinPath(base, `diagnose-${name}.md`),
      filters: { Markdown: ['md'], JSON: ['json'] },
    });
    path = uri?.fsPath;
  }
  if (!path) return undefined;
  await writeFile(path, path.endsWith('.json') ? `${JSON.stringify(report, null, 2)}\n` : (reports.markdown(name) ?? ''), 'utf8');
  s.log.info(`Diagnose report of "${name}" exported to ${path}`);
  return path;
}

function mergeSummary(r: MergeResult): string {
  // Whole sentences, one per fact, joined with spaces.
  return [
    l10n.t('Merge: {0} node(s) joined in {1} s.', r.met.length, (r.elapsedMs / 1000).toFixed(1)),
    r.fix ? l10n.t('Fix ran {0} action(s).', r.fix.actions.length) : '',
    r.rebalance ? l10n.t('Rebalance moved {0} slot(s).', r.rebalance.slotsMoved) : '',
    r.after.ok ? l10n.t('Check passes.') : l10n.t('Check still finds problems: run Diagnose.'),
  ]
    .filter(Boolean)
    .join(' ');
}

async function merge(s: Services, reports: DoctorReports, arg: unknown): Promise<Outcome<MergeResult> | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  const o = commandArgs(arg, 'merge');
  const profile = s.profiles.get(name)?.profile;
  if (!profile) return undefined;
  let session: ClusterSession;
  let gathered: Gathered;
  try {
    session = await s.connections.session(name);
    const live = session;
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: l10n.t('Redis Cluster: reading every node') },
      () => diagnose(live),
    );
    gathered = r.gathered;
    await reports.show(name, r, { preview: false });
    // Planned once up front so a refusal (overlapping slots) comes before any question.
    mergePlanFor(gathered, { replicaOf: o.replicaOf });
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster "{0}": cannot merge: {1}', s.profiles.label(name), errorText(e)));
    return { ok: false, error: errorText(e) };
  }
  let rebalance = o.rebalance;
  if (rebalance === undefined && !o.yes) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: l10n.t('Merge'), detail: l10n.t('CLUSTER MEET, then check and fix'), rebalance: false },
        {
          label: l10n.t('Merge and rebalance'),
          detail: l10n.t('then spread the slots evenly over all masters'),
          rebalance: true,
        },
      ],
      { title: l10n.t('Redis Cluster "{0}": merge the split cluster', s.profiles.label(name)), ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    rebalance = pick.rebalance;
  }
  const plan = mergePlanFor(gathered, { replicaOf: o.replicaOf, rebalance });
  await s.previews.show(l10n.t('Merge {0}', s.profiles.label(name)), renderMerge(plan, 'markdown'));
  return runOperation({
    s,
    profileName: name,
    profile,
    title: l10n.t('Merge "{0}"', s.profiles.label(name)),
    yes: o.yes,
    detail: renderMerge(plan),
    cliLine: adminCommandLine({ action: 'merge', rebalance, replicaOf: o.replicaOf }, profileFileName(profile.name)),
    run: (progress, signal) => executeMerge(session, plan, { signal, onProgress: (p) => progress.lifecycle(p) }),
    summary: mergeSummary,
  });
}

export function doctorCommands(s: Services): Record<string, CommandHandler> {
  const reports = s.doctor;
  return {
    'redisCluster.diagnose': (arg) => runDiagnose(s, reports, arg),
    'redisCluster.diagnoseFix': (arg) => fixFinding(s, reports, arg),
    'redisCluster.diagnoseExport': (arg) => exportReport(s, reports, arg),
    'redisCluster.doctorMerge': (arg) => merge(s, reports, arg),
  };
}
