// Repairs what `check` finds and what a crashed or failed migration leaves behind.
//
// Open slots (one source M, one target T):
//   - keys on T (or on both sides): finish the migration M -> T with the same protocol as the executor;
//   - no key on T: set the slot back (STABLE on M first so no new ASK reaches T, then re-count T, then
//     STABLE on T; if a key arrived on T meanwhile, finish instead);
//   - a key that exists on both sides (BUSYKEY) is only overwritten with T's copy replaced by M's after
//     opts.confirm says yes (or opts.replace): that drops T's value of that key.
// Uncovered slots: no master has keys in it -> assigned to the master with the fewest slots; exactly one
// master has keys -> assigned to it; several -> left alone and reported (a merge could drop keys).
// Anything else (a slot open on several masters, a failing node involved) is reported, not touched. Replicas'
// copies of a master's state (Valkey 8) are not sides: fix closes the masters' states and checks the copies clear.
//
// Public API:
//   fixCluster(session, opts?: FixOptions): Promise<FixReport>
//   interface FixQuestion { kind: 'replace-keys'; slot; message }  — what confirm is asked
import type { ClusterSession } from '../../connection/session';
import { assertWritable, errorText } from '../../common/errors';
import { agreementProblems, readAllViews, waitUntil } from '../../topology/agreement';
import { type ClusterNode, type Topology, address, discoverTopology, isFailing } from '../../topology/topology';
import { countSlots, expandRanges } from '../../topology/slots';
import { type CheckReport, type OpenSlotInfo, checkCluster } from './check';
import { type OwnerChange, announceOwners } from './announce';
import { type LockUse, withAdminLock } from './lock';
import type { GroupResult, PairContext } from './migrateSlots';
import { runLane } from './migrateLane';
import { shortId } from '../../common/format';
import { masters, nodeById } from '../../topology/nodeLookup';

export interface FixQuestion {
  kind: 'replace-keys';
  slot: number;
  message: string;
}

export interface FixOptions {
  /** Asked before anything that could drop keys; no callback means "no". */
  confirm?: (q: FixQuestion) => Promise<boolean>;
  /** Pre-answered yes to every question (the CLI's --yes). */
  replace?: boolean;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
  /** Default 'take'; a cluster that is down cannot store the lock, and fix then runs without it (a warning says so). */
  lock?: LockUse;
}

export interface FixAction {
  slot?: number;
  action: 'finished-migration' | 'set-back' | 'assigned' | 'skipped' | 'failed';
  detail: string;
}

export interface FixReport {
  actions: FixAction[];
  before: CheckReport;
  after: CheckReport;
  warnings: string[];
}

async function count(session: ClusterSession, node: ClusterNode, slot: number): Promise<number> {
  return Number(await (await session.node(address(node))).call('CLUSTER', 'COUNTKEYSINSLOT', slot));
}

async function setslot(session: ClusterSession, node: ClusterNode, ...args: (string | number)[]): Promise<void> {
  await (await session.node(address(node))).call('CLUSTER', 'SETSLOT', ...args);
}

/** Finishes one open slot with the executor's lane (a group of one), then tells the other masters. */
async function migrateOpenSlot(
  session: ClusterSession,
  topo: Topology,
  m: ClusterNode,
  t: ClusterNode,
  slot: number,
  replace: boolean,
  warnings: string[],
): Promise<GroupResult> {
  const pn = (n: ClusterNode) => ({ id: n.id, host: n.host, port: n.port, address: address(n) });
  const ctx: PairContext = {
    session,
    source: pn(m),
    target: pn(t),
    replace,
    keysPerMigrate: 1000,
    migrateTimeoutMs: 10000,
    alreadyOpen: new Set([slot]),
  };
  const r: GroupResult = { done: [], failed: [], keys: 0, warnings: [] };
  await runLane(ctx, [{ slot }], {
    shouldStop: () => false,
    targetGroupMs: 300,
    initialGroupSlots: 1,
    onGroupDone: (g) => {
      r.done.push(...g.done);
      r.failed.push(...g.failed);
      r.keys += g.keys;
      r.warnings.push(...g.warnings);
    },
  });
  if (r.done.length) {
    const others = topo.nodes
      .filter((n) => n.role === 'master' && n.id !== m.id && n.id !== t.id && !n.flags.includes('fail'))
      .map(address);
    warnings.push(...(await announceOwners(session, others, [{ slot, owner: t.id }])));
  }
  return r;
}

