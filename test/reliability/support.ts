// Shared plumbing of the reliability suite: clean-failure checks of CLI runs (test/support/cli.ts), timing of core
// calls, and the figures file (test-results/reliability.json) that scripts/reliability-report.mjs renders into
// the table in bench/README.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliRun } from '../support/cli';

export const ROOT = path.resolve(__dirname, '../..');
export const FIGURES_FILE = path.join(ROOT, 'test-results', 'reliability.json');

export interface Figure {
  /** Row label in the README table. */
  label: string;
  value: number | string;
  unit?: string;
  goal?: string;
  /** Whether the goal is met (omitted: no goal). */
  met?: boolean;
  note?: string;
}

/** Merges one figure into the figures file; each test owns its ids, so reruns replace their rows. */
export function recordFigure(id: string, f: Figure): void {
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  let all: { runAt?: string; figures: Record<string, Figure & { at: string }> } = { figures: {} };
  if (existsSync(FIGURES_FILE)) {
    try {
      all = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as typeof all;
    } catch {
      all = { figures: {} };
    }
  }
  all.runAt = new Date().toISOString();
  all.figures[id] = { ...f, at: all.runAt };
  writeFileSync(FIGURES_FILE, JSON.stringify(all, null, 2));
}

/** A failed CLI run as the suite demands it: bounded, exit 1 or 2, no stack trace, a message on stderr. */
export function assertCleanFailure(r: CliRun, expected: RegExp, what: string): void {
  const show = `${what}: exit ${r.code} in ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  if (r.killed) throw new Error(`${what} hung (killed after ${r.ms} ms)`);
  if (r.code !== 1 && r.code !== 2) throw new Error(`expected exit 1 or 2. ${show}`);
  if (/^\s+at .+\(.+:\d+:\d+\)$/m.test(r.stderr) || /TypeError|ReferenceError|Unhandled/.test(r.stderr))
    throw new Error(`stack trace or crash in stderr. ${show}`);
  if (!expected.test(r.stderr)) throw new Error(`stderr does not match ${expected}. ${show}`);
}

/** Time a promise; rejects if it takes longer than boundMs (so a hang fails the test instead of the suite). */
export async function bounded<T>(work: Promise<T>, boundMs: number, what: string): Promise<{ value?: T; error?: unknown; ms: number }> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${boundMs} ms (hang)`)), boundMs);
  });
  try {
    const value = await Promise.race([work, timeout]);
    return { value, ms: Date.now() - t0 };
  } catch (error) {
    if (error instanceof Error && /\(hang\)$/.test(error.message)) throw error;
    return { error, ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes a JSON profile next to the others in `dir` and returns its path. */
export function writeProfile(dir: string, name: string, profile: unknown): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, typeof profile === 'string' ? profile : JSON.stringify(profile, null, 2));
  return file;
}
