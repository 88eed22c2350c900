// The extension's services, built once in activate() and passed explicitly (no global container).
import type * as vscode from 'vscode';
import type { ContextKeys } from '../views/contextKeys';
import type { Explorer } from '../views/tree';
import type { ConnectionManager } from './connections';
import type { Log } from './log';
import type { ProfileStore } from './profileStore';
import type { ReplayFiles } from './replay';

export interface Services {
  context: vscode.ExtensionContext;
  log: Log;
  profiles: ProfileStore;
  connections: ConnectionManager;
  /** The CLI path and exported profile files that the log's action lines name. */
  replay: ReplayFiles;
  /** Milliseconds from bundle load to the end of activate(). */
  activationMs?: number;
  /** The cluster explorer (tree, monitor, status bar), once created by activate(). */
  explorer?: Explorer;
  /** redisCluster.* context keys for when/enablement clauses. */
  contextKeys?: ContextKeys;
}
