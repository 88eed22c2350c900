// Joins many empty nodes into a cluster with our own ADDSLOTSRANGE + MEET + REPLICATE.
// `redis-cli --cluster create` waits for every node to agree after each step and, at 100 TLS nodes on 2 busy
// cores, did not finish joining in 120 s; here every node meets one seed and gossip spreads the rest.
import { redisCliWithTimeout } from './nodes';
import { sleep } from './proc';
import { HOST, type ClusterInfo } from './types';
import { parseClusterNodes } from './wait';

const SLOTS = 16384;

/** Runs fn over items with at most `limit` in flight (each call spawns a redis-cli). */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Slot range [from, to] of master i of n, split as evenly as redis-cli splits it. */
export function slotRange(i: number, n: number): [number, number] {
  const per = SLOTS / n;
  const from = Math.round(i * per);
  const to = i === n - 1 ? SLOTS - 1 : Math.round((i + 1) * per) - 1;
  return [from, to];
}

/**
 * masters[i] gets slot range i; replicas[j] replicates masters[j % masters.length].
 * Resolves once every node lists every other one and each replica has been told its master.
 */
export async function joinCluster(info: ClusterInfo, masters: number[], replicas: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const callMs = (): number => Math.max(2000, Math.min(15000, deadline - Date.now()));
  const cli = (port: number, ...args: string[]): Promise<string> => redisCliWithTimeout(info, port, callMs(), args);
  const all = [...masters, ...replicas];
  const ids = new Map<number, string>();
  await eachLimited(all, 8, async (p) => {
    ids.set(p, (await cli(p, 'CLUSTER', 'MYID')).trim());
  });
  // Distinct epochs up front spare the cluster its own collision resolution, which takes a gossip round per clash.
  await eachLimited(masters, 8, async (p) => {
    const i = masters.indexOf(p);
    const [from, to] = slotRange(i, masters.length);
    await cli(p, 'CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1));
    await cli(p, 'CLUSTER', 'ADDSLOTSRANGE', String(from), String(to));
  });
  const seed = all[0];
  await eachLimited(all.slice(1), 8, async (p) => {
    await cli(p, 'CLUSTER', 'MEET', HOST, String(seed));
  });
  await waitUntil(deadline, 'every node to know every other node', async () => {
    // A few nodes at a time, stopping at the first that does not know everyone yet: a redis-cli per node at once
    // (100 processes every half second) loaded two busy cores until the nodes' own bus handshakes timed out.
    let known = true;
    await eachLimited(all, 8, async (p) => {
      if (!known) return;
      const nodes = parseClusterNodes(await cli(p, 'CLUSTER', 'NODES').catch(() => ''));
      const full = nodes.length === all.length && nodes.every((n) => !n.flags.includes('handshake') && !n.flags.includes('noaddr'));
      if (!full) known = false;
    });
    return known;
  });
  await eachLimited(replicas, 8, async (p) => {
    const master = masters[replicas.indexOf(p) % masters.length];
    await cli(p, 'CLUSTER', 'REPLICATE', ids.get(master) ?? '');
  });
}

async function waitUntil(deadline: number, what: string, ok: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await ok()) return;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}
