// Cluster lifecycle from the palette and the tree: Add Node…, Remove Node…, Failover…, Forget Node… (Set Up
// Cluster… is in setup.ts). Each asks what it needs, plans it with the use case the CLI also calls
// (core/admin/useCases/nodes.ts: node references resolved, the request checked), explains the consequences in the
// confirmation, logs the request's CLI line and runs the core operation under a cancellable progress notification
// (runOperation.ts).
//
// Explicit callers may pass a command's options (commandArgs in adminOptions.ts), e.g.
//   executeCommand('redisCluster.failover', { profile, nodeId: replicaId, mode: 'default', yes: true })
// which skips the pickers and, with yes: true, the confirmation. The palette and tree never pass `yes`.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { FAILOVER_MODES, type FailoverMode, failover } from '../core/admin/ops/failover';
import { forgetNode } from '../core/admin/ops/forget';
import { addNode } from '../core/admin/ops/addNode';
import { removeNode } from '../core/admin/ops/removeNode';
import { adminCommandLine, profileFileName } from '../core/admin/commandLine';
import { errorText } from '../core/common/errors';
import { type NodePlan, planAddNode, planFailover, planForget, planRemoveNode } from '../core/admin/useCases/nodes';
import { countSlots } from '../core/topology/slots';
import { type ClusterNode, address, isFailing } from '../core/topology/topology';
import type { Services } from '../services';
import { commandArgs } from './adminOptions';
import { givenNode, pickOne, reachableMasters } from '../ui/adminPick';
import { failoverSummary, formatDuration, parseNodeList } from './adminText';
import type { CommandHandler } from './types';
import { paceChoices } from '../ui/paceChoice';
import { type Outcome, adminTarget, runOperation } from './runOperation';
import { shortId } from '../core/common/format';
import { nodeById } from '../core/topology/nodeLookup';

const label = (n: ClusterNode) => `${address(n)} (${shortId(n.id)})`;

/** The use case's plan, or the failed outcome after telling the user why the request cannot be planned. */
function planned<P extends NodePlan>(title: string, make: () => P): P | { ok: false; error: string } {
  try {
    return make();
  } catch (e) {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster: cannot plan {0}: {1}', title, errorText(e)));
    return { ok: false, error: errorText(e) };
  }
}

async function addNodeCmd(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'addNode');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const newAddress =
    o.address ??
    (await vscode.window.showInputBox({
      title: l10n.t('Redis Cluster: add a node to "{0}"', t.label),
      prompt: l10n.t('host:port of an empty, cluster-enabled node (same TLS and password as the cluster)'),
      placeHolder: '127.0.0.1:7006',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseNodeList(v);
        return 'error' in r ? r.error : r.addresses.length !== 1 ? l10n.t('One node at a time') : undefined;
      },
    }));
  if (!newAddress) return undefined;
  const parsed = parseNodeList(newAddress);
  const addr = 'addresses' in parsed ? parsed.addresses[0] : newAddress;
  let replicaOf = o.replicaOf;
  if (!replicaOf && !o.asMaster && !o.yes) {
    const ms = reachableMasters(t.topology).filter((m) => !isFailing(m));
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: l10n.t('As an empty master'),
          detail: l10n.t('It owns no slots until you rebalance with "use empty masters" or reshard to it.'),
          id: '',
        },
        ...ms.map((m) => ({
          label: l10n.t('As a replica of {0}', address(m)),
          description: l10n.t('{0} · {1} slots', shortId(m.id), countSlots(m.slots)),
          id: m.id,
        })),
      ],
      { title: l10n.t('Redis Cluster: role of {0}', addr), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    replicaOf = picked.id || undefined;
  }
  const role = replicaOf ? l10n.t('a replica of {0}', shortId(replicaOf)) : l10n.t('an empty master');
  const title = l10n.t('Add {0} as {1}', addr, role);
  const plan = planned(title, () => planAddNode(t.topology, { action: 'add-node', address: addr, replicaOf }));
  if ('ok' in plan) return plan;
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    yes: o.yes,
    detail: replicaOf
      ? l10n.t(
          '{0} is checked (reachable, cluster mode, empty), met into "{1}", made a replica; done once all nodes know it.',
          addr,
          t.label,
        )
      : l10n.t(
          '{0} is checked (reachable, cluster-enabled, empty), met into "{1}"; success is reported once every node knows it.',
          addr,
          t.label,
        ),
    cliLine: adminCommandLine(plan.request, profileFileName(t.profile.name)),
    run: (p, signal) => addNode(t.session, plan.address, { replicaOf: plan.request.replicaOf, signal, onProgress: (x) => p.lifecycle(x) }),
    summary: (r) =>
      l10n.t(
        '{0} joined "{1}" as {2} ({3}); known by every node after {4}, total {5}.',
        r.address,
        t.label,
        r.role,
        shortId(r.id),
        formatDuration(r.knownByAllMs),
        formatDuration(r.totalMs),
      ),
  });
}

