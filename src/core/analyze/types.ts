// Analyze Keyspace's model (report.ts, browser-safe) and its input error.
import { RedisClusterError } from '../common/errors';
import type { Pace as MoverPace } from '../admin/ops/pace';
import type { KeyType, Pace } from './report';

export * from './report';

/** The report's pace is the migrations' pace: this fails to compile if the two ever differ. */
export const SAME_PACE: [MoverPace, Pace] extends [Pace, MoverPace] ? true : never = true;

/** Bad options (never reaches a server). */
export class AnalyzeInputError extends RedisClusterError {
  override name = 'AnalyzeInputError';
  constructor(message: string, hint: string) {
    super('usage', message, hint);
  }
}

/** What one key costs, read in one go on the node that holds it. */
export interface KeyFacts {
  key: Buffer;
  type: KeyType;
  /** MEMORY USAGE ... SAMPLES 0 (exact), bytes. */
  bytes: number;
  /** PTTL: -1 without expiry. */
  ttlMs: number;
  /** Elements of an aggregate (HLEN, LLEN, SCARD, ZCARD, XLEN); the length in bytes of a string. */
  elements: number;
}