async function finish(
  session: ClusterSession,
  topo: Topology,
  m: ClusterNode,
  t: ClusterNode,
  slot: number,
  opts: FixOptions,
  warnings: string[],
): Promise<FixAction> {
  let r = await migrateOpenSlot(session, topo, m, t, slot, !!opts.replace, warnings);
  if (r.failed.some((f) => /BUSYKEY/.test(f.error)) && !opts.replace) {
    const ok = await (opts.confirm?.({
      kind: 'replace-keys',
      slot,
      message:
        `slot ${slot}: some keys exist on both ${address(m)} and ${address(t)}. Replace the copies ` +
        `on ${address(t)} with those of ${address(m)}? The values on ${address(t)} are lost.`,
    }) ?? Promise.resolve(false));
    if (!ok)
      return {
        slot,
        action: 'skipped',
        detail: `keys exist on both ${address(m)} and ${address(t)}; left open (answer yes / pass --yes to replace ${address(t)}'s copies)`,
      };
    r = await migrateOpenSlot(session, topo, m, t, slot, true, warnings);
  }
  if (r.failed.length) return { slot, action: 'failed', detail: `${r.failed[0].command} on ${r.failed[0].node}: ${r.failed[0].error}` };
  return {
    slot,
    action: 'finished-migration',
    detail: `moved ${r.keys} key(s) from ${address(m)} to ${address(t)}; ${address(t)} owns it`,
  };
}

async function fixOpenSlot(
  session: ClusterSession,
  topo: Topology,
  o: OpenSlotInfo,
  opts: FixOptions,
  warnings: string[],
): Promise<FixAction> {
  const byId = (id?: string) => nodeById(topo.nodes, id);
  const { slot } = o;
  if (o.migrating.length > 1 || o.importing.length > 1)
    return { slot, action: 'skipped', detail: 'open on several nodes; close it by hand with CLUSTER SETSLOT' };
  const mId = o.migrating[0]?.node ?? o.importing[0]?.from;
  const tId = o.migrating[0]?.to ?? o.importing[0]?.node;
  // A side that died and came back as a replica of the node that took over for it: that node is the side now
  // (the data of the dead node lives on there).
  const current = (n: ClusterNode | undefined) => (n && n.role === 'replica' && n.masterId ? (byId(n.masterId) ?? n) : n);
  const m = current(byId(mId));
  const t = current(byId(tId));
  if (!m || !t)
    return { slot, action: 'skipped', detail: `a node of the migration (${shortId(mId ?? '?')} -> ${shortId(tId ?? '?')}) is unknown` };
  const down = [m, t].find((n) => n.flags.includes('fail') || n.flags.includes('fail?'));
  if (down)
    return {
      slot,
      action: 'skipped',
      detail:
        `${address(down)} (${shortId(down.id)}), a side of the migration, is failing; restart it ` +
        `(or wait for its replica to take over and restart it), then run fix again`,
    };
  if (o.owner && ![m.id, t.id, mId, tId].includes(o.owner))
    return { slot, action: 'skipped', detail: `owned by ${shortId(o.owner)}, neither side of the migration` };
  if (o.owner === t.id) {
    // Ownership already moved: only stale open states remain.
    if (o.migrating.length) await setslot(session, m, slot, 'NODE', t.id);
    if (o.importing.length) await setslot(session, t, slot, 'NODE', t.id);
    return { slot, action: 'finished-migration', detail: `${address(t)} already owned it; open states cleared` };
  }
  const onTarget = await count(session, t, slot);
  if (onTarget === 0) {
    if (o.migrating.length) await setslot(session, m, slot, 'STABLE');
    if ((await count(session, t, slot)) === 0) {
      if (o.importing.length) await setslot(session, t, slot, 'STABLE');
      return { slot, action: 'set-back', detail: `no key had reached ${address(t)}; slot stays on ${address(m)}` };
    }
    await setslot(session, m, slot, 'MIGRATING', t.id);
  }
  if (o.importing[0]?.from !== m.id) await setslot(session, t, slot, 'IMPORTING', m.id);
  if (o.migrating[0]?.to !== t.id && onTarget > 0) await setslot(session, m, slot, 'MIGRATING', t.id);
  return finish(session, topo, m, t, slot, opts, warnings);
}

