// Set Up Cluster…: create a cluster from empty, cluster-enabled nodes. Asks for the nodes, replicas per master and
// the connection settings (an existing profile's TLS/auth, or plain/TLS with a CA file), checks every node and
// names each one that is not usable, previews the plan, confirms, creates it under progress, then offers to
// save a workspace profile for it.
//
// Explicit callers: executeCommand('redisCluster.setUpCluster', { profile: 'base', nodes: [...], replicas: 1,
// saveAs: 'new', yes: true }) skips every prompt (the profile's TLS/auth settings are used).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import * as md from '../core/reports/markdown';
import { errorText } from '../core/common/errors';
import { type CreateResult, checkCreateNodes, createCluster, createCommandLine, sessionForNewCluster } from '../core/admin/ops/create';
import { type CreatePlan, formatCreatePlan, planCreate } from '../core/admin/plan/create';
import type { ClusterProfile } from '../core/profiles/profile';
import { profileId } from '../core/profiles/profileRef';
import type { Services } from '../services';
import type { UsableEntry } from '../services/profileStore';
import { type ArgsOf, commandArgs } from './adminOptions';
import { formatDuration, parseNodeList, profileFileArg } from './adminText';
import type { CommandHandler } from './types';
import { runOperation } from './runOperation';
import { masters } from '../core/topology/nodeLookup';

interface Base {
  /** Profile name the settings came from, if any (for the CLI line). */
  name?: string;
  profile: ClusterProfile;
  password?: string;
}

