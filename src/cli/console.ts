// `exec --profile FILE [--json] [--yes] -- CMD ARGS...`: one command routed like redis-cli -c (MOVED/ASK followed).
//    JSON: {"node","reply"} or {"node","error"}.
// `call --profile FILE [--masters|--replicas|--all|--node ID] [--json] [--yes] -- CMD ARGS...`: one command on many
//    nodes in parallel, like redis-cli --cluster call (default: all nodes). JSON: [{"node","role","reply"|"error"}].
// An argument written in double quotes is unescaped like a key name ("\xff\x00" is two bytes), so binary keys can
// be passed; reply strings that are not printable UTF-8 come back in that same quoted form.
// Exit: 0 ok, 1 error reply / failure / refused by a readOnly profile, 2 usage, 3 needs --yes (protected profile,
// KEYS on a big master).
import { parseKeyInput } from '../core/keys/keyName';
import { commandTable } from '../core/console/commandTable';
import { type CallTarget, callNodes, defaultNodeOf, execCommand, sendToNode } from '../core/console/exec';
import { formatReply, replyToJson } from '../core/console/reply';
import { type Verdict, classify, keysVerdict } from '../core/console/safety';
import type { ClusterSession } from '../core/connection/session';
import { type Topology, address, discoverTopology, findNode } from '../core/topology/topology';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';
import { EXIT_NEEDS_YES } from './migrateCommon';

function commandArgs(positionals: string[], name: string): Buffer[] {
  if (!positionals.length) throw new UsageError(`${name} needs a command after --, e.g. ${name} --profile F -- GET mykey`);
  return positionals.map((p) => {
    try {
      return parseKeyInput(p);
    } catch (e) {
      throw new UsageError(`argument ${p}: ${(e as Error).message}`);
    }
  });
}

/** Applies a gate without a terminal: refusals fail, confirmations need --yes. Returns an exit code or undefined. */
function gate(v: Verdict, yes: boolean | undefined, io: CliIO): number | undefined {
  if (v.kind === 'allow') return undefined;
  if (v.kind === 'refuse') {
    io.err(`refused: ${v.reason}`);
    return 1;
  }
  if (yes) return undefined;
  io.err(`not sent: ${v.reason}. Add --yes to run it anyway`);
  return EXIT_NEEDS_YES;
}

async function keysGate(session: ClusterSession, topo: Topology, nodes: string[], args: Buffer[], yes: boolean | undefined, io: CliIO) {
  if (args[0].toString('utf8').toUpperCase() !== 'KEYS') return undefined;
  const masters = nodes.filter((n) => topo.nodes.some((x) => address(x) === n && x.role === 'master'));
  const sizes = await Promise.all(
    masters.map(async (node) => {
      const r = await sendToNode(session, node, [Buffer.from('DBSIZE')]).catch(() => undefined);
      return { node, keys: r?.type === 'integer' ? Number(r.value) : 0 };
    }),
  );
  return gate(keysVerdict(args, sizes), yes, io);
}

export const execSpec = defineCommand({
  name: 'exec',
  summary: 'Run one command routed like redis-cli -c (MOVED/ASK followed).',
  usage: 'exec --profile FILE [--json] [--yes] -- CMD ARGS...',
  positionals: 'CMD ARGS... after --; an argument in double quotes is unescaped like a key name ("\\xff\\x00" is two bytes).',
  options: {
    profile: common.profile,
    json: { type: 'boolean', description: 'Print {"node","reply"} or {"node","error"}.' },
    yes: { type: 'boolean', description: 'Run a command that needs confirmation (protected profile, KEYS on a big master).' },
  },
  examples: ['redis-cluster exec --profile prod.json -- GET user:42'],
  exitCodes: { 1: 'error reply, failure, or refused by a readOnly profile', 3: 'needs --yes' },
});

export async function execCliCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, execSpec);
  const args = commandArgs(positionals, 'exec');
  return withSession(values.profile, async (session) => {
    const table = await commandTable(session).catch(() => undefined);
    const refused = gate(classify(session.profile, table, args), values.yes, io);
    if (refused !== undefined) return refused;
    const topo = await discoverTopology(session);
    const keys = await keysGate(session, topo, [await defaultNodeOf(session, topo)], args, values.yes, io);
    if (keys !== undefined) return keys;
    const r = await execCommand(session, topo, args, { table });
    for (const d of r.redirects) io.err(`-> Redirected (${d.kind}) to slot [${d.slot}] located at ${d.to}`);
    const failed = r.reply.type === 'error';
    if (values.json) {
      io.out(json(r.reply.type === 'error' ? { node: r.node, error: r.reply.message } : { node: r.node, reply: replyToJson(r.reply) }));
    } else io.out(formatReply(r.reply));
    return failed ? 1 : 0;
  });
}

export const callSpec = defineCommand({
  name: 'call',
  summary: 'Run one command on many nodes in parallel, like redis-cli --cluster call (default: all nodes).',
  usage: 'call --profile FILE [--masters|--replicas|--all|--node ID] [--json] [--yes] -- CMD ARGS...',
  positionals: 'CMD ARGS... after --.',
  options: {
    profile: common.profile,
    masters: { type: 'boolean', description: 'Only the masters.' },
    replicas: { type: 'boolean', description: 'Only the replicas.' },
    all: { type: 'boolean', description: 'Every node (the default).' },
    node: { type: 'string', value: 'ID', description: 'One node: id, id prefix or host:port.' },
    json: { type: 'boolean', description: 'Print [{"node","role","reply"|"error"}].' },
    yes: { type: 'boolean', description: 'Run a command that needs confirmation (protected profile, KEYS on a big master).' },
  },
  examples: ['redis-cluster call --profile prod.json --masters -- INFO memory'],
  exitCodes: { 1: 'an error reply on some node, or refused by a readOnly profile', 3: 'needs --yes' },
});

export async function callCliCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, callSpec);
  const chosen = [
    values.masters && 'masters',
    values.replicas && 'replicas',
    values.all && 'all',
    values.node !== undefined && 'node',
  ].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`give only one of --masters, --replicas, --all, --node (got ${chosen.join(', ')})`);
  const target: CallTarget =
    values.node !== undefined ? { node: values.node } : values.masters ? 'masters' : values.replicas ? 'replicas' : 'all';
  const args = commandArgs(positionals, 'call');
  return withSession(values.profile, async (session) => {
    const refused = gate(classify(session.profile, await commandTable(session).catch(() => undefined), args), values.yes, io);
    if (refused !== undefined) return refused;
    const topo = await discoverTopology(session);
    const nodes = typeof target === 'object' ? [address(findNode(topo, target.node))] : topo.nodes.map(address);
    const keys = await keysGate(session, topo, nodes, args, values.yes, io);
    if (keys !== undefined) return keys;
    const results = await callNodes(session, topo, target, args);
    const rows = results.map((r) => {
      if (r.reply && r.reply.type !== 'error') return { node: r.node, role: r.role, reply: replyToJson(r.reply) };
      return { node: r.node, role: r.role, error: r.reply?.type === 'error' ? r.reply.message : (r.error ?? 'no reply') };
    });
    if (values.json) io.out(json(rows));
    else {
      for (const r of results) {
        const body = r.reply ? formatReply(r.reply) : `(error) ${r.error}`;
        io.out(`${r.node} (${r.role}):${body.includes('\n') ? '\n' : ' '}${body}`);
      }
    }
    return rows.some((r) => 'error' in r) ? 1 : 0;
  });
}
