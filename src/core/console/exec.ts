// Sending console commands over the session's per-node connections:
// - routed (like redis-cli -c): the key's owner from the topology, then MOVED and ASK are followed, and the node
//   that finally answered is reported;
// - node-targeted: one node, redirects shown as the errors they are;
// - broadcast (like redis-cli --cluster call): masters, replicas, all nodes or one node, in parallel.
// Replies are read as Buffers so binary values survive. Cancelling drops that node's pooled connection, which
// also ends a blocking command on the server.
import { ReplyError } from 'ioredis';
import { CancelledError, InputError, NodeCommandError } from '../common/errors';
import { parseHostPort } from '../profiles/profile';
import type { ClusterSession } from '../connection/session';
import { keySlot } from '../topology/slots';
import { ownerOfSlot } from '../keys/keys';
import { type NodeRole, type Topology, address, findNode } from '../topology/topology';
import { type CommandTable, specFor } from './commandTable';
import { type Reply, fromIoredis, repliesWithStatus } from './reply';

export interface Redirect {
  kind: 'MOVED' | 'ASK';
  slot: number;
  to: string;
}

export interface ExecResult {
  /** host:port of the node whose reply this is. */
  node: string;
  reply: Reply;
  redirects: Redirect[];
}

export interface ExecOptions {
  signal?: AbortSignal;
  /** Where commands without a key go (the console's current node); default: the first master. */
  defaultNode?: string;
  /** false: send to defaultNode only, redirects are not followed (node-targeted mode). Default true. */
  follow?: boolean;
  table?: CommandTable;
  maxRedirects?: number;
}

/** Ctrl-C on a running command: the one cancellation error, naming the node whose connection was dropped. */
function commandCancelled(node: string): CancelledError {
  return new CancelledError(`while waiting for ${node}; its connection was closed`, 'Run the command again; the connection reopens');
}

/** A failure that is not a Redis error reply (connection, timeout), naming the node; defined with the other errors. */
export { NodeCommandError };

const isReplyError = (e: unknown): e is Error => e instanceof (ReplyError as typeof Error);

