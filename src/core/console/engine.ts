// The console's brain, without any terminal: runs one line (a Redis command or a :meta command), applies the
// safety gates, routes like redis-cli -c or targets one node, broadcasts with :call, and writes redis-cli style
// output. The VS Code Pseudoterminal and the tests drive it through ConsoleIO.
import type { ClusterProfile } from '../profiles/profile';
import type { ClusterSession } from '../connection/session';
import { type Topology, address, findNode } from '../topology/topology';
import { type CommandTable, commandTable } from './commandTable';
import { CancelledError, ClusterStateError } from '../common/errors';
import { type CallTarget, callNodes, defaultNodeOf, execCommand, sendToNode } from './exec';
import { formatReply } from './reply';
import { type Verdict, carriesSecret, classify, keysVerdict, redactedLine } from './safety';
import { TokenizeError, commandName, tokenize } from './tokenize';

const notConnected = () =>
  new ClusterStateError('no topology yet: the cluster is not connected', 'Connect the profile first (Redis Cluster: Connect), then retry');

export interface ConsoleIO {
  /** Output text; lines end with \n. */
  write(text: string): void;
  /** Asks one line from the user ('' when cancelled). */
  ask(question: string): Promise<string>;
  /** Lets the user pick one of several items (a node for `:node`); without it, the items are listed. */
  pick?(title: string, items: Array<{ value: string; label: string; description: string }>): Promise<string | undefined>;
}

export interface ConsoleContext {
  profile: ClusterProfile;
  session(): Promise<ClusterSession>;
  /** The latest topology known, re-read when `fresh` (after MOVED, or when none is known yet). */
  topology(fresh?: boolean): Promise<Topology | undefined>;
  /** A redacted line for the log. */
  log?(line: string): void;
}

type NodeKeys = { node: string; keys: number };

export type ConsoleMode = { kind: 'routed' } | { kind: 'node'; node: string };

export const CONSOLE_HELP = [
  'Redis commands run like redis-cli -c: routed by key, MOVED and ASK followed, the prompt shows the node that answered.',
  '  :node <id|host:port>     send every command to that node (redirects are shown, not followed)',
  '  :node                    pick a node from a list',
  '  :routed                  back to routing by key',
  '  :call masters|replicas|all|<id|host:port> CMD ...   run on those nodes in parallel',
  '  :help                    this text',
  'Tab completes command names and subcommands; Up/Down walk the history; Ctrl-C cancels a running command.',
].join('\n');

const SECRET_TEXT = /^\s*(auth\b|hello\b.*\bauth\b|acl\s+setuser\b|migrate\b.*\bauth2?\b|config\s+set\b.*\b(requirepass|masterauth)\b)/i;

export class ConsoleEngine {
  private modeValue: ConsoleMode = { kind: 'routed' };
  private current: string | undefined;

  constructor(
    private readonly ctx: ConsoleContext,
    initial?: ConsoleMode,
  ) {
    if (initial) this.modeValue = initial;
    if (initial?.kind === 'node') this.current = initial.node;
  }

  get mode(): ConsoleMode {
    return this.modeValue;
  }

  /** The node keyless commands go to, once known. */
  get currentNode(): string | undefined {
    return this.current;
  }

  prompt(): string {
    if (this.modeValue.kind === 'node') return `${this.modeValue.node} [node]> `;
    return `${this.current ?? this.ctx.profile.name}> `;
  }

  /** Lines with a secret never enter the history. */
  remember(line: string): boolean {
    if (!line.trim()) return false;
    try {
      return !carriesSecret(tokenize(line));
    } catch {
      return !SECRET_TEXT.test(line);
    }
  }

