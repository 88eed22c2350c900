// Check and Fix from the palette and the tree. Check is read-only: its report opens as a document plus a summary
// notification. Fix first shows what it would do (from a fresh check), asks, then repairs under progress; a
// question that could drop keys (a key on both sides of an open slot) gets its own modal.
import * as vscode from 'vscode';
import { errorText } from '../core/errors';
import { type CheckReport, checkCluster, formatCheck } from '../core/ops/check';
import { type FixQuestion, type FixReport, fixCluster } from '../core/ops/fix';
import { countSlots, formatRanges } from '../core/slots';
import type { Services } from '../services';
import { adminOptions } from './adminOptions';
import { checkCommandLine, fixCommandLine, profileFileArg } from './adminText';
import type { CommandHandler } from './types';
import { type AdminTarget, type Outcome, adminTarget, runOperation } from './runOperation';
import { shortId } from '../core/format';

export function checkMarkdown(title: string, r: CheckReport): string {
  const out = [`# ${title}`, '', `**${r.ok ? 'OK' : 'Problems found'}**: ${r.masters} masters, ${r.replicas} replicas, read from ${r.source} at ${new Date(r.checkedAt).toLocaleTimeString()}.`, ''];
  if (r.problems.length) {
    out.push('| severity | problem | fix repairs it |', '|---|---|---|');
    for (const p of r.problems) out.push(`| ${p.severity} | ${p.message.replace(/\|/g, '\\|')} | ${p.fixable ? 'yes' : 'no'} |`);
  } else out.push('All 16384 slots covered, no open slot, all nodes agree, every replica linked.');
  out.push('', '```text', formatCheck(r), '```', '');
  return out.join('\n');
}

async function check(s: Services, arg: unknown): Promise<CheckReport | undefined> {
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  s.log.action(checkCommandLine(profileFileArg(t.name)));
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Redis Cluster: checking "${t.name}"…`, cancellable: true }, (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return checkCluster(t.session, { signal: ac.signal });
    });
    s.log.info(formatCheck(r));
    await s.previews.show(`Check ${t.name}`, checkMarkdown(`Check of "${t.name}"`, r));
    const errors = r.problems.filter((p) => p.severity === 'error');
    if (r.ok) {
      const warn = r.problems.length ? ` (${r.problems.length} warning(s), see the report)` : '';
      void vscode.window.showInformationMessage(`Redis Cluster "${t.name}": check OK${warn}.`);
    } else {
      const fixable = errors.some((p) => p.fixable);
      void vscode.window.showWarningMessage(`Redis Cluster "${t.name}": ${errors.length} problem(s): ${errors[0]?.message ?? ''}`, ...(fixable ? ['Fix…'] : []), 'Show Log').then((a) => {
        if (a === 'Fix…') void vscode.commands.executeCommand('redisCluster.fix', { profile: t.name });
        if (a === 'Show Log') s.log.show();
      });
    }
    await s.connections.refresh(t.name);
    return r;
  } catch (e) {
    void vscode.window.showErrorMessage(`Redis Cluster "${t.name}": check failed: ${errorText(e)}`);
    return undefined;
  }
}

/** What fix will do, from a check report: for the preview and the confirmation. */
export function fixIntentions(r: CheckReport): string[] {
  const lines: string[] = [];
  for (const o of r.openSlots) {
    const how = [...o.migrating.map((m) => `migrating ${shortId(m.node)}→${shortId(m.to)}`), ...o.importing.map((i) => `importing on ${shortId(i.node)} from ${shortId(i.from)}`)].join(', ');
    lines.push(`slot ${o.slot} (${how}): finish the migration if the target holds keys of it, else set it back to its owner`);
  }
  if (r.uncovered.length) {
    lines.push(`${countSlots(r.uncovered)} uncovered slot(s) ${formatRanges(r.uncovered)}: give each to the one master holding keys of it, else to the master with the fewest slots (never merges keys)`);
  }
  for (const p of r.problems.filter((x) => !x.fixable && x.severity === 'error')) lines.push(`not repaired by fix: ${p.message}`);
  return lines;
}

function fixSummary(r: FixReport): string {
  const n = (a: string) => r.actions.filter((x) => x.action === a).length;
  const after = r.after.ok ? 'the cluster checks OK now' : `still ${r.after.problems.filter((p) => p.severity === 'error').length} problem(s): run Check`;
  return `Fix: ${n('finished-migration')} migration(s) finished, ${n('set-back')} slot(s) set back, ${n('assigned')} slot(s) assigned, ${n('skipped')} skipped, ${n('failed')} failed; ${after}.`;
}

async function askReplace(q: FixQuestion): Promise<boolean> {
  const go = 'Replace the target\'s copy';
  const a = await vscode.window.showWarningMessage(`Slot ${q.slot}: a key exists on both sides`, { modal: true, detail: `${q.message}\n\nReplacing drops the target's value of that key. Cancel leaves the slot open for you to inspect.` }, go);
  return a === go;
}

async function fix(s: Services, arg: unknown): Promise<Outcome<FixReport> | undefined> {
  const o = adminOptions(arg);
  const t: AdminTarget | undefined = await adminTarget(s, arg);
  if (!t) return undefined;
  let before: CheckReport;
  try {
    before = await checkCluster(t.session);
  } catch (e) {
    void vscode.window.showErrorMessage(`Redis Cluster "${t.name}": check before fix failed: ${errorText(e)}`);
    return { ok: false, error: errorText(e) };
  }
  if (before.openSlots.length === 0 && before.uncovered.length === 0) {
    const rest = before.problems.filter((p) => p.severity === 'error');
    void vscode.window.showInformationMessage(`Redis Cluster "${t.name}": nothing for fix to repair (no open or uncovered slot)${rest.length ? `; ${rest.length} other problem(s): run Check` : ''}.`);
    return { ok: false, error: 'nothing to fix' };
  }
  const plan = fixIntentions(before);
  const preview = [`# Fix "${t.name}": what will happen`, '', ...plan.map((l) => `- ${l}`), '', checkMarkdown('Check before fix', before)];
  await s.previews.show(`Fix ${t.name}`, preview.join('\n'));
  return runOperation({
    s, profileName: t.name, profile: t.profile, title: `Fix "${t.name}"`, yes: o.yes,
    detail: `${plan.slice(0, 5).join('\n')}${plan.length > 5 ? `\n… ${plan.length - 5} more (see the preview)` : ''}\n\nAnything that could drop a key asks again.`,
    cliLine: fixCommandLine(profileFileArg(t.name), !!o.replace),
    run: (progress, signal) => fixCluster(t.session, { signal, replace: o.replace, confirm: askReplace, onProgress: (m) => progress.text(m) }),
    summary: fixSummary,
  });
}

export function healthCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.check': (arg) => check(s, arg),
    'redisCluster.fix': (arg) => fix(s, arg),
  };
}
