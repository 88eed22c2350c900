// Key browser elements. Every element has a stable id (profile + bytes in base64), so expansion survives a
// re-render and getParent works. Key items carry `{ profile, keyBase64 }` as their command argument.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { displayKey, keyToBase64 } from '../../core/keys/keyName';
import type { KeyFolder, ProfileKeys } from './model';

export interface KeyArg {
  profile: string;
  keyBase64: string;
}

export type KeyElement = ProfileElement | FolderElement | KeyItemElement | MoreElement | MessageElement;

export class ProfileElement {
  readonly kind = 'profile';
  /** `profile` is the profile's id; `label` what the view shows (its name, plus the scope when names collide). */
  constructor(
    readonly id: string,
    readonly profile: string,
    readonly label = profile,
  ) {}
}

export class FolderElement {
  readonly kind = 'folder';
  constructor(
    readonly id: string,
    readonly profile: string,
    readonly folder: KeyFolder,
    readonly parent: KeyElement,
  ) {}
}

export class KeyItemElement {
  readonly kind = 'key';
  constructor(
    readonly id: string,
    readonly profile: string,
    readonly key: Buffer,
    readonly leaf: string,
    readonly parent: KeyElement,
  ) {}

  get arg(): KeyArg {
    return { profile: this.profile, keyBase64: keyToBase64(this.key) };
  }
}

export class MoreElement {
  readonly kind = 'more';
  constructor(
    readonly id: string,
    readonly profile: string,
    readonly parent: KeyElement,
  ) {}
}

export class MessageElement {
  readonly kind = 'message';
  constructor(
    readonly id: string,
    readonly profile: string,
    readonly text: string,
    readonly icon: string,
    readonly parent: KeyElement,
  ) {}
}

const n = (x: number) => x.toLocaleString('en-US');

export function treeItem(e: KeyElement, state: ProfileKeys | undefined, pageSize: number): vscode.TreeItem {
  switch (e.kind) {
    case 'profile': {
      const item = new vscode.TreeItem(e.label, vscode.TreeItemCollapsibleState.Collapsed);
      const f = state?.filter;
      const filter = [f?.match && f.match !== '*' ? l10n.t('match {0}', f.match) : '', f?.type ? l10n.t('type {0}', f.type) : '']
        .filter(Boolean)
        .join(' · ');
      const progress = !state ? '' : state.done ? l10n.t('{0} keys', n(state.loaded)) : l10n.t('{0} keys loaded so far', n(state.loaded));
      item.description = [progress, filter].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'redisKeysProfile';
      item.tooltip = l10n.t(
        'Keys of "{0}"{1}: scanned on all masters in parallel, {2} per page.',
        e.label,
        filter ? ` (${filter})` : '',
        n(pageSize),
      );
      item.id = e.id;
      return item;
    }
    case 'folder': {
      const item = new vscode.TreeItem(e.folder.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${n(e.folder.count)}${state?.done ? '' : '+'}`;
      item.tooltip = `${displayKey(e.folder.prefix)}*: ${n(e.folder.count)} keys loaded so far`;
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'redisKeyFolder';
      item.id = e.id;
      return item;
    }
    case 'key': {
      const item = new vscode.TreeItem(e.leaf, vscode.TreeItemCollapsibleState.None);
      item.tooltip = displayKey(e.key);
      item.iconPath = new vscode.ThemeIcon('symbol-key');
      item.contextValue = 'redisKey';
      item.command = { command: 'redisCluster.keys.open', title: l10n.t('Open Value'), arguments: [e.arg] };
      item.id = e.id;
      return item;
    }
    case 'more': {
      const text = state?.loading ? l10n.t('Loading…') : l10n.t('Load more');
      const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
      item.description = `${n(state?.loaded ?? 0)} loaded, next ${n(pageSize)}`;
      item.iconPath = new vscode.ThemeIcon(state?.loading ? 'loading~spin' : 'ellipsis');
      item.command = { command: 'redisCluster.keys.loadMore', title: l10n.t('Load More'), arguments: [{ profile: e.profile }] };
      item.contextValue = 'redisKeysMore';
      item.id = e.id;
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(e.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(e.icon);
      item.tooltip = e.text;
      item.id = e.id;
      return item;
    }
  }
}