async function removeNodeCmd(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'removeNode');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const node = o.nodeId
    ? givenNode(t.topology, o.nodeId, t.label)
    : await pickOne(
        t.topology,
        t.topology.nodes.filter((n) => !isFailing(n)),
        l10n.t('Redis Cluster: remove which node from "{0}"?', t.label),
      );
  if (!node) return undefined;
  let shutdown = o.shutdown;
  if (shutdown === undefined && !o.yes) {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: l10n.t('Leave the process running'),
          detail: l10n.t('Redis 7.0 keeps a removed node running (reset, outside any cluster); stop it yourself later.'),
          shutdown: false,
        },
        {
          label: l10n.t('Shut the node down'),
          detail: l10n.t('SHUTDOWN after it left the cluster: the process exits.'),
          shutdown: true,
        },
      ],
      { title: l10n.t('Redis Cluster: after removing {0}', label(node)), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    shutdown = picked.shutdown;
  }
  const slots = countSlots(node.slots);
  const replicas = t.topology.nodes.filter((n) => n.masterId === node.id);
  const steps =
    node.role === 'master'
      ? [
          slots
            ? l10n.t(
                "{0} is a master with {1} slots: they move to the other masters first (the migration engine's drain, with their keys).",
                label(node),
                slots,
              )
            : l10n.t('{0} is a master without slots.', label(node)),
          replicas.length
            ? l10n.t('Its {0} replica(s) ({1}) are moved to another master.', replicas.length, replicas.map(address).join(', '))
            : '',
          l10n.t('Then every node forgets it.'),
        ]
      : [l10n.t('Every node forgets replica {0}.', label(node))];
  steps.push(
    shutdown
      ? l10n.t('Then it is reset and shut down.')
      : l10n.t('Then it is reset (CLUSTER RESET SOFT) and left running: Redis 7.0 does not stop a removed node.'),
  );
  const title = l10n.t('Remove {0}', label(node));
  const plan = planned(title, () => planRemoveNode(t.topology, { action: 'del-node', node: node.id, shutdown }));
  if ('ok' in plan) return plan;
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    yes: o.yes,
    detail: steps.filter(Boolean).join('\n'),
    cliLine: (pace) => adminCommandLine({ ...plan.request, pace }, profileFileName(t.profile.name)),
    // A master with slots is drained first: its pace is asked for in the confirmation.
    ...(plan.drainSlots ? { choices: paceChoices() } : {}),
    run: (p, signal, pace) => removeNode(t.session, plan.node.id, { shutdown, signal, onProgress: (x) => p.lifecycle(x), pace }),
    summary: (r) =>
      r.drainedSlots
        ? l10n.t(
            'Removed {0} ({1}, {2} slots drained first) in {3}. {4}',
            r.address,
            r.role,
            r.drainedSlots,
            formatDuration(r.totalMs),
            r.note,
          )
        : l10n.t('Removed {0} ({1}) in {2}. {3}', r.address, r.role, formatDuration(r.totalMs), r.note),
  });
}

