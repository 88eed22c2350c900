// Hover on a key: its slot and hash tag at once (offline); with a connected cluster also the owner, type, TTL
// and whether it exists, plus links to Look Up Key and Open Value.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Analysis, KeyRef } from '../../core/keysInCode';
import { keyToBase64 } from '../../core/keys/keyName';
import { lookupKeys } from '../../core/keys/lookup';
import { hashTagSpan, keySlot } from '../../core/topology/slots';
import { shortId } from '../../core/common/format';
import type { BaseServices } from '../../services/base';
import { withKeyContext } from '../../services/keyContext';
import type { KeysInCodeController } from './controller';

/** Facts from the cluster wait at most this long, so a slow or unreachable cluster never blocks a hover. */
const LIVE_TIMEOUT_MS = 1500;

/** A literal looks like a key when it has no whitespace and a delimiter or a hash tag (`user:1`, `{cart}42`). */
export function looksLikeKey(text: string): boolean {
  return text.length > 0 && text.length <= 512 && !/\s/.test(text) && /[:{]/.test(text);
}

function keyAt(a: Analysis, offset: number, anyLiteral: boolean): (KeyRef & { text?: string }) | undefined {
  const ref = a.keys.find((k) => k.start <= offset && offset < k.end);
  if (ref) return { ...ref, text: ref.literal };
  if (!anyLiteral) return undefined;
  const lit = a.literals.find((l) => l.start <= offset && offset < l.end && looksLikeKey(l.value));
  return lit ? { start: lit.start, end: lit.end, literal: lit.value, slot: keySlot(lit.value), text: lit.value } : undefined;
}

const code = (t: string) => `\`${t.replace(/`/g, "'")}\``;

async function liveFacts(s: BaseServices, key: string): Promise<{ profile: string; lines: string[] } | undefined> {
  const profile = s.connections.active;
  if (!profile || s.connections.get(profile)?.state !== 'connected') return undefined;
  const lookup = withKeyContext(s, profile, (c) => lookupKeys(c.session, [Buffer.from(key, 'utf8')], c.topology)).then(([k]) => k);
  const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), LIVE_TIMEOUT_MS));
  try {
    const k = await Promise.race([lookup, timeout]);
    if (!k) return { profile, lines: [`*${l10n.t('{0}: no answer within {1} ms', s.profiles.label(profile), LIVE_TIMEOUT_MS)}*`] };
    const ttl = k.ttlMs === undefined ? '?' : k.ttlMs === -1 ? l10n.t('none') : k.ttlMs === -2 ? '-' : `${Math.ceil(k.ttlMs / 1000)} s`;
    return {
      profile,
      lines: [
        l10n.t(
          'Owner on **{0}**: {1}',
          s.profiles.label(profile),
          k.owner ? `${code(k.owner.address)} (${shortId(k.owner.id)})` : l10n.t('no master serves this slot'),
        ),
        k.exists ? l10n.t('Exists: yes · type {0} · TTL {1}', code(k.type ?? '?'), ttl) : l10n.t('Exists: no'),
      ],
    };
  } catch (e) {
    return { profile, lines: [`*${profile}: ${(e as Error).message}*`] };
  }
}

export function keyHoverProvider(s: BaseServices, controller: KeysInCodeController): vscode.HoverProvider {
  return {
    async provideHover(doc, position) {
      const analysis = await controller.analysisFor(doc);
      if (!analysis) return undefined;
      const offset = doc.offsetAt(position);
      const ref = keyAt(analysis, offset, controller.current.hoverAnyLiteral);
      if (!ref) return undefined;
      const md = new vscode.MarkdownString(undefined, true);
      const range = new vscode.Range(doc.positionAt(ref.start), doc.positionAt(ref.end));
      if (ref.text === undefined) {
        md.appendMarkdown(`**${l10n.t('Redis key')}** ${code(doc.getText(range))}\n\n`);
        md.appendMarkdown(
          ref.tag !== undefined
            ? l10n.t('Hash tag {0}: every key with this tag shares one slot.', code(`{${ref.tag}}`))
            : l10n.t('No hash tag: the slot depends on the variable part.'),
        );
        return new vscode.Hover(md, range);
      }
      const key = ref.text;
      const span = hashTagSpan(key);
      const slot = ref.slot ?? keySlot(key);
      md.appendMarkdown(`**${l10n.t('Redis key')}** ${code(key)}\n\n`);
      const tagText = span ? Buffer.from(key).subarray(span[0], span[1]).toString() : undefined;
      const tag = tagText !== undefined ? l10n.t('hash tag {0}', code(`{${tagText}}`)) : l10n.t('no hash tag (the whole key is hashed)');
      md.appendMarkdown(`${l10n.t('Slot **{0}**', slot)} · ${tag}\n\n`);
      const live = await liveFacts(s, key);
      if (live) md.appendMarkdown(`${live.lines.join('\n\n')}\n\n`);
      const arg = encodeURIComponent(JSON.stringify({ profile: live?.profile, keyBase64: keyToBase64(Buffer.from(key, 'utf8')) }));
      md.appendMarkdown(`[${l10n.t('Look Up Key')}](command:redisCluster.lookUpKey?${arg})`);
      if (live) md.appendMarkdown(` · [Open Value](command:redisCluster.keys.open?${arg})`);
      md.isTrusted = { enabledCommands: ['redisCluster.lookUpKey', 'redisCluster.keys.open'] };
      return new vscode.Hover(md, range);
    },
  };
}
