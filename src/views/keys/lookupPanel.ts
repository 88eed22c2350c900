// "Look Up Key" result: a QuickPick that reads like a panel (slot, hash tag, owner, replicas, facts) with the
// actions at the bottom. Keys looked up in a row are remembered briefly to explain hash tags when they scatter.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { type HashTagHint, type KeyLookup, hashTagHint } from '../../core/keys/lookup';
import { shortId } from '../../core/common/format';

export type LookupAction = 'open' | 'copy' | 'delete' | 'hint';

interface Row extends vscode.QuickPickItem {
  action?: LookupAction;
}

const RECENT_MS = 10 * 60 * 1000;

/** The keys looked up lately (one profile, a few minutes): their run explains hash tags when they scatter. */
export class RecentLookups {
  private readonly recent: { profile: string; key: Buffer; at: number }[] = [];

  /** Remembers a lookup and returns the hash tag hint for the recent run of keys of this profile, if any. */
  remember(profile: string, key: Buffer): HashTagHint | undefined {
    const now = Date.now();
    const recent = this.recent;
    for (let i = recent.length - 1; i >= 0; i--) if (recent[i].profile !== profile || now - recent[i].at > RECENT_MS) recent.splice(i, 1);
    if (!recent.some((r) => r.key.equals(key))) recent.push({ profile, key, at: now });
    if (recent.length > 6) recent.shift();
    return hashTagHint(recent.map((r) => r.key));
  }
}

export function formatTtl(ms: number | undefined): string {
  if (ms === undefined) return '?';
  if (ms === -1) return 'no expiry';
  if (ms === -2) return '—';
  return ms >= 10000 ? `${Math.round(ms / 1000).toLocaleString('en-US')} s` : `${ms} ms`;
}

function highlighted(l: KeyLookup): string {
  if (!l.hashTag) return l.display;
  const before = l.key.subarray(0, l.hashTag.start);
  const after = l.key.subarray(l.hashTag.end);
  return `${before.toString('utf8')}⟦${l.hashTag.text}⟧${after.toString('utf8')}`;
}

export function lookupRows(l: KeyLookup, hint: HashTagHint | undefined, readOnly: boolean): Row[] {
  const rows: Row[] = [];
  const slotOk = l.slotDisagreement === undefined;
  rows.push({
    label: `$(symbol-number) ${l10n.t('Slot {0}', l.slot)}`,
    description: slotOk
      ? l10n.t('server CLUSTER KEYSLOT = local CRC16 ({0})', l.localSlot)
      : l10n.t('DISAGREEMENT: local CRC16 says {0}', l.localSlot),
    detail: l.slotDisagreement,
  });
  rows.push(
    l.hashTag
      ? {
          label: `$(symbol-namespace) ${l10n.t('Hash tag {0}', `{${l.hashTag.text}}`)}`,
          description: highlighted(l),
          detail: l10n.t('Only the tag is hashed: every key with this {tag} lives in this slot.'),
        }
      : { label: `$(symbol-namespace) ${l10n.t('No hash tag')}`, description: l10n.t('the whole key is hashed') },
  );
  rows.push({
    label: `$(server) ${l10n.t('Owner {0}', l.owner?.address ?? l10n.t('none'))}`,
    description: l.owner
      ? `${l10n.t('master {0}', shortId(l.owner.id))}${l.slotState ? ` · ${l.slotState}` : ''}`
      : l10n.t('no master serves this slot'),
  });
  rows.push({
    label: `$(mirror) ${l10n.t('Replicas')}`,
    description: l.replicas.length ? l.replicas.map((r) => `${r.address} (${shortId(r.id)})`).join(', ') : l10n.t('none'),
  });
  const facts = l.exists
    ? [
        l10n.t('type {0}', l.type ?? '?'),
        l10n.t('TTL {0}', formatTtl(l.ttlMs)),
        l.memoryUsage !== undefined ? l10n.t('{0} bytes (MEMORY USAGE)', l.memoryUsage.toLocaleString('en-US')) : '',
        l.encoding ? l10n.t('encoding {0}', l.encoding) : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : l10n.t('the key does not exist');
  rows.push({ label: l.exists ? `$(pass) ${l10n.t('Exists')}` : `$(circle-slash) ${l10n.t('Missing')}`, description: facts });
  for (const p of l.problems) rows.push({ label: `$(warning) ${l10n.t('Problem')}`, description: p });
  if (hint) {
    rows.push({
      label: `$(lightbulb) ${l10n.t('Your last keys land on {0} slots', hint.slots.length)}`,
      description: l10n.t('with {0} they would all share slot {1}', `{${hint.example.tag}}`, hint.example.slot),
      detail: hint.example.keys.join('   '),
      action: 'hint',
    });
  }
  rows.push({ label: l10n.t('Actions'), kind: vscode.QuickPickItemKind.Separator });
  if (l.exists) rows.push({ label: `$(go-to-file) ${l10n.t('Open value')}`, action: 'open' });
  rows.push({ label: `$(copy) ${l10n.t('Copy slot and owner')}`, action: 'copy' });
  if (l.exists)
    rows.push({
      label: `$(trash) ${l10n.t('Delete key…')}`,
      description: readOnly ? l10n.t('refused: read-only profile') : undefined,
      action: 'delete',
    });
  return rows;
}

/** Shows the result; resolves when the user picks an action (or undefined when dismissed). */
export function showLookup(title: string, rows: Row[], hint: HashTagHint | undefined): Promise<LookupAction | undefined> {
  const qp = vscode.window.createQuickPick<Row>();
  qp.title = title;
  qp.placeholder = l10n.t('Pick an action');
  qp.items = rows;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  const firstAction = rows.find((r) => r.action && r.action !== 'hint');
  if (firstAction) qp.activeItems = [firstAction];
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      if (picked?.action === 'hint' && hint) {
        void vscode.window.showInformationMessage(hint.text, {
          modal: true,
          detail: l10n.t('Example:\n{0}\nall hash to slot {1}.', hint.example.keys.join('\n'), hint.example.slot),
        });
        return;
      }
      if (!picked?.action) return;
      done = true;
      qp.hide();
      resolve(picked.action);
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (!done) resolve(undefined);
    });
    qp.show();
  });
}
