// The Rebalance… questions (what to balance, empty masters, weights, threshold), answered into a rebalance request
// for the migration use case. Defaults shown are ADMIN_DEFAULTS', so an untouched answer leaves the line short.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { ADMIN_DEFAULTS, type RebalanceRequest } from '../core/admin/useCases/requests';
import { countSlots } from '../core/topology/slots';
import { address } from '../core/topology/topology';
import { shortId } from '../core/common/format';
import { reachableMasters } from '../ui/adminPick';
import { validateThreshold, validateWeight } from './adminText';
import type { AdminTarget } from './runOperation';

/** Rebalance options from the user: mode, empty masters, weights, threshold. */
export async function askRebalance(t: AdminTarget): Promise<RebalanceRequest | undefined> {
  const title = l10n.t('Redis Cluster: Rebalance');
  const by = await vscode.window.showQuickPick(
    [
      {
        label: l10n.t('By slots'),
        description: l10n.t('like redis-cli --cluster rebalance'),
        detail: l10n.t('Each master gets slots in proportion to its weight.'),
        by: 'slots' as const,
      },
      {
        label: l10n.t('By keys'),
        description: l10n.t('for skewed slots'),
        detail: l10n.t('Moves the heaviest slots that fit, so key counts even out with few moves.'),
        by: 'keys' as const,
      },
      {
        label: l10n.t('By load'),
        description: l10n.t('Valkey 8+, Redis 8.2+'),
        detail: l10n.t('Measures the CPU time of every slot for 5 s (CLUSTER SLOT-STATS), then evens it out.'),
        by: 'load' as const,
      },
    ],
    { title: l10n.t('{0} (1/3): balance what?', title), ignoreFocusOut: true },
  );
  if (!by) return undefined;
  const ms = reachableMasters(t.topology);
  const empty = ms.filter((m) => m.slots.length === 0);
  const extras = await vscode.window.showQuickPick(
    [
      {
        label: l10n.t('Use empty masters'),
        detail: empty.length ? l10n.t('{0} own no slots yet', empty.map(address).join(', ')) : l10n.t('no master is empty now'),
        picked: empty.length > 0,
        key: 'empty',
      },
      {
        label: l10n.t('Set weights per master…'),
        detail: l10n.t('weight 0 drains a master; 2 gives it twice the share'),
        picked: false,
        key: 'weights',
      },
    ],
    { title: l10n.t('{0} (2/3): options', title), canPickMany: true, ignoreFocusOut: true },
  );
  if (!extras) return undefined;
  const threshold = await vscode.window.showInputBox({
    title: l10n.t('{0} (3/3): threshold', title),
    prompt: l10n.t('Percent off target below which nothing moves (redis-cli default 2)'),
    value: String(ADMIN_DEFAULTS.threshold),
    validateInput: validateThreshold,
    ignoreFocusOut: true,
  });
  if (threshold === undefined) return undefined;
  const opts: RebalanceRequest = {
    action: 'rebalance',
    by: by.by,
    threshold: Number(threshold),
    useEmptyMasters: extras.some((e) => e.key === 'empty'),
  };
  if (extras.some((e) => e.key === 'weights')) {
    const weights: Record<string, number> = {};
    for (const m of ms) {
      const w = await vscode.window.showInputBox({
        title: l10n.t('{0}: weight of {1} ({2}, {3} slots)', title, address(m), shortId(m.id), countSlots(m.slots)),
        value: '1',
        validateInput: validateWeight,
        ignoreFocusOut: true,
      });
      if (w === undefined) return undefined;
      if (Number(w) !== 1) weights[m.id] = Number(w);
    }
    opts.weights = weights;
  }
  return opts;
}
