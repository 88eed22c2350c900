// What a user asks an admin action to do, the same for the extension and the CLI: each front-end reads its own
// input (pickers and command arguments, or flags) into one of these requests, the use case turns it into a plan, and
// commandLine.ts writes it back as the replayable CLI line. Defaults live here, once: the planners, the front-ends and
// the command line read them from ADMIN_DEFAULTS, and a line leaves a value out exactly when it is the default.
import type { FailoverMode } from '../ops/failover';
import type { Pace } from '../ops/pace';
import type { BalanceBy } from '../plan/types';

export interface MigrationChoices {
  /** How hard the move may push the cluster (see ops/pace.ts). */
  pace?: Pace;
  /**
   * Plan even when some master's keys could not be counted. Off by default: a plan made from partial counts
   * misjudges key estimates (and, by keys, the balance itself), so the user must ask for it.
   */
  acceptPartialCounts?: boolean;
}

export interface RebalanceRequest extends MigrationChoices {
  action: 'rebalance';
  by?: BalanceBy;
  /** Percent off target below which nothing moves. */
  threshold?: number;
  useEmptyMasters?: boolean;
  /** Weight per master (id, id prefix or host:port; resolved to ids by the use case). 0 drains it. */
  weights?: Readonly<Record<string, number>>;
  /** By load: seconds between the two CLUSTER SLOT-STATS reads whose difference is each slot's CPU time. */
  loadWindowSeconds?: number;
}

export interface ReshardRequest extends MigrationChoices {
  action: 'reshard';
  /** Source masters (ids, prefixes or host:port), or ['all']: every master with slots but the target. */
  from: readonly string[];
  to: string;
  /** How many slots; or exactly slotList (ranges like "0-99,200"). */
  slots?: number;
  slotList?: string;
}

export interface AddNodeRequest {
  action: 'add-node';
  /** host:port of the empty node. */
  address: string;
  /** Make it a replica of this master; absent: an empty master. */
  replicaOf?: string;
}

export interface RemoveNodeRequest {
  action: 'del-node';
  node: string;
  /** SHUTDOWN the process after it left (Redis 7.0 leaves it running otherwise). */
  shutdown?: boolean;
  /** Pace of draining a master with slots. */
  pace?: Pace;
}

export interface ForgetRequest {
  action: 'forget';
  node: string;
}

export interface FailoverRequest {
  action: 'failover';
  /** The replica to promote. */
  node: string;
  mode?: FailoverMode;
}

export interface FixRequest {
  action: 'fix';
  /** Allow overwriting the target's copy of a key found on both sides of an open slot. */
  replace?: boolean;
}

export interface MergeRequest {
  action: 'merge';
  /** Spread the slots over all masters after the meet. */
  rebalance?: boolean;
  /** Master id that slotless single-node groups replicate after the meet. */
  replicaOf?: string;
}

export interface CheckRequest {
  action: 'check';
}

export type MigrationRequest = RebalanceRequest | ReshardRequest;
export type AdminRequest =
  | MigrationRequest
  | AddNodeRequest
  | RemoveNodeRequest
  | ForgetRequest
  | FailoverRequest
  | FixRequest
  | MergeRequest
  | CheckRequest;
export type AdminAction = AdminRequest['action'];

/** Every default of every admin action, in one place. */
export const ADMIN_DEFAULTS = {
  by: 'slots' as BalanceBy,
  threshold: 2,
  useEmptyMasters: false,
  loadWindowSeconds: 5,
  pace: 'fast' as Pace,
  acceptPartialCounts: false,
  shutdown: false,
  mode: 'default' as FailoverMode,
  replace: false,
  rebalance: false,
} as const;
