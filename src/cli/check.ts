// `check --profile FILE [--json]` — exit 0 healthy (warnings allowed), 1 problems found.
import { checkCluster, formatCheck } from '../core/admin/ops/check';
import { parse } from './args';
import { type CliIO, json, withSession } from './context';

export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { profile: { type: 'string' }, json: { type: 'boolean' } });
  const report = await withSession(values.profile, (s) => checkCluster(s));
  io.out(values.json ? json(report) : formatCheck(report));
  return report.ok ? 0 : 1;
}
