// `check --profile FILE [--json]` — exit 0 healthy (warnings allowed), 1 problems found.
import { checkCluster, formatCheck } from '../core/admin/ops/check';
import { common, defineCommand, parse } from './args';
import { type CliIO, json, withSession } from './context';

export const checkSpec = defineCommand({
  name: 'check',
  summary: 'Check the cluster as redis-cli --cluster check does: slot coverage, open slots, agreement, replicas.',
  usage: 'check --profile FILE [--json]',
  options: { profile: common.profile, json: common.json },
  examples: ['redis-cluster check --profile prod.json'],
  exitCodes: { 1: 'problems found (warnings alone exit 0)' },
});

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, checkSpec);
  const report = await withSession(values.profile, (s) => checkCluster(s));
  io.out(values.json ? json(report) : formatCheck(report));
  return report.ok ? 0 : 1;
}
