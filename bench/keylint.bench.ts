// Keys in code: how long the analyzer takes on a 5,000-line file, per language, the way the editor runs it.
// "edit" is the figure that matters (the editor's case: one KeyLinter per document, a keystroke inside a key
// literal in the middle of the file, then the whole analysis: incremental reparse, calls, rules). Goal ≤ 50 ms.
// Also: the first analysis (grammar/compiler load included), a full analysis with a warm parser, and the
// gate for a file that names no Redis client. Median of BENCH_RUNS (default 15). Each edit is reported as
// wall time and as this process's CPU time: on a shared, loaded machine the wall figure mostly measures waiting.
import { cpus, loadavg } from 'node:os';
import { KeyLinter, analyze } from '../src/core/keysInCode';
import { bigSource } from '../test/support/keylintSource';

const GOAL_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Wall and CPU milliseconds of one call. */
async function timeBoth(fn: () => Promise<unknown>): Promise<[number, number]> {
  const c0 = process.cpuUsage();
  const wall = await time(fn);
  const c = process.cpuUsage(c0);
  return [wall, (c.user + c.system) / 1000];
}

async function main(): Promise<void> {
  let worst = 0;
  let worstCpu = 0;
  for (const lang of ['java', 'kotlin', 'python', 'typescript'] as const) {
    const source = bigSource(lang);
    const lines = source.split('\n').length;
    const first = await time(() => analyze(source, lang));
    const full: number[] = [];
    for (let i = 0; i < RUNS; i++) full.push(await time(() => analyze(source, lang)));
    const linter = new KeyLinter(lang);
    const findings = (await linter.update(source)).findings.length;
    const at = source.indexOf('user:', source.length >> 1);
    let text = source;
    const edits: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      text = `${text.slice(0, at)}${'x'}${text.slice(at)}`;
      const [w, c] = await timeBoth(() => linter.update(text));
      edits.push(w);
      cpu.push(c);
    }
    linter.dispose();
    const plain = source.replace(/redis|jedis|lettuce/gi, 'store');
    const gate = median(await Promise.all(Array.from({ length: RUNS }, () => time(() => analyze(plain, lang)))));
    const edit = median(edits);
    worst = Math.max(worst, edit);
    worstCpu = Math.max(worstCpu, median(cpu));
    console.log(
      `${lang.padEnd(10)} ${lines} lines, ${findings} warnings: edit ${edit.toFixed(1)} ms (cpu ${median(cpu).toFixed(1)} ms), ` +
        `full ${median(full).toFixed(1)} ms, first ${first.toFixed(0)} ms, no-Redis file ${gate.toFixed(2)} ms`,
    );
  }
  console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  const verdict = (ms: number, what: string) =>
    `worst edit median ${ms.toFixed(1)} ms ${what}; goal ≤ ${GOAL_MS} ms -> ${ms <= GOAL_MS ? 'met' : 'NOT met'} ` +
    `(ratio ${(ms / GOAL_MS).toFixed(2)} of budget)`;
  console.log(verdict(worst, 'wall'));
  console.log(verdict(worstCpu, 'cpu'));
}

void main();
