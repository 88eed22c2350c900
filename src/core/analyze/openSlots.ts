// Open (migrating/importing) slots: read once from the topology, then watched while the analysis runs, by asking
// every master for its own CLUSTER NODES line (the only line where a node shows its open slots).
import type { ClusterSession } from '../connection/session';
import { address, parseClusterNodes, type Topology } from '../topology/topology';

export function openSlots(topo: Topology): Set<number> {
  const out = new Set<number>();
  for (const n of topo.nodes) {
    if (n.role !== 'master') continue;
    for (const o of [...n.migrating, ...n.importing]) out.add(o.slot);
  }
  return out;
}

const WATCH_MS = 500;

export class OpenSlotWatcher {
  /** Every slot seen open since the start (including those open at the start). */
  readonly unsettled: Set<number>;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly session: ClusterSession,
    private readonly topo: Topology,
    initial: Set<number>,
  ) {
    this.unsettled = new Set(initial);
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), WATCH_MS);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const masters = this.topo.nodes.filter((n) => n.role === 'master' && n.port > 0);
      await Promise.all(
        masters.map(async (m) => {
          try {
            const text = String(await (await this.session.node(address(m))).cluster('NODES'));
            const own = parseClusterNodes(text).find((x) => x.myself);
            for (const o of [...(own?.migrating ?? []), ...(own?.importing ?? [])]) this.unsettled.add(o.slot);
          } catch {
            // A master that does not answer is the scan's to report; the end check still compares owners.
          }
        }),
      );
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
