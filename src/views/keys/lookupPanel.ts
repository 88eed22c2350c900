// "Look Up Key" result: a QuickPick that reads like a panel (slot, hash tag, owner, replicas, facts) with the
// actions at the bottom. Keys looked up in a row are remembered briefly to explain hash tags when they scatter.
import * as vscode from 'vscode';
import { type HashTagHint, type KeyLookup, hashTagHint } from '../../core/lookup';
import { shortId } from '../../core/format';

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
  rows.push({ label: `$(symbol-number) Slot ${l.slot}`, description: slotOk ? `server CLUSTER KEYSLOT = local CRC16 (${l.localSlot})` : `DISAGREEMENT: local CRC16 says ${l.localSlot}`, detail: l.slotDisagreement });
  rows.push(l.hashTag
    ? { label: `$(symbol-namespace) Hash tag {${l.hashTag.text}}`, description: highlighted(l), detail: 'Only the tag is hashed: every key with this {tag} lives in this slot.' }
    : { label: '$(symbol-namespace) No hash tag', description: 'the whole key is hashed' });
  rows.push({ label: `$(server) Owner ${l.owner?.address ?? 'none'}`, description: l.owner ? `master ${shortId(l.owner.id)}${l.slotState ? ` · ${l.slotState}` : ''}` : 'no master serves this slot' });
  rows.push({ label: `$(mirror) Replicas`, description: l.replicas.length ? l.replicas.map((r) => `${r.address} (${shortId(r.id)})`).join(', ') : 'none' });
  const facts = l.exists
    ? [`type ${l.type}`, `TTL ${formatTtl(l.ttlMs)}`, l.memoryUsage !== undefined ? `${l.memoryUsage.toLocaleString('en-US')} bytes (MEMORY USAGE)` : '', l.encoding ? `encoding ${l.encoding}` : ''].filter(Boolean).join(' · ')
    : 'the key does not exist';
  rows.push({ label: l.exists ? '$(pass) Exists' : '$(circle-slash) Missing', description: facts });
  for (const p of l.problems) rows.push({ label: '$(warning) Problem', description: p });
  if (hint) rows.push({ label: `$(lightbulb) Your last keys land on ${hint.slots.length} slots`, description: `with {${hint.example.tag}} they would all share slot ${hint.example.slot}`, detail: hint.example.keys.join('   '), action: 'hint' });
  rows.push({ label: 'Actions', kind: vscode.QuickPickItemKind.Separator });
  if (l.exists) rows.push({ label: '$(go-to-file) Open value', action: 'open' });
  rows.push({ label: '$(copy) Copy slot and owner', action: 'copy' });
  if (l.exists) rows.push({ label: '$(trash) Delete key…', description: readOnly ? 'refused: read-only profile' : undefined, action: 'delete' });
  return rows;
}

/** Shows the result; resolves when the user picks an action (or undefined when dismissed). */
export function showLookup(title: string, rows: Row[], hint: HashTagHint | undefined): Promise<LookupAction | undefined> {
  const qp = vscode.window.createQuickPick<Row>();
  qp.title = title;
  qp.placeholder = 'Pick an action';
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
        void vscode.window.showInformationMessage(hint.text, { modal: true, detail: `Example:\n${hint.example.keys.join('\n')}\nall hash to slot ${hint.example.slot}.` });
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
