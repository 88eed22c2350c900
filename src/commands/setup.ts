// Set Up Cluster…: create a cluster from empty, cluster-enabled nodes. Asks for the nodes, replicas per master and
// the connection settings (an existing profile's TLS/auth, or plain/TLS with a CA file), checks every node and
// names each one that is not usable, previews the plan, confirms, creates it under progress, then offers to
// save a workspace profile for it.
//
// Explicit callers: executeCommand('redisCluster.setUpCluster', { profile: 'base', nodes: [...], replicas: 1,
// saveAs: 'new', yes: true }) skips every prompt (the profile's TLS/auth settings are used).
import * as vscode from 'vscode';
import { errorText } from '../core/errors';
import { type CreateResult, checkCreateNodes, createCluster, createCommandLine, sessionForNewCluster } from '../core/ops/create';
import { type CreatePlan, formatCreatePlan, planCreate } from '../core/plan/create';
import type { ClusterProfile } from '../core/profile';
import { profileId } from '../core/profileRef';
import type { Services } from '../services';
import type { UsableEntry } from '../services/profileStore';
import { type AdminOptions, adminOptions } from './adminOptions';
import { formatDuration, parseNodeList, profileFileArg } from './adminText';
import type { CommandHandler } from './types';
import { runOperation } from './runOperation';
import { masters } from '../core/nodeLookup';

interface Base {
  /** Profile name the settings came from, if any (for the CLI line). */
  name?: string;
  profile: ClusterProfile;
  password?: string;
}

