// Replication: masters without a working replica, replicas on their master's host, uneven replica counts,
// replica links that are down, and replicas that lag behind their master.
import { address, isFailing } from '../../topology/topology';
import { shortId } from '../../common/format';
import type { Finding, Gathered, NodeProbe } from '../types';
import { list, liveMasters, mainView, me, plural, reachable } from './context';

/** A replica this far behind (bytes of replication stream) or this long silent is reported. */
export const LAG_BYTES = 1024 * 1024;
export const LAG_SECONDS = 10;

export function replicaRules(g: Gathered): Finding[] {
  const view = mainView(g);
  const out: Finding[] = [];
  const live = view.filter((n) => !isFailing(n) && !n.flags.includes('noaddr'));
  const masters = liveMasters(view).filter((m) => m.slots.length > 0);
  const replicasOf = (id: string) => live.filter((r) => r.role === 'replica' && r.masterId === id);
  const bare = masters.filter((m) => replicasOf(m.id).length === 0);
  if (bare.length) {
    out.push({
      id: 'replicas.none',
      severity: 'warning',
      title: `${plural(bare.length, 'master')} without a working replica`,
      detail: `${list(bare.map(address))}: losing one of them loses its slots until it comes back. Add a replica to each.`,
      nodes: bare.map(address),
      fix: bare.length === 1 ? { command: 'redisCluster.addNode', args: { replicaOf: bare[0].id }, label: 'Add a replica…' } : undefined,
    });
  }
  const sameHost = masters.flatMap((m) =>
    replicasOf(m.id)
      .filter((r) => r.host === m.host)
      .map((r) => `${address(r)} → ${address(m)}`),
  );
  if (sameHost.length) {
    out.push({
      id: 'replicas.same-host',
      severity: 'warning',
      title: `${plural(sameHost.length, 'replica')} on the same host as their master`,
      detail:
        `${list(sameHost)}: one host failure takes the master and its replica together. ` +
        `Fine for a local test cluster; in production put replicas on other hosts.`,
      nodes: sameHost.map((s) => s.split(' ')[0]),
    });
  }
  const counts = masters.map((m) => replicasOf(m.id).length);
  if (masters.length > 1 && Math.max(...counts) - Math.min(...counts) > 1) {
    out.push({
      id: 'replicas.uneven',
      severity: 'info',
      title: 'Replicas are spread unevenly over the masters',
      detail: masters.map((m, i) => `${address(m)}: ${counts[i]}`).join(', '),
      nodes: masters.filter((_, i) => counts[i] === Math.min(...counts)).map(address),
    });
  }
  const byAddr = new Map(reachable(g).map((p) => [p.address, p]));
  const probeOf = (id: string | undefined): NodeProbe | undefined => {
    const n = view.find((x) => x.id === id);
    return n ? byAddr.get(address(n)) : undefined;
  };
  for (const p of reachable(g)) {
    const m = me(p);
    if (m?.role !== 'replica' || !p.info) continue;
    const master = probeOf(m.masterId);
    const masterAddr = master?.address ?? (m.masterId && shortId(m.masterId)) ?? '?';
    if (p.info.master_link_status !== 'up') {
      out.push({
        id: 'replicas.link-down',
        severity: 'error',
        title: `${p.address}: link to its master is down`,
        detail:
          `master_link_status is ${p.info.master_link_status ?? 'unknown'} (master ${masterAddr}` +
          `${p.info.master_link_down_since_seconds ? `, down for ${p.info.master_link_down_since_seconds} s` : ''}). ` +
          `Check the master, the network and masterauth.`,
        nodes: [p.address],
      });
      continue;
    }
    const behind = Number(master?.info?.master_repl_offset ?? NaN) - Number(p.info.slave_repl_offset ?? NaN);
    const silent = Number(p.info.master_last_io_seconds_ago ?? 0);
    if (behind > LAG_BYTES || silent > LAG_SECONDS) {
      out.push({
        id: 'replicas.lag',
        severity: 'warning',
        title: `${p.address} lags behind ${masterAddr}`,
        detail:
          `${behind > LAG_BYTES ? `${Math.round(behind / 1024)} KiB of replication stream behind` : ''}` +
          `${behind > LAG_BYTES && silent > LAG_SECONDS ? ', ' : ''}` +
          `${silent > LAG_SECONDS ? `last heard from its master ${silent} s ago` : ''}. A failover now would lose those writes.`,
        nodes: [p.address],
      });
    }
  }
  return out;
}
