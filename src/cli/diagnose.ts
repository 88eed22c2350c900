// `doctor --profile FILE [--json] [--timeout MS] [--gathered]` — read-only diagnosis of the whole cluster.
// Exit 0 without error findings (warnings and notes allowed), 1 with at least one error.
// `doctor --merge [--rebalance] [--replica-of ID] [--yes]` joins a split cluster (see plan/merge.ts); without --yes it prints the plan
// and exits 3, changing nothing; a refused merge (overlapping slots) exits 1 with the reason.
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../core/connection/connect';
import { diagnose, formatDoctor, mergePlanFor, reportOf } from '../core/diagnose';
import { formatCheck } from '../core/admin/ops/check';
import { executeMerge } from '../core/admin/ops/merge';
import { renderMerge } from '../core/admin/plan/merge';
import { loadProfileFile } from '../core/profiles/profile';
import { ClusterSession } from '../core/connection/session';
import { common, defineCommand, intOption, parse } from './args';
import { type CliIO, UsageError, connectOptionsFor, json, warnIfInsecure } from './context';
import { EXIT_NEEDS_YES } from './migrateCommon';
import { adminCommandLine } from '../core/admin/commandLine';

export const doctorSpec = defineCommand({
  name: 'doctor',
  summary: 'Diagnose the whole cluster (read-only): every node view, partitions, memory, replication, config.',
  usage:
    'doctor --profile FILE [--json] [--timeout MS] [--gathered] | ' +
    'doctor --profile FILE --merge [--rebalance] [--replica-of ID] [--yes] [--json]',
  options: {
    profile: common.profile,
    json: common.json,
    timeout: { type: 'string', value: 'MS', description: 'Bound for the whole run and each connection (100-600000).' },
    gathered: { type: 'boolean', description: 'With --json: also print everything that was gathered from the nodes.' },
    merge: { type: 'boolean', description: 'Join a split cluster back together (plan first; --yes runs it).' },
    rebalance: { type: 'boolean', description: 'With --merge: rebalance slots after the merge.' },
    'replica-of': {
      type: 'string',
      value: 'ID',
      description: 'With --merge: make each lone node that has no slots a replica of this master (its node id) after the meet.',
    },
    yes: common.yes,
  },
  examples: [
    'redis-cluster doctor --profile prod.json',
    'redis-cluster doctor --profile prod.json --merge --yes',
    'redis-cluster doctor --profile prod.json --merge --replica-of 3f2a91c0e5d4b8a7f6e1d2c3b4a5968778695a4b --yes',
  ],
  exitCodes: { 1: 'at least one error finding (or a refused merge)', 3: 'merge plan shown, --yes missing' },
});

export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, doctorSpec);
  const timeoutMs = intOption(values.timeout, '--timeout', 100, 600000) ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!values.profile) throw new UsageError('--profile FILE is required');
  const profile = loadProfileFile(values.profile);
  // Connections share the run's bound, so closing them cannot outlast it on a frozen node.
  const session = new ClusterSession(profile, {
    ...connectOptionsFor(profile),
    connectTimeoutMs: timeoutMs,
    commandTimeoutMs: Math.max(timeoutMs, 10000),
  });
  warnIfInsecure(session, io);
  try {
    const report = await diagnose(session, { timeoutMs });
    const rest = reportOf(report);
    if (!values.merge) {
      io.out(values.json ? json(values.gathered ? report : rest) : formatDoctor(rest));
      return report.ok ? 0 : 1;
    }
    const request = { action: 'merge', rebalance: values.rebalance, replicaOf: values['replica-of'] } as const;
    const plan = mergePlanFor(report.gathered, request);
    const commandLine = adminCommandLine(request, values.profile);
    if (!values.yes) {
      io.out(values.json ? json({ plan, commandLine, executed: false }) : renderMerge(plan));
      io.err(`\nNothing was changed. To merge: ${commandLine}`);
      return EXIT_NEEDS_YES;
    }
    io.err(`running: ${commandLine}`);
    const r = await executeMerge(session, plan, { onProgress: (p) => io.err(`${p.phase}: ${p.message}`) });
    io.out(values.json ? json(r) : `merged ${r.met.length} node(s) in ${(r.elapsedMs / 1000).toFixed(1)} s\n${formatCheck(r.after)}`);
    return r.after.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}
