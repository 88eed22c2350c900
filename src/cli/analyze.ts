// `analyze --profile FILE [--match P] [--type T] [--delimiter :] [--top N] [--on replicas|masters] [--pace gentle|fast]
// [--json]`: every key of the cluster read exactly (type, memory, TTL, elements) into one report: Markdown on stdout,
// or the report's JSON with --json. Progress (keys/s, ETA) goes to stderr. Exit 0 for a complete report, 1 for a
// partial one (a node failed), 130 when interrupted (the partial report is still printed).
import { analyzeKeyspace } from '../core/analyze/engine';
import { reportMarkdown } from '../core/analyze/export';
import { analyzeOptions } from '../core/analyze/options';
import { AnalyzeInputError } from '../core/analyze/types';
import { common, defineCommand, intOption, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { loadProfileFile } from '../core/profiles/profile';

export const analyzeSpec = defineCommand({
  name: 'analyze',
  summary: 'Read every key exactly (type, memory, TTL, elements) into one keyspace report: Markdown, or JSON.',
  usage: 'analyze --profile FILE [--match P] [--type T] [--delimiter D] [--top N] [--on masters|replicas] [options]',
  options: {
    profile: common.profile,
    match: { type: 'string', value: 'PATTERN', description: 'Only keys matching this glob (SCAN MATCH), e.g. user:*.' },
    type: { type: 'string', value: 'TYPE', description: 'Only keys of this type: string, hash, list, set, zset or stream.' },
    delimiter: {
      type: 'string',
      value: 'D',
      description: 'Separator of key names for the namespace tree, 1 to 8 bytes (default :).',
    },
    top: { type: 'string', value: 'N', description: 'How many of the biggest keys to list (1-10000, default 100).' },
    on: {
      type: 'string',
      value: 'masters|replicas',
      description: 'Read the keys on the masters (default) or on their replicas, to spare the masters.',
    },
    pace: {
      type: 'string',
      value: 'gentle|fast',
      description: 'fast reads as quickly as it can; gentle slows down when client latency rises (default for a protected profile).',
    },
    shard: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: 'Only the shard of this master (its node id); repeat for several. Default: every shard.',
    },
    json: { type: 'boolean', description: "Print the report's JSON instead of Markdown (progress goes to stderr)." },
  },
  examples: [
    'redis-cluster analyze --profile prod.json > keyspace.md',
    "redis-cluster analyze --profile prod.json --match 'session:*' --on replicas --pace gentle --json",
  ],
  exitCodes: { 1: 'partial report: a node failed (the report is still printed)', 130: 'interrupted (the partial report is still printed)' },
});

/** Bad options are usage errors (exit 2), with the hint saying what to give instead. */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AnalyzeInputError) throw new UsageError(`${e.message}. ${e.hint}`);
    throw e;
  }
}

export async function analyzeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, analyzeSpec);
  if (positionals.length) throw new UsageError(`analyze takes no positional arguments (got ${positionals.join(' ')})`);
  const profileFile = values.profile;
  if (!profileFile) throw new UsageError('--profile FILE is required');
  // Validated before any connection: bad input never reaches a server.
  const opts = usage(() =>
    analyzeOptions(
      {
        match: values.match,
        type: values.type,
        delimiter: values.delimiter,
        top: intOption(values.top, '--top', 1, 10000),
        on: values.on,
        pace: values.pace,
        shards: values.shard,
      },
      loadProfileFile(profileFile),
    ),
  );
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    const report = await withSession(profileFile, (session) =>
      analyzeKeyspace(session, opts, {
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'done') return;
          const eta = p.etaSeconds === undefined ? '' : `, ETA ${p.etaSeconds} s`;
          const lat = p.latencyMs === undefined ? '' : `, latency ${p.latencyMs.toFixed(1)}/${p.budgetMs?.toFixed(1)} ms`;
          const of = p.expected ? ` of ${p.expected}` : '';
          io.err(`${p.phase}: ${p.keys} keys${of}, ${p.keysPerSec} keys/s${eta}, ${p.nodesDone}/${p.nodes} shards${lat}`);
        },
      }),
    );
    io.out(values.json ? json(report) : reportMarkdown(report));
    if (report.partial) io.err(`partial report: ${report.partialReason}`);
    return abort.signal.aborted ? 130 : report.partial ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
