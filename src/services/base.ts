// The services every view is built from. Views depend on this, not on Services: Services names the views, so a
// view importing it would import itself.
import type * as vscode from 'vscode';
import type { ConnectionManager } from './connections';
import type { Log } from './log';
import type { ProfileStore } from './profileStore';

export interface BaseServices {
  context: vscode.ExtensionContext;
  log: Log;
  profiles: ProfileStore;
  connections: ConnectionManager;
}