/**
 * A node importing from a source that died keeps mapping those slots to the dead node (Redis ignores owner
 * updates for importing slots), so once that node is a replica it sees them unassigned, reports
 * cluster_state:fail and refuses every key ("CLUSTERDOWN"). Tell it the current owner of all such slots
 * first, in one go, so the migrations can then be finished slot by slot (importing states are re-pointed
 * in fixOpenSlot).
 */
async function repointImports(session: ClusterSession, topo: Topology, open: OpenSlotInfo[], warnings: string[]): Promise<void> {
  const byId = new Map(topo.nodes.map((n) => [n.id, n]));
  const perTarget = new Map<string, OwnerChange[]>();
  for (const o of open) {
    if (o.migrating.length || o.importing.length !== 1) continue;
    const from = byId.get(o.importing[0].from);
    const owner = from?.role === 'replica' && from.masterId ? byId.get(from.masterId) : undefined;
    const t = byId.get(o.importing[0].node);
    if (!owner || !t || owner.role !== 'master' || owner.flags.some((f) => f === 'fail' || f === 'fail?')) continue;
    perTarget.set(address(t), [...(perTarget.get(address(t)) ?? []), { slot: o.slot, owner: owner.id }]);
  }
  for (const [addr, changes] of perTarget) warnings.push(...(await announceOwners(session, [addr], changes)));
}

async function fixUncovered(session: ClusterSession, topo: Topology, slots: number[]): Promise<FixAction[]> {
  const live = masters(topo).filter((n) => !isFailing(n));
  const keys = await Promise.all(
    live.map(async (n) => {
      const p = (await session.node(address(n))).pipeline();
      for (const s of slots) p.call('CLUSTER', 'COUNTKEYSINSLOT', s);
      return ((await p.exec()) ?? []).map(([e, v]) => (e ? 0 : Number(v)));
    }),
  );
  const load = new Map(live.map((n) => [n.id, countSlots(n.slots)]));
  const assign = new Map<string, number[]>();
  const actions: FixAction[] = [];
  slots.forEach((slot, i) => {
    const holders = live.filter((_, j) => keys[j][i] > 0);
    if (holders.length > 1) {
      actions.push({
        slot,
        action: 'skipped',
        detail: `keys in it on ${holders.map(address).join(' and ')}; merging could drop keys, move them by hand`,
      });
      return;
    }
    const pick = holders[0] ?? [...live].sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1))[0];
    load.set(pick.id, (load.get(pick.id) ?? 0) + 1);
    assign.set(pick.id, [...(assign.get(pick.id) ?? []), slot]);
  });
  for (const [id, list] of assign) {
    const node = nodeById(live, id) as ClusterNode;
    const client = await session.node(address(node));
    try {
      await client.call('CLUSTER', 'ADDSLOTS', ...list);
      // A fresh epoch makes this claim win over any stale view of the slots.
      await client.call('CLUSTER', 'BUMPEPOCH');
      actions.push(...list.map((slot): FixAction => ({ slot, action: 'assigned', detail: `assigned to ${address(node)}` })));
    } catch (e) {
      actions.push(
        ...list.map((slot): FixAction => ({ slot, action: 'failed', detail: `CLUSTER ADDSLOTS on ${address(node)}: ${errorText(e)}` })),
      );
    }
  }
  return actions;
}

