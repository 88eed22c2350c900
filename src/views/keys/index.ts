// The key browser view and the key document provider, built once by activate(). Commands reach them through
// keyViews(services) instead of a field on Services, so this feature stays in its own files. The slot is a
// Symbol.for key so extension-host tests (bundled separately, with their own copy of this module) find it too.
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { KEY_SCHEME, KeyDocumentProvider } from '../keyDocuments';
import type { KeyElement } from './items';
import { KeyBrowser } from './provider';

export const KEYS_VIEW_ID = 'redisCluster.keys';

export interface KeyViews {
  browser: KeyBrowser;
  view: vscode.TreeView<KeyElement>;
  documents: KeyDocumentProvider;
}

const SLOT = Symbol.for('redisCluster.keyViews');
type WithKeys = Services & { [SLOT]?: KeyViews };

export function createKeyViews(s: Services): KeyViews {
  const browser = new KeyBrowser(s);
  const view = vscode.window.createTreeView(KEYS_VIEW_ID, { treeDataProvider: browser, showCollapseAll: true });
  const documents = new KeyDocumentProvider(s);
  s.context.subscriptions.push(
    browser,
    view,
    vscode.workspace.registerFileSystemProvider(KEY_SCHEME, documents, { isCaseSensitive: true }),
  );
  const views = { browser, view, documents };
  (s as WithKeys)[SLOT] = views;
  return views;
}

export function keyViews(s: Services): KeyViews {
  const v = (s as WithKeys)[SLOT];
  if (!v) throw new Error('the key browser is not initialised (createKeyViews was not called in activate)');
  return v;
}
