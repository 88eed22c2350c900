// The extension's services, built once in activate() and passed explicitly (no global container).
import type * as vscode from 'vscode';
import type { KeysInCodeController } from '../language/keysInCode/controller';
import type { Explorer } from '../views/tree';
import type { ConnectionManager } from './connections';
import type { Log } from './log';
import type { ProfileStore } from './profileStore';

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  profiles: ProfileStore;
  connections: ConnectionManager;
  /** Milliseconds from bundle load to the end of activate(). */
  activationMs?: number;
  /** The cluster explorer (tree, monitor, status bar), once created by activate(). */
  explorer?: Explorer;
  /** Keys in code (diagnostics, hovers, lenses), once created by activate(). */
  keysInCode?: KeysInCodeController;
}
