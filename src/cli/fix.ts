// `fix --profile FILE [--yes] [--replace] [--json]` (the line it prints is the extension's Fix line: commandLine.ts)
// Without --yes: shows what check found and what fix would touch, changes nothing, exits 3.
// --replace allows overwriting keys that exist on both sides of an open slot (the target's copies are lost);
// without it such slots are left open and reported. Exit 0 when the cluster is healthy afterwards, else 1.
import { checkCluster, formatCheck } from '../core/admin/ops/check';
import { fixCluster } from '../core/admin/ops/fix';
import { common, defineCommand, parse } from './args';
import { type CliIO, json, withSession } from './context';
import { EXIT_NEEDS_YES } from './migrateCommon';
import { adminCommandLine } from '../core/admin/commandLine';

export const fixSpec = defineCommand({
  name: 'fix',
  summary: 'Repair what check finds: open slots, uncovered slots (like redis-cli --cluster fix).',
  usage: 'fix --profile FILE [--yes] [--replace] [--json]',
  options: {
    profile: common.profile,
    yes: common.yes,
    replace: {
      type: 'boolean',
      description: 'Allow overwriting keys that exist on both sides of an open slot (the target copies are lost).',
    },
    json: common.json,
  },
  examples: ['redis-cluster fix --profile prod.json', 'redis-cluster fix --profile prod.json --yes'],
  exitCodes: { 1: 'the cluster is still unhealthy afterwards', 3: 'fixable problems shown, --yes missing' },
});

export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, fixSpec);
  const line = adminCommandLine({ action: 'fix', replace: values.replace }, values.profile as string);
  return withSession(values.profile, async (session) => {
    if (!values.yes) {
      const report = await checkCluster(session);
      const fixable = report.problems.filter((p) => p.fixable);
      io.out(values.json ? json({ check: report, commandLine: line, executed: false }) : formatCheck(report));
      if (fixable.length === 0) {
        io.err(report.ok ? 'nothing to fix' : 'fix cannot repair these problems automatically');
        return report.ok ? 0 : 1;
      }
      io.err(
        `\nfix would repair ${fixable.length} problem(s). Nothing was changed. ` +
          `To run it: ${line}${values.replace ? '' : ' (add --replace to allow overwriting duplicate keys)'}`,
      );
      return EXIT_NEEDS_YES;
    }
    io.err(`running: ${line}`);
    const r = await fixCluster(session, { replace: values.replace, onProgress: (m) => io.err(m) });
    for (const w of r.warnings) io.err(`warning: ${w}`);
    if (values.json) io.out(json(r));
    else {
      for (const a of r.actions) io.out(`${a.slot !== undefined ? `slot ${a.slot}: ` : ''}${a.action} — ${a.detail}`);
      if (r.actions.length === 0) io.out('nothing to fix');
      io.out(formatCheck(r.after));
    }
    return r.after.ok ? 0 : 1;
  });
}
