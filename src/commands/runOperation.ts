// The shared runner of every admin action: the safety gate, the log line, progress with cancel, the topology
// refresh and the result or error message. Commands build the plan and the texts; this runs it.
//
// API
//   runOperation<T>(spec: OperationSpec<T>): Promise<Outcome<T>>
//   interface ProgressSink { migration(p), lifecycle(p), text(message, percent?) }
//   adminTarget(s, arg): Promise<AdminTarget | undefined>   profile name + ConnectionManager.target(name, fresh)
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import type { LifecycleProgress } from '../core/admin/ops/lifecycle-util';
import type { MigrationProgress } from '../core/admin/ops/migrate';
import type { ClusterProfile } from '../core/profiles/profile';
import type { Services } from '../services';
import type { ClusterTarget } from '../services/connections';
import { lifecycleProgressText, migrationProgressText, percentOf } from './adminText';
import { type Choice, confirmAction, confirmChoice } from '../ui/confirm';
import { pickProfile } from '../ui/pick';

export interface ProgressSink {
  migration(p: MigrationProgress): void;
  lifecycle(p: LifecycleProgress): void;
  text(message: string, percent?: number): void;
}

export interface OperationSpec<T, C = undefined> {
  s: Services;
  profileName: string;
  /** The profile whose readOnly/protected flags gate the action. */
  profile: ClusterProfile;
  /** "Reshard 100 slots": the notification's title and the start of every message. */
  title: string;
  /** What will change, shown in the confirmation. */
  detail: string;
  /** The equivalent CLI line (adminCommandLine), written to the log before anything runs; it may depend on the choice. */
  cliLine: string | ((choice: C | undefined) => string);
  /** Skip the confirmation (an explicit caller's `yes: true`). Read-only still refuses; protected still asks. */
  yes?: boolean;
  /** Ways to go ahead offered in the confirmation; the value of the one picked (first when not asked) reaches run. */
  choices?: readonly Choice<C>[];
  run(progress: ProgressSink, signal: AbortSignal, choice: C | undefined): Promise<T>;
  summary(result: T): string;
  /** A read-only action (Check): no confirmation, allowed on read-only profiles. */
  readOnly?: boolean;
  /** Tells the user the result instead of the default information message; awaited before the command returns. */
  notify?(result: T, message: string): Promise<void>;
  /** Refresh this profile's topology afterwards (default: profileName). False for none. */
  refresh?: string | false;
}

export type Outcome<T> = { ok: true; result: T; message: string } | { ok: false; error?: string; declined?: boolean };

export async function runOperation<T, C = undefined>(spec: OperationSpec<T, C>): Promise<Outcome<T>> {
  const { s, title } = spec;
  let choice = spec.choices?.[0]?.value;
  if (!spec.readOnly && (!spec.yes || spec.profile.readOnly || spec.profile.protected)) {
    // confirmAction refuses read-only profiles with a message, and asks protected ones for the typed name:
    // no caller's `yes` (another extension, a script) can stand in for the person typing it.
    const picked = spec.choices
      ? await confirmChoice(spec.profile, `${title}?`, spec.detail, spec.choices)
      : (await confirmAction(spec.profile, `${title}?`, spec.detail, 'admin'))
        ? { value: undefined }
        : undefined;
    if (picked === undefined) {
      s.log.info(`${title}: not confirmed, nothing changed`);
      return { ok: false, declined: true };
    }
    choice = picked.value;
  }
  const cliLine = typeof spec.cliLine === 'function' ? spec.cliLine(choice) : spec.cliLine;
  s.log.action(s.replay.line(cliLine, spec.profile));
  const t0 = Date.now();
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Redis Cluster: {0}', title), cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => {
          s.log.info(`${title}: cancel requested; stopping at the next safe point`);
          ac.abort();
        });
        let last = 0;
        const report = (message: string, percent?: number) => {
          // VS Code adds increments up; phases that restart their own count must not move the bar back.
          const increment = percent !== undefined && percent > last ? percent - last : undefined;
          if (increment) last = percent as number;
          progress.report({ message, increment });
        };
        const sink: ProgressSink = {
          migration: (p) => report(migrationProgressText(p), percentOf(p)),
          lifecycle: (p) => {
            report(lifecycleProgressText(p));
            s.log.info(`${title}: ${p.phase}: ${p.message}`);
          },
          text: (m, pct) => report(m, pct),
        };
        try {
          return await spec.run(sink, ac.signal, choice);
        } finally {
          sub.dispose();
        }
      },
    );
    const message = spec.summary(result);
    s.log.info(message);
    if (spec.notify) await spec.notify(result, message);
    else void vscode.window.showInformationMessage(l10n.t('Redis Cluster: {0}', message));
    return { ok: true, result, message };
  } catch (e) {
    const error = errorText(e);
    s.log.error(`${title} failed after ${Date.now() - t0} ms: ${error}`);
    const checkB = l10n.t('Run Check');
    const logB = l10n.t('Show Log');
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0} failed: {1}', title, error), checkB, logB).then((a) => {
      if (a === checkB) void vscode.commands.executeCommand('redisCluster.check', { profile: spec.profileName });
      if (a === logB) s.log.show();
    });
    return { ok: false, error };
  } finally {
    const name = spec.refresh === undefined ? spec.profileName : spec.refresh;
    if (name) await s.connections.refresh(name).catch(() => undefined);
  }
}

export interface AdminTarget extends ClusterTarget {
  /** The profile id: the key for connections and refreshes. */
  name: string;
  /** What messages show: the name, plus the scope when two profiles share it. */
  label: string;
}

/** The profile and a fresh topology for an admin command: plans start from the cluster as it is, not the tree's copy. */
export async function adminTarget(s: Services, arg: unknown): Promise<AdminTarget | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  try {
    return { name, label: s.profiles.label(name), ...(await s.connections.target(name, { fresh: true })) };
  } catch (e) {
    void vscode.window
      .showErrorMessage(
        l10n.t('Redis Cluster "{0}": cannot read the topology: {1}', s.profiles.label(name), errorText(e)),
        l10n.t('Show Log'),
      )
      .then((a) => (a ? s.log.show() : undefined));
    return undefined;
  }
}
