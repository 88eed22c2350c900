// Check and Fix from the palette and the tree. Check is read-only: its report opens as a document plus a summary
// notification. Fix first shows what it would do (from a fresh check), asks, then repairs under progress; a
// question that could drop keys (a key on both sides of an open slot) gets its own modal.
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { type CheckReport, checkCluster, formatCheck } from '../core/admin/ops/check';
import { type FixQuestion, type FixReport, fixCluster } from '../core/admin/ops/fix';
import { countSlots, formatRanges } from '../core/topology/slots';
import type { Services } from '../services';
import { adminOptions } from './adminOptions';
import { checkCommandLine, fixCommandLine, profileFileArg } from './adminText';
import type { CommandHandler } from './types';
import { type AdminTarget, type Outcome, adminTarget, runOperation } from './runOperation';
import { shortId } from '../core/common/format';

export function checkMarkdown(title: string, r: CheckReport): string {
  const out = [
    `# ${title}`,
    '',
    `**${r.ok ? vscode.l10n.t('OK') : vscode.l10n.t('Problems found')}**: ` +
      vscode.l10n.t(
        '{0} masters, {1} replicas, read from {2} at {3}.',
        r.masters,
        r.replicas,
        r.source,
        new Date(r.checkedAt).toLocaleTimeString(),
      ),
    '',
  ];
  if (r.problems.length) {
    out.push(`| ${vscode.l10n.t('severity')} | ${vscode.l10n.t('problem')} | ${vscode.l10n.t('fix repairs it')} |`, '|---|---|---|');
    for (const p of r.problems)
      out.push(`| ${p.severity} | ${p.message.replace(/\|/g, '\\|')} | ${p.fixable ? vscode.l10n.t('yes') : vscode.l10n.t('no')} |`);
  } else out.push(vscode.l10n.t('All 16384 slots covered, no open slot, all nodes agree, every replica linked.'));
  out.push('', '```text', formatCheck(r), '```', '');
  return out.join('\n');
}

async function check(s: Services, arg: unknown): Promise<CheckReport | undefined> {
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  s.log.action(s.replay.line(checkCommandLine(profileFileArg(t.profile.name)), t.profile));
  try {
    const r = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Redis Cluster: checking "{0}"…', t.label),
        cancellable: true,
      },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return checkCluster(t.session, { signal: ac.signal });
      },
    );
    s.log.info(formatCheck(r));
    await s.previews.show(vscode.l10n.t('Check {0}', t.label), checkMarkdown(vscode.l10n.t('Check of "{0}"', t.label), r));
    const errors = r.problems.filter((p) => p.severity === 'error');
    if (r.ok) {
      const warn = r.problems.length ? vscode.l10n.t(' ({0} warning(s), see the report)', r.problems.length) : '';
      void vscode.window.showInformationMessage(vscode.l10n.t('Redis Cluster "{0}": check OK{1}.', t.label, warn));
    } else {
      const fixable = errors.some((p) => p.fixable);
      const fixB = vscode.l10n.t('Fix…');
      const logB = vscode.l10n.t('Show Log');
      const text = vscode.l10n.t('Redis Cluster "{0}": {1} problem(s): {2}', t.label, errors.length, errors[0]?.message ?? '');
      void vscode.window.showWarningMessage(text, ...(fixable ? [fixB] : []), logB).then((a) => {
        if (a === fixB) void vscode.commands.executeCommand('redisCluster.fix', { profile: t.name });
        if (a === logB) s.log.show();
      });
    }
    await s.connections.refresh(t.name);
    return r;
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Redis Cluster "{0}": check failed: {1}', t.label, errorText(e)));
    return undefined;
  }
}

