// Which profiles may connect without an explicit request (expanding the tree, restoring a dashboard). Kept free
// of vscode so the rule is unit-tested: workspace profiles come from files anyone can commit, so in Restricted
// Mode they connect only when the user asks (Connect, a click on the profile's "connect" item).

export interface AutoConnectEntry {
  scope: 'workspace' | 'user';
  /** Absent when the profile failed validation: such a profile never connects. */
  profile?: unknown;
}

export function shouldAutoConnect(entry: AutoConnectEntry | undefined, workspaceTrusted: boolean): boolean {
  return !!entry?.profile && (entry.scope === 'user' || workspaceTrusted);
}
