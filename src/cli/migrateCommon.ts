// Shared plumbing of the slot-moving CLI commands (rebalance, reshard): planning through the migration use case
// (core/admin/useCases/migration.ts, the same call the extension makes), plan output, the --yes gate, progress
// lines on stderr, Ctrl-C as a cancel at a safe point.
import { constants, setPriority } from 'node:os';
import type { ClusterSession } from '../core/connection/session';
import { discoverTopology } from '../core/topology/topology';
import { PlanError } from '../core/admin/plan/types';
import { renderPlan } from '../core/admin/plan/render';
import { type MigrationProgress, executePlan } from '../core/admin/ops/migrate';
import { type Pace, isPace } from '../core/admin/ops/pace';
import { adminCommandLine } from '../core/admin/commandLine';
import type { MigrationRequest } from '../core/admin/useCases/requests';
import { type MigrationPrep, prepareMigration } from '../core/admin/useCases/migration';
import { type CliIO, UsageError, json, withSession } from './context';

/** `--pace gentle|fast` (absent: the default, ADMIN_DEFAULTS.pace). */
export function paceOf(v: string | undefined): Pace | undefined {
  if (v === undefined) return undefined;
  if (!isPace(v)) throw new UsageError(`--pace must be "gentle" or "fast", got "${v}"`);
  return v;
}

/** Exit code when a destructive command was not confirmed with --yes. */
export const EXIT_NEEDS_YES = 3;

/** A request the planner refuses (unknown node, bad weights) is the caller's mistake: a usage error (exit 2). */
export async function planOrUsage<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
}

/** Plans `request` on the profile's cluster through the shared use case, then shows and (with --yes) runs it. */
export function planAndRun(
  request: MigrationRequest,
  flags: { profile?: string; yes?: boolean; dryRun?: boolean; json?: boolean },
  io: CliIO,
): Promise<number> {
  return withSession(flags.profile, async (session) => {
    const topo = await discoverTopology(session);
    const prep = await planOrUsage(() => prepareMigration(session, topo, request));
    return showAndRun(session, prep, { ...flags, profile: flags.profile as string }, io);
  });
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
  prep: MigrationPrep,
  flags: { yes?: boolean; dryRun?: boolean; json?: boolean; profile: string },
  io: CliIO,
): Promise<number> {
  const { plan, request } = prep;
  const line = adminCommandLine(request, flags.profile);
  const text = renderPlan(plan, 'text');
  for (const m of prep.missing) io.err(`warning: keys not counted on ${m.address}: ${m.error}`);
  if (flags.dryRun || plan.moves.length === 0) {
    io.out(flags.json ? json({ plan, commandLine: line }) : text);
    return 0;
  }
  if (!flags.yes) {
    io.out(flags.json ? json({ plan, commandLine: line, executed: false }) : text);
    io.err(`\nNothing was changed. To run this plan: ${line}`);
    return EXIT_NEEDS_YES;
  }
  if (!flags.json) io.out(text);
  io.err(`running: ${line}`);
  if (request.pace === 'gentle') yieldCpu();
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
      pace: request.pace,
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