/** What fix will do, from a check report: for the preview and the confirmation. */
export function fixIntentions(r: CheckReport): string[] {
  const lines: string[] = [];
  for (const o of r.openSlots) {
    // Replica copies alone (Valkey 8) follow their masters; fix has nothing to do there.
    if (!o.migrating.length && !o.importing.length) continue;
    const how = [
      ...o.migrating.map((m) => vscode.l10n.t('migrating {0}→{1}', shortId(m.node), shortId(m.to))),
      ...o.importing.map((i) => vscode.l10n.t('importing on {0} from {1}', shortId(i.node), shortId(i.from))),
    ].join(', ');
    lines.push(
      vscode.l10n.t('slot {0} ({1}): finish the migration if the target holds keys of it, else set it back to its owner', o.slot, how),
    );
  }
  if (r.uncovered.length) {
    lines.push(
      vscode.l10n.t(
        '{0} uncovered slot(s) {1}: each goes to the master holding its keys, else to the one with fewest slots',
        countSlots(r.uncovered),
        formatRanges(r.uncovered),
      ),
    );
  }
  for (const p of r.problems.filter((x) => !x.fixable && x.severity === 'error'))
    lines.push(vscode.l10n.t('not repaired by fix: {0}', p.message));
  return lines;
}

function fixSummary(r: FixReport): string {
  const n = (a: string) => r.actions.filter((x) => x.action === a).length;
  const after = r.after.ok
    ? vscode.l10n.t('the cluster checks OK now')
    : vscode.l10n.t('still {0} problem(s): run Check', r.after.problems.filter((p) => p.severity === 'error').length);
  return vscode.l10n.t(
    'Fix: {0} migration(s) finished, {1} slot(s) set back, {2} slot(s) assigned, {3} skipped, {4} failed; {5}.',
    n('finished-migration'),
    n('set-back'),
    n('assigned'),
    n('skipped'),
    n('failed'),
    after,
  );
}

async function askReplace(q: FixQuestion): Promise<boolean> {
  const go = vscode.l10n.t("Replace the target's copy");
  const a = await vscode.window.showWarningMessage(
    vscode.l10n.t('Slot {0}: a key exists on both sides', q.slot),
    {
      modal: true,
      detail:
        `${q.message}\n\n` +
        `${vscode.l10n.t("Replacing drops the target's value of that key. Cancel leaves the slot open for you to inspect.")}`,
    },
    go,
  );
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
    void vscode.window.showErrorMessage(vscode.l10n.t('Redis Cluster "{0}": check before fix failed: {1}', t.label, errorText(e)));
    return { ok: false, error: errorText(e) };
  }
  if (before.openSlots.length === 0 && before.uncovered.length === 0) {
    const rest = before.problems.filter((p) => p.severity === 'error');
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Redis Cluster "{0}": nothing for fix to repair (no open or uncovered slot){1}.',
        t.label,
        rest.length ? vscode.l10n.t('; {0} other problem(s): run Check', rest.length) : '',
      ),
    );
    return { ok: false, error: 'nothing to fix' };
  }
  const plan = fixIntentions(before);
  const preview = [
    `# ${vscode.l10n.t('Fix "{0}": what will happen', t.label)}`,
    '',
    ...plan.map((l) => `- ${l}`),
    '',
    checkMarkdown(vscode.l10n.t('Check before fix'), before),
  ];
  await s.previews.show(vscode.l10n.t('Fix {0}', t.label), preview.join('\n'));
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title: vscode.l10n.t('Fix "{0}"', t.label),
    yes: o.yes,
    detail:
      `${plan.slice(0, 5).join('\n')}${plan.length > 5 ? `\n${vscode.l10n.t('… {0} more (see the preview)', plan.length - 5)}` : ''}` +
      `\n\n${vscode.l10n.t('Anything that could drop a key asks again.')}`,
    cliLine: fixCommandLine(profileFileArg(t.profile.name), !!o.replace),
    run: (progress, signal) =>
      fixCluster(t.session, { signal, replace: o.replace, confirm: askReplace, onProgress: (m) => progress.text(m) }),
    summary: fixSummary,
  });
}

export function healthCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.check': (arg) => check(s, arg),
    'redisCluster.fix': (arg) => fix(s, arg),
  };
}