async function forgetCmd(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'forget');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const failing = t.topology.nodes.filter(isFailing);
  if (!o.nodeId && failing.length === 0) {
    void vscode.window.showInformationMessage(
      l10n.t('Redis Cluster "{0}": no node is failing; Forget Node is for dead nodes. Use Remove Node… for a live one.', t.label),
    );
    return undefined;
  }
  const node = o.nodeId
    ? givenNode(t.topology, o.nodeId, t.label)
    : await pickOne(t.topology, failing, l10n.t('Redis Cluster: forget which failed node of "{0}"?', t.label));
  if (!node) return undefined;
  const title = l10n.t('Forget {0}', label(node));
  const plan = planned(title, () => planForget(t.topology, { action: 'forget', node: node.id }));
  if ('ok' in plan) return plan;
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    yes: o.yes,
    detail: [
      l10n.t('Every remaining node runs CLUSTER FORGET {0}, repeated until none lists it (within the 60 s ban window).', shortId(node.id)),
      l10n.t('If the process comes back it must be reset before it can rejoin.'),
    ].join(' '),
    cliLine: adminCommandLine(plan.request, profileFileName(t.profile.name)),
    run: (p, signal) => forgetNode(t.session, node.id, { signal, onProgress: (x) => p.lifecycle(x) }),
    summary: (r) =>
      r.failed.length
        ? l10n.t(
            'Forgot {0} on {1} node(s) in {2}; failed on {3}.',
            r.address,
            r.forgotten.length,
            formatDuration(r.totalMs),
            r.failed.map((f) => `${f.address} (${f.error})`).join(', '),
          )
        : l10n.t('Forgot {0} on {1} node(s) in {2}.', r.address, r.forgotten.length, formatDuration(r.totalMs)),
  });
}

async function failoverCmd(s: Services, arg: unknown): Promise<Outcome<unknown> | undefined> {
  const o = commandArgs(arg, 'failover');
  const t = await adminTarget(s, arg);
  if (!t) return undefined;
  const replicas = t.topology.nodes.filter((n) => n.role === 'replica' && !isFailing(n));
  const node = o.nodeId
    ? givenNode(t.topology, o.nodeId, t.label)
    : await pickOne(
        t.topology,
        replicas,
        l10n.t('Redis Cluster: fail over to which replica of "{0}"?', t.label),
        l10n.t('The replica becomes master; its master becomes its replica'),
      );
  if (!node) return undefined;
  if (node.role !== 'replica') {
    void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0} is a master; run Failover… on one of its replicas.', label(node)));
    return { ok: false, error: 'not a replica' };
  }
  let mode: FailoverMode | undefined = o.mode ?? (o.yes ? 'default' : undefined);
  if (!mode) {
    const picked = await vscode.window.showQuickPick(
      (Object.entries(FAILOVER_MODES) as [FailoverMode, { label: string; risk: string }][]).map(([m, d]) => ({
        label: d.label,
        detail: d.risk,
        mode: m,
      })),
      { title: l10n.t('Redis Cluster: failover mode for {0}', label(node)), ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    mode = picked.mode;
  }
  const master = nodeById(t.topology.nodes, node.masterId);
  const chosen = mode;
  const title = l10n.t('Failover to {0}', label(node));
  const plan = planned(title, () => planFailover(t.topology, { action: 'failover', node: node.id, mode: chosen }));
  if ('ok' in plan) return plan;
  return runOperation({
    s,
    profileName: t.name,
    profile: t.profile,
    title,
    yes: o.yes,
    detail: `${
      master
        ? l10n.t('{0} becomes master in place of {1}, which becomes its replica.', label(node), label(master))
        : l10n.t('{0} becomes master.', label(node))
    }\n${l10n.t('Mode {0}: {1}', FAILOVER_MODES[chosen].label, FAILOVER_MODES[chosen].risk)}`,
    cliLine: adminCommandLine(plan.request, profileFileName(t.profile.name)),
    run: (p, signal) => failover(t.session, node.id, { mode: chosen, signal, onProgress: (x) => p.lifecycle(x) }),
    summary: failoverSummary,
  });
}

export function lifecycleCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.addNode': (arg) => addNodeCmd(s, arg),
    'redisCluster.removeNode': (arg) => removeNodeCmd(s, arg),
    'redisCluster.forgetNode': (arg) => forgetCmd(s, arg),
    'redisCluster.failover': (arg) => failoverCmd(s, arg),
  };
}
