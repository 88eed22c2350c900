// Shared plumbing of the slot-moving CLI commands (rebalance, reshard): key counts, plan output, the --yes
// gate, progress lines on stderr, Ctrl-C as a cancel at a safe point.
import { constants, setPriority } from 'node:os';
import { ClusterStateError } from '../core/common/errors';
import { countKeysPerSlot } from '../core/monitoring/distribution';
import type { ClusterSession } from '../core/connection/session';
import type { Topology } from '../core/topology/topology';
import { findNode } from '../core/topology/topology';
import { type Plan, type SlotKeyCounts, PlanError } from '../core/admin/plan/types';
import { planCommandLine, renderPlan } from '../core/admin/plan/render';
import { type MigrationProgress, executePlan } from '../core/admin/ops/migrate';
import { type Pace, isPace } from '../core/admin/ops/pace';
import { type CliIO, UsageError, json } from './context';

/** `--pace gentle|fast` (default fast). */
export function paceOf(v: string | undefined): Pace {
  if (v === undefined) return 'fast';
  if (!isPace(v)) throw new UsageError(`--pace must be "gentle" or "fast", got "${v}"`);
  return v;
}

/** Exit code when a destructive command was not confirmed with --yes. */
export const EXIT_NEEDS_YES = 3;

export async function slotCounts(session: ClusterSession, topo: Topology): Promise<SlotKeyCounts> {
  const d = await countKeysPerSlot(session, topo);
  if (!d.complete) {
    const bad = d.masters.filter((m) => m.error).map((m) => `${m.address}: ${m.error}`);
    throw new ClusterStateError(
      `cannot count keys on every master (${bad.join('; ')})`,
      'Run check, bring the masters named back, then retry',
    );
  }
  return new Map(Array.from(d.slots, (v, i): [number, number] => [i, v]));
}

/** id, unambiguous id prefix or host:port -> node id; a usage error otherwise. */
export function nodeId(topo: Topology, ref: string, what: string): string {
  try {
    return findNode(topo, ref.trim()).id;
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
}

export function planOrUsage<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
}

function progressLine(p: MigrationProgress): string {
  const eta = p.etaMs === undefined ? '' : `, ETA ${Math.ceil(p.etaMs / 1000)} s`;
  const c = p.canary;
  const ops = c?.opsPerSec === undefined ? '' : `, busiest node ${c.opsPerSec} ops/s`;
  const canary = c ? `, canary ${c.ms.toFixed(1)} ms (budget ${c.budgetMs.toFixed(1)}), ${c.slotsInFlight} slot(s) per pipeline${ops}` : '';
  return (
    `${p.phase}: slots ${p.slotsDone}/${p.slotsTotal}` +
    `${p.slotsSkipped ? ` (+${p.slotsSkipped} already done)` : ''}, keys ${p.keysMoved}, ` +
    `${Math.round(p.keysPerSec)} keys/s${eta}${canary}`
  );
}

/**
 * A gentle move also yields the CPU to the clients and servers that share the host with it: the CLI lowers its own
 * scheduling priority (a process may always lower its own), so on busy cores the move waits rather than the clients.
 */
function yieldCpu(): void {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not supported here: the move runs at normal priority, still paced by its canary.
  }
}

/** Shows the plan; runs it only with --yes. Returns the exit code. */
export async function showAndRun(
  session: ClusterSession,
  plan: Plan,
  flags: { yes?: boolean; dryRun?: boolean; json?: boolean; profile: string; pace?: Pace },
  io: CliIO,
): Promise<number> {
  const text = renderPlan(plan, 'text');
  if (flags.dryRun || plan.moves.length === 0) {
    io.out(flags.json ? json({ plan }) : text);
    return 0;
  }
  if (!flags.yes) {
    io.out(flags.json ? json({ plan, executed: false }) : text);
    io.err(`\nNothing was changed. To run this plan: ${planCommandLine(plan, flags.profile)}`);
    return EXIT_NEEDS_YES;
  }
  if (!flags.json) io.out(text);
  io.err(`running: ${planCommandLine(plan, flags.profile)}`);
  if (flags.pace === 'gentle') yieldCpu();
  const ac = new AbortController();
  const onSigint = () => {
    io.err('cancelling: finishing the slots in flight, nothing new starts (Ctrl-C again to force quit)');
    ac.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  let lastLine = 0;
  try {
    const result = await executePlan(session, plan, {
      signal: ac.signal,
      pace: flags.pace,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastLine >= 1000 || p.phase !== 'moving') {
          lastLine = now;
          io.err(progressLine(p));
        }
      },
    });
    for (const w of result.warnings) io.err(`warning: ${w}`);
    if (flags.json) io.out(json({ plan, executed: true, result }));
    else
      io.out(
        `${result.status}: moved ${result.slotsMoved} slots and ${result.keysMoved} keys in ` +
          `${(result.elapsedMs / 1000).toFixed(2)} s` +
          `${result.slotsSkipped ? ` (${result.slotsSkipped} were already done)` : ''}`,
      );
    if (result.status === 'cancelled') io.err('cancelled at a safe point; no slot is left open. Run the same command again to finish');
    return result.status === 'done' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
