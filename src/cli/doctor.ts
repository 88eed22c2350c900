// `doctor --profile FILE [--json] [--timeout MS] [--gathered]` — read-only diagnosis of the whole cluster.
// Exit 0 without error findings (warnings and notes allowed), 1 with at least one error.
import { diagnose, formatDoctor } from '../core/doctor';
import { intOption, parse } from './args';
import { type CliIO, json, withSession } from './context';

export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { profile: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' }, gathered: { type: 'boolean' } });
  const timeoutMs = intOption(values.timeout, '--timeout', 100, 600000);
  const report = await withSession(values.profile, (s) => diagnose(s, { timeoutMs }));
  const { gathered, ...rest } = report;
  io.out(values.json ? json(values.gathered ? report : rest) : formatDoctor(rest));
  return report.ok ? 0 : 1;
}