/** Sends one command to one node; error replies come back as replies, other failures throw. */
export async function sendToNode(
  session: ClusterSession,
  node: string,
  args: readonly Buffer[],
  opts: { signal?: AbortSignal; asking?: boolean } = {},
): Promise<Reply> {
  if (!args.length) throw new InputError('empty command', 'Type a command name, then its arguments');
  if (opts.signal?.aborted) throw commandCancelled(node);
  let client;
  try {
    client = await session.node(node);
  } catch (e) {
    throw new NodeCommandError(node, e instanceof Error ? e.message : String(e), e);
  }
  const [name, ...rest] = args;
  const cmd = name.toString('utf8');
  const work: Promise<unknown> = opts.asking
    ? client
        .pipeline()
        .asking()
        .callBuffer(cmd, ...rest)
        .exec()
        .then((res) => {
          const [, last] = res ?? [];
          if (!last)
            throw new NodeCommandError(node, `${cmd}: no reply`, undefined, 'Check that the node is up, then run the command again');
          if (last[0]) throw last[0];
          return last[1];
        })
    : client.callBuffer(cmd, ...rest);
  const top = repliesWithStatus(args);
  const settled = work.then(
    (v) => fromIoredis(v, top),
    (e: unknown): Reply => {
      if (isReplyError(e)) return { type: 'error', message: e.message };
      if (e instanceof NodeCommandError) throw e;
      throw new NodeCommandError(node, e instanceof Error ? e.message : String(e), e);
    },
  );
  if (!opts.signal) return settled;
  const signal = opts.signal;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      session.forget(node);
      reject(commandCancelled(node));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  settled.catch(() => undefined);
  try {
    return await Promise.race([settled, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** `MOVED 3999 127.0.0.1:6381` / `ASK ...`; an empty host means the host of the node that answered. */
export function parseRedirect(message: string, from: string): Redirect | undefined {
  const m = /^(MOVED|ASK) (\d+) (\S*):(\d+)$/.exec(message.trim());
  if (!m) return undefined;
  const fromHp = parseHostPort(from);
  const host = m[3] || (typeof fromHp === 'string' ? '' : fromHp.host);
  const to = host.includes(':') ? `[${host}]:${m[4]}` : `${host}:${m[4]}`;
  return { kind: m[1] as Redirect['kind'], slot: Number(m[2]), to };
}

/** The first key of a command line, from the server's key positions (COMMAND GETKEYS for movable keys). */
async function firstKey(
  session: ClusterSession,
  args: readonly Buffer[],
  table: CommandTable | undefined,
  fallback: string,
): Promise<Buffer | undefined> {
  const spec = table && specFor(table, args);
  if (!spec) return undefined;
  if (spec.flags.includes('movablekeys')) {
    const r = await sendToNode(session, fallback, [Buffer.from('COMMAND'), Buffer.from('GETKEYS'), ...args]).catch(() => undefined);
    return r?.type === 'array' && r.items[0]?.type === 'string' ? r.items[0].value : undefined;
  }
  return spec.firstKey > 0 ? args[spec.firstKey] : undefined;
}

export async function defaultNodeOf(session: ClusterSession, topology: Topology | undefined): Promise<string> {
  const master = topology?.nodes.find((n) => n.role === 'master' && n.slots.length && !n.flags.includes('fail'));
  return master ? address(master) : (await session.anySeed()).address;
}

/** Runs one command like redis-cli -c (or on one node with follow: false). */
export async function execCommand(
  session: ClusterSession,
  topology: Topology | undefined,
  args: readonly Buffer[],
  opts: ExecOptions = {},
): Promise<ExecResult> {
  const fallback = opts.defaultNode ?? (await defaultNodeOf(session, topology));
  let node = fallback;
  if (opts.follow !== false) {
    const key = await firstKey(session, args, opts.table, fallback);
    const owner = key && topology ? ownerOfSlot(topology, keySlot(key)) : undefined;
    if (owner) node = address(owner);
  }
  const redirects: Redirect[] = [];
  let asking = false;
  const max = opts.maxRedirects ?? 16;
  for (;;) {
    const reply = await sendToNode(session, node, args, { signal: opts.signal, asking });
    const redirect = reply.type === 'error' && opts.follow !== false ? parseRedirect(reply.message, node) : undefined;
    if (!redirect || redirects.length >= max) return { node, reply, redirects };
    redirects.push(redirect);
    node = redirect.to;
    asking = redirect.kind === 'ASK';
  }
}

export type CallTarget = 'masters' | 'replicas' | 'all' | { node: string };

export interface CallResult {
  node: string;
  id: string;
  role: NodeRole;
  reply?: Reply;
  error?: string;
}

/** The nodes a broadcast goes to; a node is given as id, unambiguous id prefix or host:port. */
export function callTargets(topology: Topology, target: CallTarget): Topology['nodes'] {
  if (typeof target === 'object') return [findNode(topology, target.node)];
  const nodes = topology.nodes.filter((n) => n.port > 0 && !n.flags.includes('noaddr'));
  if (target === 'all') return nodes;
  return nodes.filter((n) => n.role === (target === 'masters' ? 'master' : 'replica'));
}

/** Sends one command to every target node in parallel; each node's reply or failure, in topology order. */
export async function callNodes(
  session: ClusterSession,
  topology: Topology,
  target: CallTarget,
  args: readonly Buffer[],
  opts: { signal?: AbortSignal } = {},
): Promise<CallResult[]> {
  const nodes = callTargets(topology, target);
  return Promise.all(
    nodes.map(async (n): Promise<CallResult> => {
      const node = address(n);
      try {
        return { node, id: n.id, role: n.role, reply: await sendToNode(session, node, args, opts) };
      } catch (e) {
        if (e instanceof CancelledError) throw e;
        return { node, id: n.id, role: n.role, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
