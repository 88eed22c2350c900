// `doctor --profile FILE [--json] [--timeout MS] [--gathered]` — read-only diagnosis of the whole cluster.
// Exit 0 without error findings (warnings and notes allowed), 1 with at least one error.
// `doctor --merge [--rebalance] [--yes]` joins a split cluster (see plan/merge.ts); without --yes it prints the plan
// and exits 3, changing nothing; a refused merge (overlapping slots) exits 1 with the reason.
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../core/connection/connect';
import { diagnose, formatDoctor, mergePlanFor, reportOf } from '../core/diagnose';
import { formatCheck } from '../core/admin/ops/check';
import { executeMerge } from '../core/admin/ops/merge';
import { renderMerge } from '../core/admin/plan/merge';
import { loadProfileFile } from '../core/profiles/profile';
import { ClusterSession } from '../core/connection/session';
import { intOption, parse } from './args';
import { type CliIO, UsageError, connectOptionsFor, json } from './context';
import { EXIT_NEEDS_YES } from './migrateCommon';

export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    profile: { type: 'string' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    gathered: { type: 'boolean' },
    merge: { type: 'boolean' },
    rebalance: { type: 'boolean' },
    yes: { type: 'boolean' },
  });
  const timeoutMs = intOption(values.timeout, '--timeout', 100, 600000) ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!values.profile) throw new UsageError('--profile FILE is required');
  const profile = loadProfileFile(values.profile);
  // Connections share the run's bound, so closing them cannot outlast it on a frozen node.
  const session = new ClusterSession(profile, {
    ...connectOptionsFor(profile),
    connectTimeoutMs: timeoutMs,
    commandTimeoutMs: Math.max(timeoutMs, 10000),
  });
  if (session.insecure) io.err(`warning: TLS verification is OFF for profile "${profile.name}" (tls.rejectUnauthorized: false)`);
  try {
    const report = await diagnose(session, { timeoutMs });
    const rest = reportOf(report);
    if (!values.merge) {
      io.out(values.json ? json(values.gathered ? report : rest) : formatDoctor(rest));
      return report.ok ? 0 : 1;
    }
    const plan = mergePlanFor(report.gathered, { rebalance: values.rebalance });
    if (!values.yes) {
      io.out(values.json ? json({ plan, executed: false }) : renderMerge(plan));
      io.err('\nNothing was changed. Run again with --yes to merge.');
      return EXIT_NEEDS_YES;
    }
    const r = await executeMerge(session, plan, { onProgress: (p) => io.err(`${p.phase}: ${p.message}`) });
    io.out(values.json ? json(r) : `merged ${r.met.length} node(s) in ${(r.elapsedMs / 1000).toFixed(1)} s\n${formatCheck(r.after)}`);
    return r.after.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}
