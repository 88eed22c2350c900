// The optional argument of every admin command, read from `unknown` without trusting it.
//
// Tree items pass themselves ({ profile, nodeId, ... }); the palette passes nothing. A caller (a test, another
// extension, a webview) may pass explicit choices, which skip the matching pickers. `yes: true` also skips
// the confirmation — only when passed explicitly as the boolean true; the palette and the tree never pass
// it, read-only profiles refuse regardless, and protected profiles still ask for the typed name.
//
// API: adminOptions(arg: unknown): AdminOptions
import type { FailoverMode } from '../core/admin/ops/failover';

export interface AdminOptions {
  profile?: string;
  /** The tree item's node (master, replica): the node the command acts on. */
  nodeId?: string;
  /** Reshard: source master ids; target master id; number of slots. */
  sourceIds?: string[];
  targetId?: string;
  slots?: number;
  /** Rebalance. */
  by?: 'slots' | 'keys' | 'load';
  threshold?: number;
  useEmptyMasters?: boolean;
  weights?: Record<string, number>;
  /** Failover. */
  mode?: FailoverMode;
  /** Remove node. */
  shutdown?: boolean;
  /** Add node: the new node's host:port, and the master it should replicate (id, prefix or host:port). */
  address?: string;
  replicaOf?: string;
  /** Add node as a master (skips the role picker when replicaOf is absent). */
  asMaster?: boolean;
  /** Set up: node addresses, replicas per master, and the name to save the new profile under. */
  nodes?: string[];
  replicas?: number;
  saveAs?: string;
  /** Fix: answer yes to questions that could drop keys. */
  replace?: boolean;
  yes?: boolean;
}

const MODES: readonly string[] = ['default', 'force', 'takeover'];

export function adminOptions(arg: unknown): AdminOptions {
  if (typeof arg === 'string') return { profile: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
  const num = (k: string) => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);
  const bool = (k: string) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : undefined);
  const strings = (k: string) =>
    Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => typeof x === 'string') ? [...(o[k] as string[])] : undefined;
  const out: AdminOptions = {
    profile: str('profile'),
    nodeId: str('nodeId'),
    sourceIds: strings('sourceIds'),
    targetId: str('targetId'),
    slots: num('slots'),
    by: o.by === 'keys' || o.by === 'slots' || o.by === 'load' ? o.by : undefined,
    threshold: num('threshold'),
    useEmptyMasters: bool('useEmptyMasters'),
    mode: typeof o.mode === 'string' && MODES.includes(o.mode) ? (o.mode as FailoverMode) : undefined,
    shutdown: bool('shutdown'),
    address: str('address'),
    replicaOf: str('replicaOf'),
    asMaster: bool('asMaster'),
    nodes: strings('nodes'),
    replicas: num('replicas'),
    saveAs: str('saveAs'),
    replace: bool('replace'),
    yes: o.yes === true ? true : undefined,
  };
  if (typeof o.weights === 'object' && o.weights !== null && !Array.isArray(o.weights)) {
    const w = Object.entries(o.weights as Record<string, unknown>).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0,
    );
    if (w.length) out.weights = Object.fromEntries(w);
  }
  for (const k of Object.keys(out) as (keyof AdminOptions)[]) if (out[k] === undefined) delete out[k];
  return out;
}
