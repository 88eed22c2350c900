// CLI plumbing shared by the lifecycle commands (create, add-node, del-node, forget, failover):
// progress lines on stderr (stdout stays clean for --json), Ctrl-C as an AbortSignal that stops at the
// operation's next safe point, and the "not applied without --yes" answer (exit 3, like every admin
// command). The read-only refusal is the core's
// assertWritable, called before connecting (and again by the core at each entry point).
import type { LifecycleProgress } from '../core/admin/ops/lifecycle-util';
import { adminCommandLine } from '../core/admin/commandLine';
import type { NodePlan } from '../core/admin/useCases/nodes';
import { type CliIO, json } from './context';
import { EXIT_NEEDS_YES } from './migrateCommon';

export function progressPrinter(io: CliIO): (p: LifecycleProgress) => void {
  return (p) => {
    const count = p.total !== undefined ? ` [${p.done ?? 0}/${p.total}]` : '';
    io.err(`${(p.elapsedMs / 1000).toFixed(1).padStart(6)}s  ${p.phase}${count}  ${p.message}`);
  };
}

/** An AbortSignal fired by the first Ctrl-C; a second Ctrl-C exits at once. */
export async function withInterrupt<T>(io: CliIO, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(130);
    io.err('interrupt: stopping at the next safe point (Ctrl-C again to exit at once)');
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * Without --yes nothing changes: say what would happen and exit 3 (EXIT_NEEDS_YES), as rebalance, reshard, fix and
 * doctor --merge do, so scripts tell "not confirmed" from a failure.
 */
export function notApplied(io: CliIO, lines: string[]): number {
  for (const l of lines) io.out(l);
  io.out('Not applied: add --yes to do it.');
  return EXIT_NEEDS_YES;
}

/**
 * Without --yes nothing changes: the plan of a lifecycle use case, as text (its steps) or JSON, and the line that
 * runs it; exit 3 (EXIT_NEEDS_YES).
 */
export function showNodePlan(io: CliIO, plan: NodePlan, profileFile: string, asJson: boolean | undefined): number {
  const commandLine = adminCommandLine(plan.request, profileFile);
  if (asJson) {
    io.out(json({ plan, commandLine, executed: false }));
    return EXIT_NEEDS_YES;
  }
  return notApplied(io, ['Would, in order:', ...plan.steps.map((s, i) => `  ${i + 1}. ${s}`), `To run it: ${commandLine}`]);
}
