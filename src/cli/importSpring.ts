// `import-spring FILE [--spring-profile P] [--set NAME=VALUE]... [--json] [--name N] [--base DIR]`: a profile from a
// Spring Boot application*.yml|properties, with Spring profiles layered and placeholders given with --set.
// --json prints only the profile (usable as --profile FILE when saved next to --base); notes go to stderr.
// Literal passwords found in the file are never printed.
import { importSpringConfig } from '../core/spring/import';
import { springProfilesOf } from '../core/spring/layers';
import { defineCommand, parse } from './args';
import { type CliIO, UsageError } from './context';

export const importSpringSpec = defineCommand({
  name: 'import-spring',
  summary: 'A cluster profile from a Spring Boot application*.yml|properties file.',
  usage: 'import-spring FILE [--spring-profile P] [--set NAME=VALUE]... [--json] [--name N] [--base DIR]',
  positionals: 'FILE: application.yml, application.properties or application-{profile} file; literal passwords are never printed.',
  options: {
    json: { type: 'boolean', description: 'Print only the profile (save it as --profile FILE); notes go to stderr.' },
    name: { type: 'string', value: 'NAME', description: 'Profile name (default: spring.application.name).' },
    base: { type: 'string', value: 'DIR', description: 'Write store paths relative to this folder.' },
    'spring-profile': {
      type: 'string',
      value: 'P[,P]',
      description: 'Active Spring profiles: their on-profile documents and application-{P} files are layered as Spring does.',
    },
    set: {
      type: 'string',
      multiple: true,
      value: 'NAME=VALUE',
      description: 'Value of a ${NAME} placeholder that has no default (wins over the environment and .env).',
    },
  },
  examples: [
    'redis-cluster import-spring src/main/resources/application.yml --json > prod.json',
    'redis-cluster import-spring application.yml --spring-profile prod --set REDIS_HOST=10.0.0.5 --set REDIS_PORT=6379',
  ],
});

export async function importSpringCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, importSpringSpec);
  if (positionals.length !== 1) throw new UsageError(`usage: redis-cluster ${importSpringSpec.usage}`);
  const set: Record<string, string> = {};
  for (const v of values.set ?? []) {
    const m = /^([^=\s]+)=(.*)$/s.exec(v);
    if (!m) throw new UsageError(`--set must be NAME=VALUE, got "${v.split('=')[0]}"`);
    set[m[1]] = m[2];
  }
  const springProfiles = values['spring-profile']
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const file = positionals[0];
  const r = importSpringConfig(file, { name: values.name, baseDir: values.base, springProfiles, values: set });
  const choice = springProfilesOf(file).profiles;
  const found = Object.entries(r.secrets)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const notes = [
    ...r.notes,
    ...(found.length ? [`literal secrets found (not printed): ${found.join(', ')}; give them through environment variables`] : []),
    ...(choice.length && !springProfiles
      ? [
          `Spring profiles in these files: ${choice.join(', ')}; ` +
            `active here: ${r.springProfiles.join(', ') || 'none'} (choose with --spring-profile)`,
        ]
      : []),
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
