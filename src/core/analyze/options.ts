// Options as both front-ends take them (CLI flags, command arguments): validated here once, before anything is
// sent to a server, with the defaults from types.ts. A `protected` profile analyses gently unless told otherwise.
import { isPace, type Pace } from '../admin/ops/pace';
import type { ClusterProfile } from '../profiles/profile';
import { type AnalyzeOptions, ANALYZE_DEFAULTS, AnalyzeInputError, KEY_TYPES } from './types';

export interface AnalyzeInput {
  match?: string;
  type?: string;
  delimiter?: string;
  top?: number;
  on?: string;
  pace?: string;
  shards?: string[];
}

export const MAX_TOP = 10000;

export function analyzeOptions(input: AnalyzeInput, profile: Pick<ClusterProfile, 'protected'>): AnalyzeOptions {
  const d = ANALYZE_DEFAULTS;
  if (input.match !== undefined && input.match === '') {
    throw new AnalyzeInputError('--match is empty', 'Give a SCAN MATCH glob such as user:* or leave the option out for every key');
  }
  const type = input.type?.toLowerCase();
  if (type !== undefined && !(KEY_TYPES as readonly string[]).includes(type)) {
    throw new AnalyzeInputError(`unknown key type "${input.type}"`, `Use one of ${KEY_TYPES.join(', ')}`);
  }
  const delimiter = input.delimiter ?? d.delimiter;
  if (delimiter === '' || Buffer.byteLength(delimiter) > 8) {
    throw new AnalyzeInputError(`delimiter "${delimiter}" must be 1 to 8 bytes`, 'Use the separator of your key names, e.g. : or .');
  }
  const top = input.top ?? d.top;
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    throw new AnalyzeInputError(`top must be an integer in 1-${MAX_TOP}, got ${top}`, 'Pick how many of the biggest keys to list');
  }
  const on = input.on ?? d.on;
  if (on !== 'masters' && on !== 'replicas')
    throw new AnalyzeInputError(`--on must be masters or replicas, got "${on}"`, 'Use --on replicas to spare the masters');
  const pace: Pace | undefined = input.pace === undefined ? undefined : isPace(input.pace) ? input.pace : undefined;
  if (input.pace !== undefined && !pace)
    throw new AnalyzeInputError(`--pace must be gentle or fast, got "${input.pace}"`, 'gentle slows down when client latency rises');
  return {
    ...d,
    match: input.match,
    type: type as AnalyzeOptions['type'],
    delimiter,
    top,
    on,
    pace: pace ?? (profile.protected ? 'gentle' : 'fast'),
    shards: input.shards?.length ? input.shards : undefined,
  };
}

/**
 * Redis' glob (stringmatchlen): * ? [abc] [^a-z] and \\ escapes, matched on bytes (latin1 strings). Used where
 * keys come from GETKEYSINSLOT rather than SCAN MATCH, so both paths select the same keys.
 */
export function globMatch(pattern: string, text: string): boolean {
  const rec = (p: number, t: number): boolean => {
    while (p < pattern.length) {
      const c = pattern[p];
      if (c === '*') {
        while (pattern[p + 1] === '*') p++;
        if (p + 1 === pattern.length) return true;
        for (let i = t; i <= text.length; i++) if (rec(p + 1, i)) return true;
        return false;
      }
      if (t >= text.length) return false;
      if (c === '?') {
        p++;
        t++;
        continue;
      }
      if (c === '[') {
        let q = p + 1;
        const not = pattern[q] === '^';
        if (not) q++;
        let hit = false;
        while (q < pattern.length && pattern[q] !== ']') {
          if (pattern[q] === '\\' && q + 1 < pattern.length) {
            q++;
            if (pattern[q] === text[t]) hit = true;
          } else if (pattern[q + 1] === '-' && q + 2 < pattern.length && pattern[q + 2] !== ']') {
            let lo = pattern[q];
            let hi = pattern[q + 2];
            if (lo > hi) [lo, hi] = [hi, lo];
            if (text[t] >= lo && text[t] <= hi) hit = true;
            q += 2;
          } else if (pattern[q] === text[t]) hit = true;
          q++;
        }
        if (not) hit = !hit;
        if (!hit) return false;
        p = q + 1;
        t++;
        continue;
      }
      if (c === '\\' && p + 1 < pattern.length) p++;
      if (pattern[p] !== text[t]) return false;
      p++;
      t++;
    }
    return t === text.length;
  };
  return rec(0, 0);
}
