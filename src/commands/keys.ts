// Key commands: Look Up Key (palette, editor context, key items) and the key browser's actions. Every change
// goes through confirmAction (readOnly refuses, protected asks for the typed name).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { displayKey, keyFromBase64, keyToBase64, parseKeyInput } from '../core/keys/keyName';
import { type KeyLookup, lookupKeys } from '../core/keys/lookup';
import { SCAN_TYPES } from '../core/keys/scan';
import { keySlot } from '../core/topology/slots';
import { deleteKey, renameKey } from '../core/keys/values';
import type { Services } from '../services';
import { withKeyContext } from '../services/keyContext';
import { keyCandidate } from '../views/contextKeys';
import { lookupRows, showLookup } from '../views/keys/lookupPanel';
import { openKeyValue } from '../views/keys/open';
import { confirmAction } from '../ui/confirm';
import type { CommandHandler } from './types';
import { pickProfile, profileRefOf } from '../ui/pick';

/** `{ profile, keyBase64 }` from tree items, or `{ profile, key }` (text) from scripts and tests. */
function keyOf(arg: unknown): Buffer | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  if ('keyBase64' in arg && typeof arg.keyBase64 === 'string') return keyFromBase64(arg.keyBase64);
  if ('key' in arg && typeof arg.key === 'string') return parseKeyInput(arg.key);
  return undefined;
}

function prefillFromEditor(): string | undefined {
  return keyCandidate(vscode.window.activeTextEditor);
}

