// One read-only console command for the agent. The console's own gates decide (safety.ts), with the profile
// treated as readOnly whatever it says: writes, admin and dangerous commands are refused, and so are commands
// that change the shared connection, carry a secret, block, may replicate (EVAL can write) or walk a big keyspace.
import { commandTable } from '../console/commandTable';
import { specFor } from '../console/commandTable';
import { execCommand, sendToNode } from '../console/exec';
import { type Reply, formatReply } from '../console/reply';
import { carriesSecret, classify, keysVerdict } from '../console/safety';
import { tokenize } from '../console/tokenize';
import { AdminRefusedError } from '../common/errors';
import { address, findNode } from '../topology/topology';
import { ToolInputError } from './schema';
import { PROFILE_INPUT, resolveTarget } from './target';
import type { AgentTool } from './types';

const RISKY = new Set(['@scripting', '@blocking', '@pubsub', '@write']);

const refused = (why: string) =>
  new AdminRefusedError(
    `refused: ${why}; nothing was sent`,
    'Only read-only commands run through this tool; use the Redis Cluster console for anything else',
  );

/** A reply as a model reads it best: a text string as it is (INFO, CLUSTER NODES), anything else like redis-cli prints it. */
function replyText(r: Reply): string {
  if ((r.type === 'string' || r.type === 'verbatim') && PRINTABLE.test(r.value.toString('utf8'))) return r.value.toString('utf8');
  return formatReply(r);
}
const PRINTABLE = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]*$/;

export const consoleTool: AgentTool<{ profile?: string; command: string; node?: string }> = {
  name: 'redis_cluster_command',
  title: 'Run a read-only Redis command',
  description:
    'Runs ONE read-only Redis command, written like a redis-cli line (e.g. "TTL user:1", "HGETALL {u:1}:profile", ' +
    '"INFO memory", "CLUSTER INFO", "SCAN 0 MATCH user:* COUNT 100"), routed to the node owning its key (MOVED/ASK followed), ' +
    'or sent to one node given as "node". Writes, admin, dangerous, blocking and connection-changing commands are refused. ' +
    'Prefer the dedicated redis_cluster_* tools when one answers the question. Long replies are truncated.',
  inputSchema: {
    type: 'object',
    properties: {
      profile: PROFILE_INPUT,
      command: {
        type: 'string',
        minLength: 1,
        maxLength: 8192,
        description: 'The command line, redis-cli style; quote arguments with spaces.',
      },
      node: { type: 'string', minLength: 1, description: 'Send to this node only (id, id prefix or host:port) instead of routing by key.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
  admin: false,
  run: async (input, ctx) => {
    let args: Buffer[];
    try {
      args = tokenize(input.command);
    } catch (e) {
      throw new ToolInputError(`input "command": ${(e as Error).message}`);
    }
    if (!args.length) throw new ToolInputError('input "command" holds no command');
    if (carriesSecret(args)) throw refused('the command carries a secret');
    const t = await resolveTarget(input.profile, ctx);
    const table = await commandTable(t.session).catch(() => undefined);
    const verdict = classify({ ...t.profile, readOnly: true }, table, args);
    if (verdict.kind !== 'allow') throw refused(verdict.reason.replace(/; nothing was sent$/, ''));
    // classify() reads only the write/admin flags, and EVAL, FCALL and SCRIPT carry neither though a script can write:
    // the agent also refuses scripting (except *_RO), blocking and pub/sub commands by their ACL categories.
    const spec = table && specFor(table, args);
    const bad = [
      ...(spec?.flags.filter((f) => f === 'blocking' || f === 'may_replicate' || f === 'pubsub') ?? []),
      ...(spec?.categories.filter((c) => RISKY.has(c) && !(c === '@scripting' && spec.flags.includes('readonly'))) ?? []),
    ];
    if (bad.length) throw refused(`${args[0].toString('utf8').toUpperCase()} is flagged ${[...new Set(bad)].join(', ')}`);
    let node: string | undefined;
    if (input.node !== undefined) {
      try {
        node = address(findNode(t.topology, input.node));
      } catch (e) {
        throw new ToolInputError(`input "node": ${(e as Error).message}`);
      }
    }
    if (args[0].toString('utf8').toUpperCase() === 'KEYS') {
      const masters = t.topology.nodes.filter((n) => n.role === 'master' && n.slots.length).map(address);
      const sizes = await Promise.all(
        masters.map(async (m) => {
          const r = await sendToNode(t.session, m, [Buffer.from('DBSIZE')]).catch(() => undefined);
          return { node: m, keys: r?.type === 'integer' ? Number(r.value) : 0 };
        }),
      );
      const v = keysVerdict(args, sizes);
      if (v.kind !== 'allow') throw refused(v.reason);
    }
    const r = await execCommand(t.session, t.topology, args, {
      table,
      signal: ctx.signal,
      ...(node ? { defaultNode: node, follow: false } : {}),
    });
    const name = args[0].toString('utf8').toUpperCase();
    if (r.reply.type === 'error')
      return { summary: `${name} on ${r.node}: the server replied with an error: ${r.reply.message}`, failed: true };
    return {
      summary: `${name} answered by ${r.node}${r.redirects.length ? ` after ${r.redirects.length} redirect(s)` : ''}.`,
      text: replyText(r.reply),
    };
  },
};