async function askBase(s: Services, o: AdminOptions): Promise<Base | undefined> {
  if (o.profile) {
    let entry: UsableEntry;
    try {
      entry = s.profiles.usable(o.profile);
    } catch (e) {
      void vscode.window.showErrorMessage(`Redis Cluster: ${errorText(e)}`);
      return undefined;
    }
    return { name: entry.name, profile: entry.profile, password: await s.profiles.password(entry) };
  }
  const profiles = s.profiles.list().filter((e) => e.profile);
  const picked = await vscode.window.showQuickPick(
    [
      ...profiles.map((e) => ({ label: `Like profile "${e.name}"`, detail: `TLS ${e.profile?.tls ? 'on' : 'off'}${e.profile?.username ? `, user ${e.profile.username}` : ''}, same password`, key: e.id })),
      { label: 'Plain TCP (no TLS)', detail: 'Only for a local test cluster', key: ':plain' },
      { label: 'TLS with a CA file…', detail: 'Pick the CA certificate that signed the nodes\' certificates', key: ':tls' },
    ],
    { title: 'Redis Cluster: Set Up Cluster (1/3): connection settings of the new nodes', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (!picked.key.startsWith(':')) {
    const entry = s.profiles.usable(picked.key);
    return { name: entry.name, profile: entry.profile, password: await s.profiles.password(entry) };
  }
  let tls: ClusterProfile['tls'] = false;
  if (picked.key === ':tls') {
    const ca = await vscode.window.showOpenDialog({ title: 'CA certificate of the new nodes', canSelectMany: false, filters: { Certificates: ['pem', 'crt', 'cer'], All: ['*'] } });
    if (!ca?.length) return undefined;
    tls = { ca: ca[0].fsPath };
  }
  const password = await vscode.window.showInputBox({ title: 'Password of the new nodes (requirepass); empty for none', password: true, ignoreFocusOut: true });
  if (password === undefined) return undefined;
  if (password) s.log.addSecret(password);
  return { profile: { name: 'new-cluster', nodes: [], tls }, password: password || undefined };
}

function planMarkdown(plan: CreatePlan, cliLine: string): string {
  return [
    `# Set up a cluster: ${plan.masters.length} masters, ${plan.replicas.length} replicas`, '',
    'Slots are assigned with ADDSLOTSRANGE, nodes MEET, replicas REPLICATE once all agree; then SET/GET is tested on keys of every master.', '',
    '```text', ...formatCreatePlan(plan), '```', '',
    '---', 'Equivalent command line:', '', `    ${cliLine}`, '',
  ].join('\n');
}

async function offerSave(s: Services, r: CreateResult, base: Base, saveAs: string | undefined, yes: boolean | undefined): Promise<string | undefined> {
  let name = saveAs;
  if (!name && !yes) {
    const a = await vscode.window.showInformationMessage(`Redis Cluster: the new cluster answers on ${r.seeds.join(', ')}. Save a workspace profile for it?`, 'Save Profile…');
    if (!a) return undefined;
    name = await vscode.window.showInputBox({
      title: 'Name of the new profile', value: `cluster-${r.seeds[0]?.replace(/[^\w]+/g, '-')}`, ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() ? 'A name' : s.profiles.list().some((e) => e.scope === 'workspace' && e.name === v.trim()) ? `"${v.trim()}" exists already` : undefined),
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
  const o = adminOptions(arg);
  const base = await askBase(s, o);
  if (!base) return undefined;
  let addresses = o.nodes;
  if (!addresses) {
    const text = await vscode.window.showInputBox({
      title: 'Redis Cluster: Set Up Cluster (2/3): nodes', prompt: 'host:port of every empty, cluster-enabled node, separated by commas',
      placeHolder: '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003,127.0.0.1:7004,127.0.0.1:7005', ignoreFocusOut: true,
      validateInput: (v) => { const r = parseNodeList(v); return 'error' in r ? r.error : undefined; },
    });
    if (!text) return undefined;
    const r = parseNodeList(text);
    if ('error' in r) return undefined;
    addresses = r.addresses;
  }
  let replicas = o.replicas;
  if (replicas === undefined) {
    const text = await vscode.window.showInputBox({
      title: 'Redis Cluster: Set Up Cluster (3/3): replicas per master', value: '1', ignoreFocusOut: true,
      validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'A whole number >= 0'),
    });
    if (text === undefined) return undefined;
    replicas = Number(text);
  }
  let plan: CreatePlan;
  try {
    plan = planCreate(addresses, replicas);
  } catch (e) {
    void vscode.window.showErrorMessage(`Redis Cluster: cannot plan the cluster: ${errorText(e)}`);
    return { ok: false, error: errorText(e) };
  }
  const session = sessionForNewCluster(base.profile, addresses, base.password);
  try {
    const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Redis Cluster: checking ${addresses.length} nodes…` }, () => checkCreateNodes(session, addresses));
    const bad = checks.filter((c) => !c.ok);
    if (bad.length) {
      const text = bad.map((c) => `${c.address}: ${c.problem}`).join('; ');
      s.log.error(`set up refused: ${text}`);
      void vscode.window.showErrorMessage(`Redis Cluster: cannot set up the cluster; ${bad.length} of ${checks.length} node(s) not usable: ${text}`, 'Show Log').then((a) => a && s.log.show());
      return { ok: false, error: text };
    }
    const cliLine = createCommandLine(plan, base.name ? profileFileArg(base.name) : undefined);
    await s.previews.show('Set up cluster', planMarkdown(plan, cliLine));
    const outcome = await runOperation({
      s, profileName: base.name ?? '', profile: base.profile, refresh: false, yes: o.yes,
      title: `Set up a cluster of ${addresses.length} nodes`,
      detail: `${plan.masters.length} masters and ${plan.replicas.length} replicas (plan open beside).${plan.warnings.length ? `\n${plan.warnings.join('\n')}` : ''}`,
      cliLine,
      run: (p, signal) => createCluster(session, plan, { signal, onProgress: (x) => p.lifecycle(x) }),
      summary: (r) => `Cluster created: ${masters(r).length} masters, ${r.nodes.filter((n) => n.role === 'replica').length} replicas in ${formatDuration(r.totalMs)}; SET/GET tested on ${r.testedKeys.length} keys. Seeds: ${r.seeds.join(', ')}.`,
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