async function askKey(title: string, value?: string): Promise<Buffer | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    value,
    prompt: l10n.t('Key name. For binary keys use the quoted form with escapes, e.g. "user:\\xff\\x00".'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseKeyInput(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return text === undefined ? undefined : parseKeyInput(text);
}

async function deleteWithConfirm(s: Services, profile: string, key: Buffer): Promise<boolean> {
  const p = s.profiles.get(profile)?.profile;
  if (!p) return false;
  const label = displayKey(key);
  if (
    !(await confirmAction(
      p,
      l10n.t('Delete key {0}?', label),
      l10n.t('Deletes {0} (slot {1}) on "{2}". This cannot be undone.', label, keySlot(key), s.profiles.label(profile)),
      'write',
    ))
  ) {
    return false;
  }
  const deleted = await withKeyContext(s, profile, (c) => deleteKey(c.session, c.topology, key));
  s.log.info(`deleted key ${label} (base64 ${keyToBase64(key)}) on "${profile}"`);
  s.keys.browser.keyRemoved(profile, key);
  void vscode.window.showInformationMessage(deleted ? l10n.t('Deleted {0}.', label) : l10n.t('{0} was already gone.', label));
  return deleted;
}

async function lookUp(s: Services, arg: unknown): Promise<KeyLookup | undefined> {
  const profile = await pickProfile(s, arg);
  if (!profile) return undefined;
  const key = keyOf(arg) ?? (await askKey(l10n.t('Redis Cluster: Look Up Key'), prefillFromEditor()));
  if (!key) return undefined;
  const [found] = await withKeyContext(s, profile, (c) => lookupKeys(c.session, [key], c.topology));
  if (found.slotDisagreement) s.log.warn(`key ${found.display}: ${found.slotDisagreement}`);
  const hint = s.keys.lookups.remember(profile, key);
  const readOnly = !!s.profiles.get(profile)?.profile?.readOnly;
  // Not awaited: the command returns the lookup at once (scripts and tests use it); the panel acts on its own.
  void showLookup(`${found.display} on "${s.profiles.label(profile)}"`, lookupRows(found, hint, readOnly), hint).then(async (action) => {
    try {
      if (action === 'open') await openKeyValue(s, s.keys.documents, profile, key);
      else if (action === 'copy') {
        await vscode.env.clipboard.writeText(
          `${found.display}\tslot ${found.slot}\towner ${found.owner?.address ?? 'none'} (${found.owner?.id ?? '-'})`,
        );
        const owner = found.owner?.address ?? l10n.t('none');
        void vscode.window.setStatusBarMessage(l10n.t('Copied slot {0} and owner {1}', found.slot, owner), 4000);
      } else if (action === 'delete') await deleteWithConfirm(s, profile, key);
    } catch (e) {
      void vscode.window.showErrorMessage(`${found.display}: ${(e as Error).message}`);
    }
  });
  return found;
}

async function filterKeys(s: Services, arg: unknown): Promise<void> {
  const profile = await pickProfile(s, arg);
  if (!profile) return;
  const { browser } = s.keys;
  const current = browser.state(profile)?.filter ?? {};
  const match = await vscode.window.showInputBox({
    title: l10n.t('Filter keys of "{0}" (1/2)', s.profiles.label(profile)),
    prompt: l10n.t('SCAN MATCH glob, e.g. user:* or session:??:*. Empty for all keys.'),
    value: current.match ?? '',
    ignoreFocusOut: true,
  });
  if (match === undefined) return;
  const types = [{ label: l10n.t('Any type'), type: undefined }, ...SCAN_TYPES.map((t) => ({ label: t, type: t as string | undefined }))];
  const picked = await vscode.window.showQuickPick(
    types.map((t) => ({ ...t, picked: t.type === current.type })),
    {
      title: l10n.t('Filter keys of "{0}" (2/2): type', s.profiles.label(profile)),
    },
  );
  if (!picked) return;
  await browser.reload(profile, { match: match || undefined, type: picked.type });
}

async function renameWithConfirm(s: Services, arg: unknown): Promise<void> {
  const profile = profileRefOf(s, arg);
  const from = keyOf(arg);
  if (!profile || !from) return;
  const p = s.profiles.get(profile)?.profile;
  if (!p) return;
  const to = await askKey(l10n.t('Rename {0}', displayKey(from)), displayKey(from));
  if (!to || to.equals(from)) return;
  const cross = keySlot(from) !== keySlot(to);
  const detail = cross
    ? l10n.t(
        'The new name hashes to slot {0}, not {1}: the value is copied with DUMP/RESTORE (TTL kept) and the old key deleted.',
        keySlot(to),
        keySlot(from),
      ) + ` ${l10n.t('This is NOT atomic: a write to the old key in between is lost. Use a shared {hash tag} to rename atomically.')}`
    : l10n.t('RENAME within slot {0} (atomic). An existing key with the new name is not overwritten.', keySlot(from));
  if (!(await confirmAction(p, l10n.t('Rename {0} to {1}?', displayKey(from), displayKey(to)), detail, 'write'))) return;
  const result = await withKeyContext(s, profile, (c) => renameKey(c.session, c.topology, from, to));
  s.log.info(`renamed key ${displayKey(from)} to ${displayKey(to)} on "${profile}" (${result.mode})`);
  const { browser } = s.keys;
  browser.keyRemoved(profile, from);
  browser.keyAdded(profile, to);
  if (result.warning) void vscode.window.showWarningMessage(l10n.t('Renamed across slots: {0}', result.warning));
}

export function keyCommands(s: Services): Record<string, CommandHandler> {
  const guarded = (fn: (arg: unknown) => Promise<unknown>) => async (arg: unknown) => {
    try {
      return await fn(arg);
    } catch (e) {
      void vscode.window.showErrorMessage(l10n.t('Redis Cluster: {0}', (e as Error).message));
      return undefined;
    }
  };
  return {
    'redisCluster.lookUpKey': guarded((arg) => lookUp(s, arg)),
    'redisCluster.keys.refresh': guarded(async (arg) => {
      const { browser } = s.keys;
      const named = profileRefOf(s, arg);
      const profiles = named
        ? [named]
        : s.profiles
            .list()
            .filter((e) => browser.state(e.id))
            .map((e) => e.id);
      await Promise.all(profiles.map((p) => browser.reload(p)));
    }),
    'redisCluster.keys.filter': guarded((arg) => filterKeys(s, arg)),
    'redisCluster.keys.loadMore': guarded(async (arg) => {
      const profile = await pickProfile(s, arg);
      if (profile) await s.keys.browser.loadMore(profile);
    }),
    'redisCluster.keys.open': guarded(async (arg) => {
      const profile = profileRefOf(s, arg);
      const key = keyOf(arg);
      return profile && key ? openKeyValue(s, s.keys.documents, profile, key) : undefined;
    }),
    'redisCluster.keys.delete': guarded(async (arg) => {
      const profile = profileRefOf(s, arg);
      const key = keyOf(arg);
      return profile && key ? deleteWithConfirm(s, profile, key) : false;
    }),
    'redisCluster.keys.rename': guarded((arg) => renameWithConfirm(s, arg)),
  };
}
