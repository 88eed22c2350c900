// A bounded, sampled big-key scan of one master, like `redis-cli --memkeys`: SCAN pages, MEMORY USAGE of each key
// in one pipeline per page, until SCAN ends or the time or key budget runs out.
import { withDeadline } from '../common/deadline';
import { errorText } from '../common/errors';
import { displayKey } from '../keys/keyName';
import type { ClusterSession } from '../connection/session';
import type { BigKey, BigKeyScan } from './types';

const PAGE = 500;
const TOP = 5;

export async function scanBigKeys(
  session: ClusterSession,
  addr: string,
  limits: { bigKeyBytes: number; scanBudgetMs: number; scanMaxKeys: number },
  signal?: AbortSignal,
): Promise<BigKeyScan> {
  const out: BigKeyScan = { node: addr, sampled: 0, complete: false, largest: [] };
  const deadline = Date.now() + limits.scanBudgetMs;
  const found: { key: Buffer; bytes: number }[] = [];
  try {
    const client = await session.node(addr);
    let cursor = '0';
    do {
      const left = deadline - Date.now();
      if (left <= 0 || out.sampled >= limits.scanMaxKeys || signal?.aborted) return finish(out, found, limits.bigKeyBytes, client);
      const [next, keys] = await withDeadline(client.scanBuffer(cursor, 'COUNT', PAGE), left, `${addr}: SCAN`);
      cursor = String(next);
      if (keys.length) {
        const p = client.pipeline();
        for (const k of keys) p.call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
        const res = (await withDeadline(p.exec(), Math.max(1, deadline - Date.now()), `${addr}: MEMORY USAGE`)) ?? [];
        keys.forEach((k, i) => {
          const [e, v] = res[i] ?? [];
          if (!e && v !== null && v !== undefined) found.push({ key: k, bytes: Number(v) });
        });
        out.sampled += keys.length;
        // Only the largest few and the big ones matter; keep the list short while scanning.
        if (found.length > 4 * TOP) {
          found.sort((a, b) => b.bytes - a.bytes);
          const keep = Math.max(TOP, found.filter((f) => f.bytes >= limits.bigKeyBytes).length);
          found.length = Math.min(found.length, keep);
        }
      }
    } while (cursor !== '0');
    out.complete = true;
    return await finish(out, found, limits.bigKeyBytes, client);
  } catch (e) {
    out.error = errorText(e);
    found.sort((a, b) => b.bytes - a.bytes);
    out.largest = found.slice(0, TOP).map((f) => ({ key: displayKey(f.key), bytes: f.bytes }));
    return out;
  }
}

async function finish(
  out: BigKeyScan,
  found: { key: Buffer; bytes: number }[],
  bigKeyBytes: number,
  client: Awaited<ReturnType<ClusterSession['node']>>,
): Promise<BigKeyScan> {
  found.sort((a, b) => b.bytes - a.bytes);
  const keep = found.filter((f, i) => i < TOP || f.bytes >= bigKeyBytes);
  const types = await withDeadline(Promise.all(keep.map((f) => client.type(f.key).catch(() => undefined))), 1000, 'TYPE').catch(() => []);
  out.largest = keep.map((f, i): BigKey => ({ key: displayKey(f.key), bytes: f.bytes, type: types[i] }));
  return out;
}
