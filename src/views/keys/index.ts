// The key browser view and the key document provider, built once by activate() and handed on as Services.keys.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import { KEY_SCHEME, KeyDocumentProvider } from '../keyDocuments';
import type { KeyElement } from './items';
import { RecentLookups } from './lookupPanel';
import { KeyBrowser } from './provider';

export const KEYS_VIEW_ID = 'redisCluster.keys';

export interface KeyViews {
  browser: KeyBrowser;
  view: vscode.TreeView<KeyElement>;
  documents: KeyDocumentProvider;
  lookups: RecentLookups;
}

export function createKeyViews(s: BaseServices): KeyViews {
  const browser = new KeyBrowser(s);
  const view = vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: browser, showCollapseAll: true });
  const documents = new KeyDocumentProvider(s);
  s.context.subscriptions.push(
    browser,
    view,
    vscode.workspace.registerFileSystemProvider(KEY_SCHEME, documents, { isCaseSensitive: true }),
  );
  return { browser, view, documents, lookups: new RecentLookups() };
}
