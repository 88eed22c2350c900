// `scan --profile FILE [--match P] [--type T] [--count N] [--json]`: every key of the cluster, all masters in
// parallel, streamed as it arrives. --json prints one {"key","base64"} object per line; "key" is the display
// form (escaped when not UTF-8), "base64" the exact bytes.
import { displayKey, keyToBase64 } from '../core/keys/keyName';
import { SCAN_TYPES, scanCluster } from '../core/keys/scan';
import { common, defineCommand, intOption, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';

export const scanSpec = defineCommand({
  name: 'scan',
  summary: 'Stream every key of the cluster (SCAN on all masters in parallel).',
  usage: 'scan --profile FILE [--match PATTERN] [--type TYPE] [--count N] [--json]',
  options: {
    profile: common.profile,
    match: { type: 'string', value: 'PATTERN', description: 'Only keys matching this glob (SCAN MATCH).' },
    type: { type: 'string', value: 'TYPE', description: 'Only keys of this type: string, list, set, zset, hash or stream.' },
    count: { type: 'string', value: 'N', description: 'SCAN COUNT hint per call (1-100000).' },
    json: { type: 'boolean', description: 'One {"key","base64"} object per line.' },
  },
  examples: ["redis-cluster scan --profile prod.json --match 'session:*' --type hash"],
  exitCodes: { 130: 'interrupted (Ctrl-C)' },
});

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, scanSpec);
  if (positionals.length) throw new UsageError(`scan takes no positional arguments (got ${positionals.join(' ')})`);
  const type = values.type?.toLowerCase();
  if (type && !(SCAN_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${SCAN_TYPES.join(', ')}`);
  const count = intOption(values.count, '--count', 1, 100000);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  let total = 0;
  try {
    await withSession(values.profile, async (session) => {
      for await (const batch of scanCluster(session, { match: values.match, type, count, signal: abort.signal })) {
        total += batch.length;
        const lines = batch.map((k) => (values.json ? json({ key: displayKey(k), base64: keyToBase64(k) }) : displayKey(k)));
        io.out(lines.join('\n'));
      }
    });
  } finally {
    process.removeListener('SIGINT', stop);
  }
  if (abort.signal.aborted) {
    io.err(`scan interrupted after ${total} keys`);
    return 130;
  }
  io.err(`${total} keys`);
  return 0;
}
