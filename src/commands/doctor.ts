// Diagnose from the palette, the tree and the status bar: a bounded read-only run over every node, shown as a
// Markdown report whose findings also list in the Problems panel. Fix… runs a finding's own command (Fix, Add
// Node, Forget, Merge…) through its usual plan and confirmation; Export… saves the report (Markdown or JSON).
// Merge… joins a split cluster: plan shown, confirmed, run with progress, verified by check.
//
// Explicit callers may pass { profile, timeoutMs } to Diagnose, { profile, path } to Export (no dialog) and
// { profile, replicaOf?, rebalance?, yes? } to Merge.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type DoctorReport, type Finding, type Gathered, diagnose, formatDoctor, mergePlanFor, reportOf } from '../core/doctor';
import { errorText } from '../core/errors';
import { type MergeResult, executeMerge } from '../core/ops/merge';
import { renderMerge } from '../core/plan/merge';
import type { ClusterSession } from '../core/session';
import type { Services } from '../services';
import type { DoctorReports } from '../views/doctorReport';
import { adminOptions } from './adminOptions';
import { profileFileArg } from './adminText';
import { pickProfile } from './pick';
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
      { location: vscode.ProgressLocation.Notification, title: `Redis Cluster: diagnosing "${s.profiles.label(name)}"…` },
      async () => reportOf(await diagnose(session, { timeoutMs })),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Redis Cluster "${s.profiles.label(name)}": Diagnose could not run: ${errorText(e)}`);
    return undefined;
  }
  s.log.info(formatDoctor(report));
  await reports.show(name, report);
  const fixable = report.findings.filter((f) => f.fix && f.severity !== 'info');
  const text = `Redis Cluster "${s.profiles.label(name)}": ${report.counts.error} error(s), ${report.counts.warning} warning(s) in ${(report.elapsedMs / 1000).toFixed(1)} s.`;
  const buttons = [...(fixable.length ? ['Fix…'] : []), 'Export…'];
  const shown = report.ok ? vscode.window.showInformationMessage(text, ...buttons) : vscode.window.showWarningMessage(`${text} ${report.findings[0]?.title ?? ''}`, ...buttons);
  void shown.then((a) => {
    if (a === 'Fix…') void vscode.commands.executeCommand('redisCluster.diagnoseFix', { profile: name });
    if (a === 'Export…') void vscode.commands.executeCommand('redisCluster.diagnoseExport', { profile: name });
  });
  return report;
}

async function fixFinding(s: Services, reports: DoctorReports, arg: unknown): Promise<unknown> {
  const name = await pickProfile(s, arg);
  const report = name ? reports.last(name) : undefined;
  if (!name || !report) {
    void vscode.window.showInformationMessage('Redis Cluster: run Diagnose first; Fix… acts on its findings.');
    return undefined;
  }
  const fixable = report.findings.filter((f): f is Finding & { fix: NonNullable<Finding['fix']> } => !!f.fix);
  if (!fixable.length) {
    void vscode.window.showInformationMessage(`Redis Cluster "${name}": no finding of the last Diagnose has a fix.`);
    return undefined;
  }
  const picked = fixable.length === 1 ? { f: fixable[0] } : await vscode.window.showQuickPick(
    fixable.map((f) => ({ label: f.fix.label, description: f.severity, detail: f.title, f })),
    { title: `Redis Cluster "${name}": fix which finding?`, ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  return vscode.commands.executeCommand(picked.f.fix.command, { ...picked.f.fix.args, profile: name });
}

async function exportReport(s: Services, reports: DoctorReports, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  const report = name ? reports.last(name) : undefined;
  if (!name || !report) {
    void vscode.window.showInformationMessage('Redis Cluster: run Diagnose first; Export… saves its report.');
    return undefined;
  }
  let path = field<string>(arg, 'path', 'string');
  if (!path) {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
    const uri = await vscode.window.showSaveDialog({
      title: 'Export the Diagnose report', defaultUri: vscode.Uri.joinPath(base, `diagnose-${name}.md`), filters: { Markdown: ['md'], JSON: ['json'] },
    });
    path = uri?.fsPath;
  }
  if (!path) return undefined;
  await writeFile(path, path.endsWith('.json') ? `${JSON.stringify(report, null, 2)}\n` : (reports.markdown(name) ?? ''), 'utf8');
  s.log.info(`Diagnose report of "${name}" exported to ${path}`);
  return path;
}

function mergeSummary(r: MergeResult): string {
  const fixed = r.fix ? `, fix: ${r.fix.actions.length} action(s)` : '';
  const moved = r.rebalance ? `, rebalanced ${r.rebalance.slotsMoved} slot(s)` : '';
  return `Merge: ${r.met.length} node(s) joined in ${(r.elapsedMs / 1000).toFixed(1)} s${fixed}${moved}; ${r.after.ok ? 'check passes' : 'check still finds problems: run Diagnose'}.`;
}

async function merge(s: Services, reports: DoctorReports, arg: unknown): Promise<Outcome<MergeResult> | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  const o = adminOptions(arg);
  const profile = s.profiles.get(name)?.profile;
  if (!profile) return undefined;
  let session: ClusterSession;
  let gathered: Gathered;
  try {
    session = await s.connections.session(name);
    const live = session;
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Redis Cluster: reading every node' }, () => diagnose(live));
    gathered = r.gathered;
    await reports.show(name, r, { preview: false });
    // Planned once up front so a refusal (overlapping slots) comes before any question.
    mergePlanFor(gathered, { replicaOf: o.replicaOf });
  } catch (e) {
    void vscode.window.showErrorMessage(`Redis Cluster "${name}": cannot merge: ${errorText(e)}`);
    return { ok: false, error: errorText(e) };
  }
  let rebalance = field<boolean>(arg, 'rebalance', 'boolean');
  if (rebalance === undefined && !o.yes) {
    const pick = await vscode.window.showQuickPick(
      [{ label: 'Merge', detail: 'CLUSTER MEET, then check and fix', rebalance: false }, { label: 'Merge and rebalance', detail: 'then spread the slots evenly over all masters', rebalance: true }],
      { title: `Redis Cluster "${name}": merge the split cluster`, ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    rebalance = pick.rebalance;
  }
  const plan = mergePlanFor(gathered, { replicaOf: o.replicaOf, rebalance });
  await s.previews.show(`Merge ${name}`, renderMerge(plan, 'markdown'));
  return runOperation({
    s, profileName: name, profile, title: `Merge "${name}"`, yes: o.yes,
    detail: renderMerge(plan),
    cliLine: `redis-cluster doctor --profile ${profileFileArg(name)} --merge${rebalance ? ' --rebalance' : ''} --yes`,
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
