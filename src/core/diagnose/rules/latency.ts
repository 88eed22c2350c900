// Latency: PING round trips, LATENCY LATEST spikes (and whether the monitor is on at all), the slow log by command.
import type { Finding, Gathered } from '../types';
import { list, plural, reachable } from './context';

/** A PING slower than this (ms) on a node is reported. */
export const SLOW_PING_MS = 50;

export function latencyRules(g: Gathered): Finding[] {
  const out: Finding[] = [];
  const nodes = reachable(g);
  const slow = nodes.filter((p) => (p.pingMs ?? 0) > SLOW_PING_MS);
  if (slow.length) {
    out.push({
      id: 'latency.ping',
      severity: 'warning',
      title: `PING is slow on ${plural(slow.length, 'node')}`,
      detail:
        `${list(slow.map((p) => `${p.address} ${Math.round(p.pingMs ?? 0)} ms`))} (over ${SLOW_PING_MS} ms). ` +
        `Look at the node's CPU, swap and the slow log.`,
      nodes: slow.map((p) => p.address),
    });
  }
  for (const p of nodes) {
    if (!p.latency?.length) continue;
    const worst = [...p.latency].sort((a, b) => b.maxMs - a.maxMs);
    out.push({
      id: 'latency.spikes',
      severity: 'warning',
      title: `${p.address}: latency spikes recorded`,
      detail: `${worst
        .map(
          (e) =>
            `${e.event}: latest ${e.latestMs} ms (${new Date(e.time * 1000).toISOString()}), max ${e.maxMs} ms` +
            `${e.samples ? `, ${plural(e.samples, 'spike')} in LATENCY HISTORY` : ''}`,
        )
        .join('; ')}. LATENCY DOCTOR on the node explains the events.`,
      nodes: [p.address],
    });
  }
  const off = nodes.filter((p) => p.config?.['latency-monitor-threshold'] === '0');
  if (off.length) {
    out.push({
      id: 'latency.monitor-off',
      severity: 'info',
      title: `The latency monitor is off on ${plural(off.length, 'node')}`,
      detail:
        `latency-monitor-threshold is 0 on ${list(off.map((p) => p.address))}, so LATENCY LATEST records nothing there. ` +
        `CONFIG SET latency-monitor-threshold 100 turns it on.`,
      nodes: off.map((p) => p.address),
    });
  }
  const byCommand = new Map<string, { count: number; maxUs: number; nodes: Set<string> }>();
  for (const p of nodes) {
    for (const e of p.slowlog ?? []) {
      const cmd = (e.args[0] ?? '?').toUpperCase();
      const c = byCommand.get(cmd) ?? { count: 0, maxUs: 0, nodes: new Set() };
      c.count++;
      c.maxUs = Math.max(c.maxUs, e.durationUs);
      c.nodes.add(p.address);
      byCommand.set(cmd, c);
    }
  }
  if (byCommand.size) {
    const rows = [...byCommand].sort((a, b) => b[1].maxUs - a[1].maxUs);
    out.push({
      id: 'latency.slowlog',
      severity: 'info',
      title: `Slow log: ${rows.reduce((s, [, c]) => s + c.count, 0)} entries over ${plural(rows.length, 'command')}`,
      detail: rows
        .slice(0, 10)
        .map(([cmd, c]) => `${cmd} ×${c.count}, max ${(c.maxUs / 1000).toFixed(1)} ms on ${list([...c.nodes], 3)}`)
        .join('; '),
      nodes: [...new Set(rows.flatMap(([, c]) => [...c.nodes]))],
    });
  }
  return out;
}