  async run(line: string, signal?: AbortSignal): Promise<void> {
    const io = this.io;
    let args: Buffer[];
    try {
      args = tokenize(line);
    } catch (e) {
      if (e instanceof TokenizeError) return void io.write(`Invalid argument(s): ${e.message}\n`);
      throw e;
    }
    if (!args.length) return;
    try {
      const name = args[0].toString('utf8');
      if (name.startsWith(':')) await this.meta(name.toLowerCase(), args.slice(1), signal);
      else await this.command(args, signal);
    } catch (e) {
      if (e instanceof CancelledError) io.write(`(interrupted: ${e.message})\n`);
      else io.write(`(error) ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  private io!: ConsoleIO;

  /** Binds the output; kept apart from the constructor so a terminal can bind itself after it is built. */
  attach(io: ConsoleIO): this {
    this.io = io;
    return this;
  }

  private async table(session: ClusterSession): Promise<CommandTable | undefined> {
    return commandTable(session).catch(() => undefined);
  }

  private async gate(verdict: Verdict, what: string): Promise<boolean> {
    if (verdict.kind === 'allow') return true;
    if (verdict.kind === 'refuse') {
      this.io.write(`(refused) ${verdict.reason}\n`);
      return false;
    }
    if (verdict.kind === 'confirm-name') {
      const typed = await this.io.ask(`${verdict.reason}. Type the profile name "${this.ctx.profile.name}" to run ${what}: `);
      if (typed.trim() === this.ctx.profile.name) return true;
      this.io.write('(cancelled) not confirmed; nothing was sent\n');
      return false;
    }
    const answer = await this.io.ask(`${verdict.reason}. Run ${what} anyway? (y/N) `);
    if (/^y(es)?$/i.test(answer.trim())) return true;
    this.io.write('(cancelled) nothing was sent\n');
    return false;
  }

  private async keysSizes(session: ClusterSession, nodes: string[], topo: Topology | undefined): Promise<NodeKeys[]> {
    const masters = nodes.filter((n) => !topo || topo.nodes.some((x) => address(x) === n && x.role === 'master'));
    return Promise.all(
      masters.map(async (node) => {
        const r = await sendToNode(session, node, [Buffer.from('DBSIZE')]).catch(() => undefined);
        return { node, keys: r?.type === 'integer' ? Number(r.value) : 0 };
      }),
    );
  }

  private async command(args: Buffer[], signal?: AbortSignal): Promise<void> {
    const session = await this.ctx.session();
    const table = await this.table(session);
    const what = commandName(args);
    if (!(await this.gate(classify(this.ctx.profile, table, args), what))) return;
    const topo = await this.ctx.topology();
    const follow = this.modeValue.kind === 'routed';
    const defaultNode = this.modeValue.kind === 'node' ? this.modeValue.node : (this.current ?? (await defaultNodeOf(session, topo)));
    if (what === 'KEYS' && !(await this.gate(keysVerdict(args, await this.keysSizes(session, [defaultNode], topo)), what))) return;
    this.ctx.log?.(`console "${this.ctx.profile.name}" ${follow ? 'routed' : `node ${defaultNode}`}: ${redactedLine(args)}`);
    const result = await execCommand(session, topo, args, { signal, defaultNode, follow, table });
    for (const r of result.redirects) this.io.write(`-> Redirected (${r.kind}) to slot [${r.slot}] located at ${r.to}\n`);
    if (follow) this.current = result.node;
    this.io.write(`${formatReply(result.reply)}\n`);
    if (result.redirects.some((r) => r.kind === 'MOVED')) await this.ctx.topology(true).catch(() => undefined);
  }

  private async meta(name: string, rest: Buffer[], signal?: AbortSignal): Promise<void> {
    const words = rest.map((b) => b.toString('utf8'));
    switch (name) {
      case ':help':
        this.io.write(`${CONSOLE_HELP}\n`);
        return;
      case ':routed':
        this.modeValue = { kind: 'routed' };
        this.io.write('routed mode: commands go to the owner of their key\n');
        return;
      case ':node':
        return this.nodeMode(words[0]);
      case ':call':
        return this.call(words[0], rest.slice(1), signal);
      default:
        this.io.write(`unknown console command ${name}; try :help\n`);
    }
  }

  private async nodeMode(ref: string | undefined): Promise<void> {
    const topo = await this.ctx.topology(true);
    if (!topo) throw notConnected();
    if (!ref && this.io.pick) {
      const items = topo.nodes.map((n) => ({
        value: n.id,
        label: address(n),
        description: `${n.role} ${n.id.slice(0, 10)} ${n.flags.join(',')}`,
      }));
      ref = await this.io.pick('Console: send every command to which node?', items);
      if (!ref) return;
    }
    if (!ref) {
      const rows = topo.nodes.map((n) => `${address(n)}  ${n.role.padEnd(7)} ${n.id.slice(0, 10)}  ${n.flags.join(',')}`.trimEnd());
      this.io.write(`${rows.join('\n')}\nuse :node <id|host:port>\n`);
      return;
    }
    const node = findNode(topo, ref);
    this.modeValue = { kind: 'node', node: address(node) };
    this.current = address(node);
    this.io.write(`node mode: every command goes to ${address(node)} (${node.role} ${node.id.slice(0, 10)}); :routed to leave\n`);
  }

  private async call(targetWord: string | undefined, args: Buffer[], signal?: AbortSignal): Promise<void> {
    if (!targetWord || !args.length) {
      this.io.write('usage: :call masters|replicas|all|<id|host:port> CMD [ARG ...]\n');
      return;
    }
    const group = targetWord === 'masters' || targetWord === 'replicas' || targetWord === 'all';
    const target: CallTarget = group ? targetWord : { node: targetWord };
    const session = await this.ctx.session();
    const topo = await this.ctx.topology(true);
    if (!topo) throw notConnected();
    const what = commandName(args);
    if (!(await this.gate(classify(this.ctx.profile, await this.table(session), args), what))) return;
    if (what === 'KEYS') {
      const nodes = (typeof target === 'object' ? [findNode(topo, target.node)] : topo.nodes).map(address);
      if (!(await this.gate(keysVerdict(args, await this.keysSizes(session, nodes, topo)), what))) return;
    }
    this.ctx.log?.(`console "${this.ctx.profile.name}" call ${targetWord}: ${redactedLine(args)}`);
    const results = await callNodes(session, topo, target, args, { signal });
    for (const r of results) {
      const body = r.reply ? formatReply(r.reply) : `(error) ${r.error}`;
      this.io.write(`${r.node} (${r.role}):${body.includes('\n') ? '\n' : ' '}${body}\n`);
    }
  }
}
