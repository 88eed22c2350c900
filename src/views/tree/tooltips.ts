// The Markdown tooltips of master and replica rows, as plain functions (no vscode import) that return lines.
// Each line is one translated message with its placeholders, never English fragments glued together.
import { serverLabel } from '../../core/topology/server';
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../../core/common/format';
import type { NodeStats } from '../../core/monitoring/nodeStats';
import { type Health } from '../../core/topology/nodeHealth';
import { countSlots, formatRanges } from '../../core/topology/slots';
import { type ClusterNode, address } from '../../core/topology/topology';
import type { StatsView } from './describe';

export function healthText(h: Health): string {
  switch (h) {
    case 'fail':
      return l10n.t('FAIL: the cluster agreed this node is down');
    case 'pfail':
      return l10n.t('PFAIL: this node looks down to the node we asked (not yet agreed)');
    case 'handshake':
      return l10n.t('handshake: the node is still being introduced to the cluster');
    case 'noaddr':
      return l10n.t("noaddr: the cluster does not know this node's address");
    case 'disconnected':
      return l10n.t('the cluster bus link to this node is down');
    case 'ok':
      return l10n.t('ok');
  }
}

function flagsLine(n: ClusterNode): string {
  return n.flags.length ? l10n.t('**flags:** {0}', n.flags.join(', ')) : '';
}

export function masterTooltip(n: ClusterNode, health: Health, stat: StatsView, lonely: boolean): string[] {
  const s = stat.stats;
  const ranges = formatRanges(n.slots);
  return [
    l10n.t('**master** {0}', address(n)),
    l10n.t('**id:** `{0}`', n.id),
    l10n.t('**health:** {0}', healthText(health)),
    ranges ? l10n.t('**slots:** {0} ({1})', countSlots(n.slots), ranges) : l10n.t('**slots:** {0} (none)', countSlots(n.slots)),
    s?.error
      ? l10n.t('**figures:** {0}', s.error)
      : s
        ? l10n.t('**keys:** {0} · **used memory:** {1} · read in {2} ms', s.keys ?? '?', formatBytes(s.usedMemory), s.ms)
        : l10n.t('**figures:** loading…'),
    serverLine(s),
    flagsLine(n),
    lonely ? `$(warning) ${l10n.t('no replica: if this master fails its slots are lost until it returns')}` : '',
  ].filter(Boolean);
}

/** "**server:** Valkey 8.0.1", from the Monitor's INFO; empty until it was read. */
function serverLine(s: NodeStats | undefined): string {
  return s?.server ? l10n.t('**server:** {0}', serverLabel(s.server)) : '';
}

function linkLine(repl: NonNullable<NodeStats['replication']>): string {
  const status = repl.linkStatus ?? '?';
  const down = repl.linkDownSinceSeconds;
  if (repl.syncInProgress && down) return l10n.t('**link:** {0} (full sync in progress), down for {1} s', status, down);
  if (repl.syncInProgress) return l10n.t('**link:** {0} (full sync in progress)', status);
  if (down) return l10n.t('**link:** {0}, down for {1} s', status, down);
  return l10n.t('**link:** {0}', status);
}

export function replicaTooltip(
  n: ClusterNode,
  master: ClusterNode | undefined,
  health: Health,
  self: StatsView,
  lag: { bytes?: number; seconds?: number },
): string[] {
  const of = master ? address(master) : n.masterId;
  const repl = self.stats?.replication;
  return [
    of ? l10n.t('**replica** {0} of {1}', address(n), of) : l10n.t('**replica** {0} of an unknown master', address(n)),
    l10n.t('**id:** `{0}`', n.id),
    l10n.t('**health:** {0}', healthText(health)),
    self.stats?.error ? l10n.t('**figures:** {0}', self.stats.error) : '',
    repl ? linkLine(repl) : '',
    repl ? l10n.t('**lag:** {0} bytes behind, last ack {1} s ago', lag.bytes ?? '?', lag.seconds ?? '?') : '',
    serverLine(self.stats),
    flagsLine(n),
  ].filter(Boolean);
}
