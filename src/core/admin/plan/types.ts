// Plan model shared by every planner, the executor, the CLI and the UI.
//
// A plan is plain JSON (no classes, no Maps), so it can be shown, diffed, stored, posted to a webview and
// replayed. Planners are pure: they read a topology (plus optional per-slot key counts) and return a Plan;
// nothing here talks to a server.
//
// Public API (see also rebalance.ts, reshard.ts, balance.ts, render.ts):
//   type Move, Plan, NodeBalance, SlotKeyCounts, PlanMaster
//   class PlanError  — thrown for invalid planner input (unknown node, replica target, bad weights...)
import { RedisClusterError } from '../../common/errors';
import type { SlotRange } from '../../topology/slots';

/** One slot moving from one master to another. Node ids, not addresses: addresses can change. */
export interface Move {
  slot: number;
  from: string;
  to: string;
  /** Keys in the slot when the plan was made (COUNTKEYSINSLOT on the owner); absent without counts. */
  keys?: number;
}

/** Per-master balance before and after the plan. */
export interface NodeBalance {
  id: string;
  address: string;
  weight: number;
  /** False for masters the planner left out (empty masters without useEmptyMasters). */
  involved: boolean;
  slotsBefore: number;
  slotsAfter: number;
  /** The slot count the planner aimed at (rebalance by slots). */
  targetSlots?: number;
  keysBefore?: number;
  keysAfter?: number;
  /** The key count the planner aimed at (rebalance by keys). */
  targetKeys?: number;
}

export type PlanKind = 'rebalance' | 'reshard';
export type BalanceBy = 'slots' | 'keys' | 'load';

export interface Plan {
  kind: PlanKind;
  by: BalanceBy;
  /** The inputs that produced the plan, for display and replay (e.g. as a CLI command line). */
  params: Record<string, string | number | boolean | string[] | Record<string, number>>;
  moves: Move[];
  totals: {
    slots: number;
    /** Sum of the moves' estimated keys, when counts were given. */
    keys?: number;
    /** Distinct source→target pairs. */
    pairs: number;
  };
  balance: NodeBalance[];
  /** Human-readable remarks: why nothing moves, nodes left out, shortfalls. */
  notes: string[];
  createdAt: number;
}

/** Keys per slot. Slots absent from the map count as unknown (treated as 0 by the key planner). */
export type SlotKeyCounts = ReadonlyMap<number, number>;

/** What planners need of a master: the shape of ClusterNode, reduced. */
export interface PlanMaster {
  id: string;
  host: string;
  port: number;
  slots: SlotRange[];
}

export class PlanError extends RedisClusterError {
  override name = 'PlanError';
  constructor(message: string) {
    super('plan', message, "Change the plan's options");
  }
}
