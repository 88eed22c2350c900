// What an agent tool is, and what a front-end (the extension's language model tools, the CLI's MCP server) hands
// it. The tools know the core; the host knows where profiles, passwords and files come from, and how an admin
// action runs there (the palette's command path in the editor, the core executors in the CLI).
import type { FailoverMode } from '../admin/ops/failover';
import type { ClusterSession } from '../connection/session';
import type { ClusterProfile } from '../profiles/profile';
import type { Analysis } from '../keysInCode';
import type { Topology } from '../topology/topology';
import type { ObjectSchema } from './schema';

export interface AgentProfile {
  id: string;
  label: string;
  /** user/workspace settings in the editor, the --profile file in the CLI. */
  scope: 'user' | 'workspace' | 'file';
  connected: boolean;
  readOnly: boolean;
  protected: boolean;
  /** Why the profile cannot be used now (invalid, or a workspace profile in Restricted Mode). */
  unusable?: string;
}

export interface AgentTarget {
  /** The profile id the host keys it by. */
  id: string;
  profile: ClusterProfile;
  session: ClusterSession;
  topology: Topology;
}

/** An admin action as the palette's command takes it (ids are full node ids, already resolved). */
export type AdminRequest =
  | { kind: 'failover'; profile: string; nodeId: string; mode: FailoverMode }
  | {
      kind: 'rebalance';
      profile: string;
      by: 'slots' | 'keys';
      threshold?: number;
      useEmptyMasters?: boolean;
      weights?: Record<string, number>;
    }
  | { kind: 'reshard'; profile: string; sourceIds: string[]; targetId: string; slots: number }
  | { kind: 'fix'; profile: string; replace: boolean };

export interface AdminOutcome {
  ok: boolean;
  /** One sentence: what happened (or why not). */
  message: string;
  /** The operation's own report (moved slots, failover timings, fix actions). */
  detail?: unknown;
}

export interface AgentHost {
  profiles(): AgentProfile[];
  /** A connected profile with a topology read now; throws a RedisClusterError saying why not (unknown, untrusted...). */
  target(ref: string): Promise<AgentTarget>;
  /** Secrets the host knows for a profile (its password, key store passwords): no result may contain them. */
  secrets(profileId: string | undefined): Promise<string[]>;
  /** The keys-in-code analysis of a file and its text (editor: the open document's; CLI: the file on disk). */
  analyzeFile(file: string): Promise<{ path: string; source: string; analysis: Analysis }>;
  /** The latest Analyze Keyspace summary for the profile (the editor's last report; the CLI has none), or undefined. */
  keyspaceAnalysis?(profileId: string): unknown;
  /** How the replayable CLI line names the profile file (editor: "<name>.json"; CLI: the --profile path). */
  profileFile(target: AgentTarget): string;
  /** Runs a confirmed admin action with its gates, lock, progress and logged CLI line (`cliLine`, the replayable one). */
  runAdmin(request: AdminRequest, opts: { signal?: AbortSignal; cliLine: string }): Promise<AdminOutcome>;
}

export interface ToolResult {
  /** False for refusals and errors: the text says what went wrong and what to do. */
  ok: boolean;
  text: string;
}

export interface ToolContext {
  host: AgentHost;
  signal?: AbortSignal;
  /** False: admin tools only plan (dryRun); running them is refused (the MCP server without --allow-admin). */
  adminAllowed: boolean;
}

export interface AgentTool<I = Record<string, unknown>> {
  name: string;
  /** Short title for UIs. */
  title: string;
  /** For the model: what the tool answers and when to use it. */
  description: string;
  inputSchema: ObjectSchema;
  /** Admin tools change the cluster: confirmed first, refused on read-only/protected profiles and by a read-only MCP server. */
  admin: boolean;
  run(input: I, ctx: ToolContext): Promise<ToolData>;
}

/** What a handler returns: a one-line summary and the data (JSON), both clipped and redacted before leaving. */
export interface ToolData {
  summary: string;
  data?: unknown;
  /** Plain text shown as it is after the summary (a console reply), clipped like any string. */
  text?: string;
  /** The call went through but did not succeed (an admin action that stopped, an error reply): an error result. */
  failed?: boolean;
}
