// MONITOR on every node of the shared cluster: what each node really received while a test ran.
import type Redis from 'ioredis';
import type { ClusterSession } from '../../../src/core/connection/session';
import { type ClusterNode, address } from '../../../src/core/topology/topology';

export interface Seen {
  /** Server time in seconds (the nodes share a host, so one clock). */
  time: number;
  /** The command and its first argument, lower case ("cluster shards", "info"). */
  command: string;
  /** host:port of the node that received it. */
  node: string;
}

/** Starts MONITOR on each node; stop() waits for the last lines and closes the monitors. */
export async function watchNodes(session: ClusterSession, nodes: ClusterNode[]): Promise<{ seen: Seen[]; stop(): Promise<void> }> {
  const seen: Seen[] = [];
  const monitors: Redis[] = [];
  for (const n of nodes) {
    const node = address(n);
    const m = await (await session.node(node)).monitor();
    m.on('monitor', (time: string, args: string[]) =>
      seen.push({ time: Number(time), command: args.slice(0, 2).join(' ').toLowerCase(), node }),
    );
    monitors.push(m);
  }
  const stop = async () => {
    // MONITOR lines travel on their own connections: give the last ones a moment to arrive.
    await new Promise((r) => setTimeout(r, 300));
    await Promise.all(monitors.map((m) => m.quit().catch(() => undefined)));
  };
  return { seen, stop };
}
