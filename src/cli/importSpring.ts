// `import-spring FILE [--json] [--name N] [--base DIR]`: a profile from a Spring Boot application*.yml|properties.
// --json prints only the profile (usable as --profile FILE when saved next to --base); notes go to stderr.
// Literal passwords found in the file are never printed.
import { importSpringConfig } from '../core/spring/import';
import { parse } from './args';
import { type CliIO, UsageError } from './context';

export async function importSpringCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, name: { type: 'string' }, base: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('usage: import-spring FILE [--json] [--name NAME] [--base DIR]');
  const r = importSpringConfig(positionals[0], { name: values.name, baseDir: values.base });
  const found = Object.entries(r.secrets)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const notes = [
    ...r.notes,
    ...(found.length ? [`literal secrets found (not printed): ${found.join(', ')}; give them through environment variables`] : []),
  ];
  if (values.json) {
    io.out(JSON.stringify(r.profile, null, 2));
    for (const n of notes) io.err(`note: ${n}`);
    return 0;
  }
  io.out(`Spring Boot ${r.boot} settings from ${r.file}:`);
  io.out(JSON.stringify(r.profile, null, 2));
  for (const n of notes) io.out(`note: ${n}`);
  return 0;
}
