// `distribution --profile FILE [--json] [--chunk N] [--timeout MS]`
// JSON: { "slots": [16384 counts], "masters": [{ "id", "keys", "slots" }] } (plus total, imbalance, top).
import { countKeysPerSlot } from '../core/monitoring/distribution';
import { discoverTopology } from '../core/topology/topology';
import { common, defineCommand, intOption, parse } from './args';
import { type CliIO, json, withSession } from './context';
import { shortId } from '../core/common/format';

export const distributionSpec = defineCommand({
  name: 'distribution',
  summary: 'Count the keys in every slot and per master (pipelined, all masters in parallel).',
  usage: 'distribution --profile FILE [--json] [--chunk N] [--timeout MS]',
  options: {
    profile: common.profile,
    json: common.json,
    chunk: { type: 'string', value: 'N', description: 'Slots per pipeline (1-16384).' },
    timeout: { type: 'string', value: 'MS', description: 'Give up on a master after this many milliseconds (100-600000).' },
  },
  examples: ['redis-cluster distribution --profile prod.json'],
  exitCodes: { 1: 'a master could not be counted' },
});

export async function distributionCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, distributionSpec);
  const chunkSize = intOption(values.chunk, '--chunk', 1, 16384);
  const timeoutMs = intOption(values.timeout, '--timeout', 100, 600000);
  const dist = await withSession(values.profile, async (session) => {
    const topo = await discoverTopology(session);
    return countKeysPerSlot(session, topo, { chunkSize, timeoutMs });
  });
  const failed = dist.masters.filter((m) => m.error);
  for (const m of failed) io.err(`error: ${m.error}`);
  if (values.json) {
    io.out(
      json({
        slots: Array.from(dist.slots),
        masters: dist.masters.map((m) => ({
          id: m.id,
          address: m.address,
          keys: m.keys,
          slots: m.slots,
          ...(m.error ? { error: m.error } : {}),
        })),
        total: dist.total,
        imbalance: Number(dist.imbalance.toFixed(4)),
        top: dist.top,
        complete: dist.complete,
        elapsedMs: Math.round(dist.elapsedMs),
      }),
    );
  } else {
    io.out(
      `${dist.total} keys in ${dist.masters.length} masters, imbalance ${dist.imbalance.toFixed(2)} (max/mean), ` +
        `counted in ${Math.round(dist.elapsedMs)} ms`,
    );
    for (const m of dist.masters) {
      const share = dist.total ? ((100 * m.keys) / dist.total).toFixed(1) : '0.0';
      io.out(`  ${m.address}  ${shortId(m.id)}  ${m.keys} keys (${share}%)  ${m.slots} slots${m.error ? '  FAILED' : ''}`);
    }
    io.out(
      `top slots: ${
        dist.top
          .slice(0, 10)
          .map((t) => `${t.slot}=${t.keys}`)
          .join(' ') || '(none)'
      }`,
    );
  }
  return failed.length ? 1 : 0;
}