export async function fixCluster(session: ClusterSession, opts: FixOptions = {}): Promise<FixReport> {
  assertWritable(session.profile, 'fix');
  const before = await checkCluster(session);
  const warnings: string[] = [];
  // A cluster that is down (an unassigned slot under full coverage, say) refuses every key command, the
  // lock included; fix must still be able to repair it.
  const actions = await withAdminLock(session, 'fix', opts.lock, () => fixLocked(session, before, opts, warnings), {
    required: false,
    onUnlocked: (reason) => warnings.push(reason),
  });
  const closed = actions.filter((a) => a.action === 'finished-migration' || a.action === 'set-back').map((a) => a.slot as number);
  return { actions, before, after: await afterCopiesCleared(session, closed, warnings), warnings };
}

/**
 * Valkey 8 replicates a slot's state to the replicas of both masters, and closes their copies when the masters'
 * SETSLOT reaches them. Wait briefly for that on the slots fix closed, then check; a copy that stays is a warning.
 */
async function afterCopiesCleared(session: ClusterSession, closed: number[], warnings: string[]): Promise<CheckReport> {
  let after = await checkCluster(session);
  const stale = () =>
    after.openSlots.filter((o) => closed.includes(o.slot) && o.copies.length && !o.migrating.length && !o.importing.length);
  for (let waited = 0; stale().length && waited < 5000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    after = await checkCluster(session);
  }
  for (const o of stale())
    warnings.push(
      `slot ${o.slot}: closed on the masters, but ${o.copies.map((c) => shortId(c.node)).join(', ')} still show it open ` +
        `(replica copies); they clear when replication catches up, or fail over to that replica or restart it`,
    );
  return after;
}

async function fixLocked(session: ClusterSession, before: CheckReport, opts: FixOptions, warnings: string[]): Promise<FixAction[]> {
  const actions: FixAction[] = [];
  const topo = await discoverTopology(session);
  await repointImports(session, topo, before.openSlots, warnings);
  for (const o of before.openSlots) {
    if (opts.signal?.aborted) break;
    // Replicas' copies follow their masters (Valkey 8); replicas refuse SETSLOT, so there is nothing to close there.
    if (!o.migrating.length && !o.importing.length) continue;
    opts.onProgress?.(`slot ${o.slot}: closing`);
    const a = await fixOpenSlot(session, topo, o, opts, warnings).catch(
      (e: unknown): FixAction => ({ slot: o.slot, action: 'failed', detail: errorText(e) }),
    );
    actions.push(a);
    opts.onProgress?.(`slot ${o.slot}: ${a.action} (${a.detail})`);
  }
  // Closing open slots can settle what looked uncovered (a node that mapped a slot to a dead peer): re-read.
  const uncovered = actions.length ? (await checkCluster(session)).uncovered : before.uncovered;
  if (uncovered.length && !opts.signal?.aborted) {
    opts.onProgress?.(`assigning ${countSlots(uncovered)} uncovered slot(s)`);
    actions.push(...(await fixUncovered(session, topo, expandRanges(uncovered))));
  }
  if (actions.some((a) => a.action !== 'skipped' && a.action !== 'failed')) {
    opts.onProgress?.('waiting for every node to agree');
    await waitUntil(
      async () =>
        agreementProblems(await readAllViews(session, await discoverTopology(session, { openSlots: false })), { requireOk: true })[0],
      { timeoutMs: 30000, intervalMs: 100, what: 'all nodes to agree after fix', signal: opts.signal },
    ).catch(() => undefined);
  }
  return actions;
}
