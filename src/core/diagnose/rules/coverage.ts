// Slot coverage and open slots, read the way Check reads them (check.ts's openSlotsOf over every master's own
// view); both are repaired by Fix. Skipped while the cluster is split: assigning the other side's slots would
// fork the data.
import { openSlotsOf } from '../../admin/ops/check';
import { compactSlots, countSlots, formatRanges, uncoveredSlots } from '../../topology/slots';
import type { Finding, Gathered } from '../types';
import { address } from '../../topology/topology';
import { masters } from '../../topology/nodeLookup';
import { groups, mainView, mainViews, strangers } from './context';

export function coverageRule(g: Gathered): Finding[] {
  const [main, ...rest] = groups(g);
  if (!main || rest.some((r) => strangers(main, r) && r.slots.size > 0)) return [];
  const view = mainView(g);
  const out: Finding[] = [];
  const uncovered = uncoveredSlots(masters({ nodes: view }).flatMap((n) => n.slots));
  const fix = { command: 'redisCluster.fix', args: {}, label: 'Fix…' };
  if (uncovered.length) {
    out.push({
      id: 'coverage.uncovered',
      severity: 'error',
      title: `${countSlots(uncovered)} slot(s) have no owner`,
      detail:
        `Slots ${formatRanges(uncovered)} are served by no master: keys there are refused` +
        (g.nodes.some((p) => p.config?.['cluster-require-full-coverage'] === 'yes')
          ? ', and with cluster-require-full-coverage yes the whole cluster is down'
          : '') +
        '. Fix assigns them without merging keys.',
      nodes: [],
      fix,
    });
  }
  const open = openSlotsOf(mainViews(g), { nodes: view });
  if (open.length) {
    const ids = new Set(open.flatMap((o) => [...o.migrating.map((m) => m.node), ...o.importing.map((i) => i.node)]));
    out.push({
      id: 'coverage.open-slots',
      severity: 'error',
      title: `${open.length} slot(s) are left open (migrating/importing)`,
      detail:
        `Slots ${formatRanges(compactSlots(open.map((o) => o.slot)))} are half-moved, which sends clients ASK redirects ` +
        `and blocks further moves. Fix finishes or rolls back each one.`,
      nodes: view.filter((n) => ids.has(n.id)).map(address),
      fix,
    });
  }
  return out;
}

export const coverageRules = [coverageRule];