async function askBase(s: Services, o: ArgsOf<'setup'>): Promise<Base | undefined> {
  if (o.profile) {
    let entry: UsableEntry;
    try {
      entry = s.profiles.usable(o.profile);
    } catch (e) {
      void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0}', errorText(e)));
      return undefined;
    }
    return { name: entry.name, profile: entry.profile, password: await s.profiles.password(entry) };
  }
  const profiles = s.profiles.list().filter((e) => e.profile);
  const picked = await vscode.window.showQuickPick(
    [
      ...profiles.map((e) => ({
        label: l10n.t('Like profile "{0}"', e.name),
        detail: e.profile?.tls
          ? e.profile.username
            ? l10n.t('TLS on, user {0}, same password', e.profile.username)
            : l10n.t('TLS on, same password')
          : e.profile?.username
            ? l10n.t('TLS off, user {0}, same password', e.profile.username)
            : l10n.t('TLS off, same password'),
        key: e.id,
      })),
      { label: l10n.t('Plain TCP (no TLS)'), detail: l10n.t('Only for a local test cluster'), key: ':plain' },
      {
        label: l10n.t('TLS with a CA file…'),
        detail: l10n.t("Pick the CA certificate that signed the nodes' certificates"),
        key: ':tls',
      },
    ],
    { title: l10n.t('Redis Cluster: Set Up Cluster (1/3): connection settings of the new nodes'), ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (!picked.key.startsWith(':')) {
    const entry = s.profiles.usable(picked.key);
    return { name: entry.name, profile: entry.profile, password: await s.profiles.password(entry) };
  }
  let tls: ClusterProfile['tls'] = false;
  if (picked.key === ':tls') {
    const ca = await vscode.window.showOpenDialog({
      title: l10n.t('CA certificate of the new nodes'),
      canSelectMany: false,
      filters: { [l10n.t('Certificates')]: ['pem', 'crt', 'cer'], [l10n.t('All')]: ['*'] },
    });
    if (!ca?.length) return undefined;
    tls = { ca: ca[0].fsPath };
  }
  const password = await vscode.window.showInputBox({
    title: l10n.t('Password of the new nodes (requirepass); empty for none'),
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return undefined;
  if (password) s.log.addSecret(password);
  return { profile: { name: 'new-cluster', nodes: [], tls }, password: password || undefined };
}

function planMarkdown(plan: CreatePlan, cliLine: string): string {
  return md.document(
    md.heading(1, l10n.t('Set up a cluster: {0} masters, {1} replicas', plan.masters.length, plan.replicas.length)),
    '',
    md.text(l10n.t('ADDSLOTSRANGE, then MEET, then REPLICATE once all agree; then SET/GET is tested on keys of every master.')),
    '',
    md.codeBlock(formatCreatePlan(plan)),
    '',
    md.commandLine(l10n.t('Equivalent command line:'), cliLine),
  );
}

async function offerSave(
  s: Services,
  r: CreateResult,
  base: Base,
  saveAs: string | undefined,
  yes: boolean | undefined,
): Promise<string | undefined> {
  let name = saveAs;
  if (!name && !yes) {
    const a = await vscode.window.showInformationMessage(
      l10n.t('Redis Cluster: the new cluster answers on {0}. Save a workspace profile for it?', r.seeds.join(', ')),
      l10n.t('Save Profile…'),
    );
    if (!a) return undefined;
    name = await vscode.window.showInputBox({
      title: l10n.t('Name of the new profile'),
      value: `cluster-${r.seeds[0]?.replace(/[^\w]+/g, '-')}`,
      ignoreFocusOut: true,
      validateInput: (v) =>
        !v.trim()
          ? l10n.t('A name')
          : s.profiles.list().some((e) => e.scope === 'workspace' && e.name === v.trim())
            ? l10n.t('"{0}" exists already', v.trim())
            : undefined,
    });
  }
  if (!name?.trim()) return undefined;
  const profile: ClusterProfile = { ...r.profile, name: name.trim(), readOnly: undefined, protected: undefined };
  for (const k of ['readOnly', 'protected'] as const) delete profile[k];
  await s.profiles.save(profile, 'workspace');
  // The base profile's password env variable carries over; a typed password goes to SecretStorage.
  if (base.password && !profile.passwordEnv) await s.profiles.setPassword(profileId('workspace', profile.name), base.password);
  s.log.info(`saved workspace profile "${profile.name}" for the new cluster (${profile.nodes.join(', ')})`);
  return profile.name;
}

async function setUp(s: Services, arg: unknown): Promise<unknown> {
  const o = commandArgs(arg, 'setup');
  const base = await askBase(s, o);
  if (!base) return undefined;
  let addresses = o.nodes;
  if (!addresses) {
    const text = await vscode.window.showInputBox({
      title: l10n.t('Redis Cluster: Set Up Cluster (2/3): nodes'),
      prompt: l10n.t('host:port of every empty, cluster-enabled node, separated by commas'),
      placeHolder: '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003,127.0.0.1:7004,127.0.0.1:7005',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseNodeList(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (!text) return undefined;
    const r = parseNodeList(text);
    if ('error' in r) return undefined;
    addresses = r.addresses;
  }
  let replicas = o.replicas;
  if (replicas === undefined) {
    const text = await vscode.window.showInputBox({
      title: l10n.t('Redis Cluster: Set Up Cluster (3/3): replicas per master'),
      value: '1',
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : l10n.t('A whole number >= 0')),
    });
    if (text === undefined) return undefined;
    replicas = Number(text);
  }
  let plan: CreatePlan;
  try {
    plan = planCreate(addresses, replicas);
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster: cannot plan the cluster: {0}', errorText(e)));
    return { ok: false, error: errorText(e) };
  }
  const session = sessionForNewCluster(base.profile, addresses, base.password);
  try {
    const checks = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Redis Cluster: checking {0} nodes…', addresses.length) },
      () => checkCreateNodes(session, addresses),
    );
    const bad = checks.filter((c) => !c.ok);
    if (bad.length) {
      const text = bad.map((c) => `${c.address}: ${c.problem}`).join('; ');
      s.log.error(`set up refused: ${text}`);
      void vscode.window
        .showErrorMessage(
          l10n.t('Redis Cluster: cannot set up the cluster; {0} of {1} node(s) not usable: {2}', bad.length, checks.length, text),
          l10n.t('Show Log'),
        )
        .then((a) => a && s.log.show());
      return { ok: false, error: text };
    }
    const cliLine = createCommandLine(plan, base.name ? profileFileArg(base.name) : undefined);
    await s.previews.show(l10n.t('Set up cluster'), planMarkdown(plan, cliLine));
    const outcome = await runOperation({
      s,
      profileName: base.name ?? '',
      profile: base.profile,
      refresh: false,
      yes: o.yes,
      title: l10n.t('Set up a cluster of {0} nodes', addresses.length),
      detail:
        l10n.t('{0} masters and {1} replicas (plan open beside).', plan.masters.length, plan.replicas.length) +
        (plan.warnings.length ? `\n${plan.warnings.join('\n')}` : ''),
      cliLine,
      run: (p, signal) => createCluster(session, plan, { signal, onProgress: (x) => p.lifecycle(x) }),
      summary: (r) =>
        l10n.t(
          'Cluster created: {0} masters, {1} replicas in {2}; SET/GET tested on {3} keys. Seeds: {4}.',
          masters(r).length,
          r.nodes.filter((n) => n.role === 'replica').length,
          formatDuration(r.totalMs),
          r.testedKeys.length,
          r.seeds.join(', '),
        ),
    });
    if (!outcome.ok) return outcome;
    const saved = await offerSave(s, outcome.result, base, o.saveAs, o.yes);
    return { ...outcome, saved };
  } finally {
    await session.close();
  }
}

export function setUpCommands(s: Services): Record<string, CommandHandler> {
  return { 'redisCluster.setUpCluster': (arg) => setUp(s, arg) };
}
