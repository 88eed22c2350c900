// `analyze --profile FILE [--match P] [--type T] [--delimiter :] [--top N] [--on replicas|masters] [--pace gentle|fast]
// [--json]`: every key of the cluster read exactly (type, memory, TTL, elements) into one report: Markdown on stdout,
// or the report's JSON with --json. Progress (keys/s, ETA) goes to stderr. Exit 0 for a complete report, 1 for a
// partial one (a node failed), 130 when interrupted (the partial report is still printed).
import { analyzeKeyspace } from '../core/analyze/engine';
import { reportMarkdown } from '../core/analyze/export';
import { analyzeOptions } from '../core/analyze/options';
import { AnalyzeInputError } from '../core/analyze/types';
import { intOption, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { loadProfileFile } from '../core/profiles/profile';

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
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    match: { type: 'string' },
    type: { type: 'string' },
    delimiter: { type: 'string' },
    top: { type: 'string' },
    on: { type: 'string' },
    pace: { type: 'string' },
    shard: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
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
