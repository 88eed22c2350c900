// Analyze Keyspace panels, built once by activate(): a namespace opens in the key browser (filtered by its glob),
// a key opens as a document.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import { KEYS_VIEW_ID, type KeyViews } from '../keys';
import { openKeyValue } from '../keys/open';
import { AnalyzePanels } from './panel';

export { AnalyzePanel, AnalyzePanels } from './panel';

export function createAnalyzePanels(s: BaseServices, keys: KeyViews): AnalyzePanels {
  const panels = new AnalyzePanels(s, {
    openNamespace: async (profile, match) => {
      await keys.browser.reload(profile, { match });
      await vscode.commands.executeCommand(`${KEYS_VIEW_ID}.focus`);
    },
    openKey: async (profile, key) => {
      await openKeyValue(s, keys.documents, profile, key);
    },
  });
  s.context.subscriptions.push(panels);
  return panels;
}
