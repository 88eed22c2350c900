// The console inside a real extension host, on the shared TLS cluster: "Open Console" returns its Pseudoterminal;
// the test types into it (terminal.sendText and raw key sequences through handleInput) and reads what it printed:
// routed SET/GET, line editing, history (persisted, without AUTH lines), a multi-line paste, Tab completion from
// COMMAND DOCS, Ctrl-C on a blocking command, and a protected profile's typed-name question.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { ownerClient } from '../../src/core/keys/keys';
import { ClusterSession } from '../../src/core/connection/session';
import { keySlot } from '../../src/core/topology/slots';
import { type Topology, discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import type { ConsoleTerminal } from '../../src/views/console/terminal';
import { until } from '../support/wait';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';

const plain = (t: string) => t.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

describe('console terminal (shared TLS cluster)', function () {
  this.timeout(120_000);
  const tag = randomBytes(3).toString('hex');
  const key = `console:${tag}:greeting`;
  const counter = `console:${tag}:n`;
  let s: Services;
  /** History is kept per profile identity (scope + name), the id the console was opened with. */
  const historyKey = () => s.profiles.get(sharedProfileName())?.id ?? '';
  let name: string;
  let session: ClusterSession;
  let topo: Topology;
  let pty: ConsoleTerminal;
  const made: string[] = [];

  /** Output printed after `mark` (an index into pty.output), without colours. */
  const since = (mark: number) => plain(pty.output.slice(mark));
  const type = async (data: string) => {
    const mark = pty.output.length;
    pty.handleInput(data);
    await pty.settled();
    return mark;
  };

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    topo = await discoverTopology(session);
    s = await activateExtension();
    await s.context.globalState.update(`redisCluster.console.history.${historyKey()}`, undefined);
    const opened = await vscode.commands.executeCommand<ConsoleTerminal | undefined>('redisCluster.openConsole', { profile: name });
    assert.ok(opened, 'Open Console returns its Pseudoterminal');
    pty = opened;
    await until('the console banner', 20_000, () => pty.output.includes('Redis Cluster console'));
  });

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    for (const k of [key, counter]) await (await ownerClient(session, topo, Buffer.from(k))).client.del(k);
    for (const p of made) {
      await s.connections.disconnect(p);
      const entry = s.profiles.get(p);
      if (entry) await s.profiles.remove(entry);
    }
    await session?.close();
  });

  it("runs a command typed into the terminal, routed to the key's owner (shown in the prompt)", async () => {
    const terminal = vscode.window.terminals.find((t) => t.name === `Redis: ${name}`);
    assert.ok(terminal, `terminals: ${vscode.window.terminals.map((t) => t.name).join(', ')}`);
    const mark = pty.output.length;
    terminal.sendText(`SET ${key} "hello world"`);
    await until('OK from SET', 20_000, () => /\r\nOK\r\n/.test(since(mark)));
    await pty.settled();
    const owner = await ownerClient(session, topo, Buffer.from(key));
    assert.equal(await owner.client.get(key), 'hello world');
    assert.match(since(mark), new RegExp(`${owner.address.replace(/\./g, '\\.')}> \\r?$`), 'the prompt names the node that answered');
  });

  it('line editing: arrows, Home/End, Backspace; Up recalls the history', async () => {
    // Typed "GT <key>x", then: Backspace, Home, Right, insert E, End -> "GET <key>".
    const mark = await type(`GT ${key}x\x7f\x1b[H\x1b[CE\x1b[F\r`);
    assert.match(since(mark), /"hello world"\r\n/);
    const again = await type('\x1b[A\r');
    assert.match(since(again), new RegExp(`GET ${key}[^\\n]*\\r\\n"hello world"`));
  });

  it('a multi-line paste runs line by line, in order', async () => {
    const mark = await type(`DEL ${counter}\rINCR ${counter}\r\nINCR ${counter}\nINCRBY ${counter} 10\r`);
    await until('all pasted lines ran', 20_000, () => /\(integer\) 12/.test(since(mark)) && !pty.running);
    const ints = [...since(mark).matchAll(/\(integer\) (\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(ints, [0, 1, 2, 12]);
  });

  it('Tab completes a subcommand from COMMAND DOCS', async () => {
    await until('command docs loaded', 20_000, async () => {
      const mark = await type('CLUSTER KEYS\t');
      const ok = /CLUSTER KEYSLOT /.test(since(mark));
      await type('\x15');
      return ok;
    });
    const mark = await type(`CLUSTER KEYS\t${key}\r`);
    assert.match(since(mark), new RegExp(`\\(integer\\) ${keySlot(key)}\\r\\n`));
  });

  it('Ctrl-C cancels a blocking command and the console keeps working', async () => {
    const mark = pty.output.length;
    pty.handleInput(`BLPOP console:${tag}:never 0\r`);
    await until('BLPOP running', 5_000, () => pty.running);
    pty.handleInput('\x03');
    await pty.settled();
    assert.match(since(mark), /\(interrupted: cancelled while waiting for/);
    const ping = await type('PING\r');
    assert.match(since(ping), /PONG/);
  });

  it('history is persisted per profile and never holds AUTH lines', async () => {
    const mark = await type('AUTH not-the-password-at-all\r');
    assert.match(since(mark), /\(refused\) AUTH would change the state of the node connection this console shares/);
    const read = () => s.context.globalState.get<string[]>(`redisCluster.console.history.${historyKey()}`) ?? [];
    const stored = await until('the history stored', 5000, () => (read().includes('PING') ? read() : undefined));
    assert.ok(stored.includes(`SET ${key} "hello world"`), JSON.stringify(stored));
    assert.ok(
      stored.some((l) => l.startsWith('CLUSTER KEYSLOT')),
      JSON.stringify(stored),
    );
    assert.ok(!stored.some((l) => /auth/i.test(l)), JSON.stringify(stored));
    const ping = await type('PING\r');
    assert.match(since(ping), /PONG/);
  });

  it('Open in redis-cli passes the password only through REDISCLI_AUTH in the terminal environment', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>('redisCluster.openInRedisCli', { profile: name });
    assert.ok(terminal, 'redis-cli is on PATH here, so a terminal opens');
    const opts = terminal.creationOptions as vscode.TerminalOptions;
    const password = process.env.REDIS_CLUSTER_PASSWORD ?? '';
    assert.ok(password.length >= 8);
    assert.equal(opts.env?.REDISCLI_AUTH, password);
    const args = Array.isArray(opts.shellArgs) ? opts.shellArgs : [String(opts.shellArgs)];
    assert.ok(!args.join(' ').includes(password), 'never on the command line');
    assert.match(args.join(' '), /^-c -h 127\.0\.0\.1 -p \d+ --tls --cacert \S+ca\.crt --sni localhost$/);
    assert.match(String(opts.shellPath), /redis-cli$/);
  });

  it('a protected profile asks for the typed name in the terminal; a wrong answer sends nothing', async () => {
    const base = s.profiles.get(name)?.profile;
    assert.ok(base);
    const copy = `${name}-protected-${tag}`;
    await s.profiles.save({ ...base, name: copy, protected: true }, 'workspace');
    made.push(copy);
    await until(`profile ${copy}`, 5000, () => s.profiles.get(copy)?.profile);
    const guarded = await vscode.commands.executeCommand<ConsoleTerminal>('redisCluster.openConsole', { profile: copy });
    await until('banner', 20_000, () => guarded.output.includes('(protected)'));
    // A guarded command that would only fail if it were sent (unknown node id), so a broken gate harms nothing.
    guarded.handleInput(`CLUSTER FORGET ${'0'.repeat(40)}\r`);
    await guarded.settled();
    await until('the question', 10_000, () => plain(guarded.output).includes(`Type the profile name "${copy}" to run CLUSTER`));
    guarded.handleInput('not-it\r');
    await guarded.settled();
    assert.match(plain(guarded.output), /\(cancelled\) not confirmed; nothing was sent/);
    assert.doesNotMatch(plain(guarded.output), /Unknown node/, 'nothing reached the server');
    guarded.handleInput(`CLUSTER FORGET ${'0'.repeat(40)}\r`);
    await guarded.settled();
    guarded.handleInput(`${copy}\r`);
    await until("the server's answer", 10_000, () => /\(error\) ERR Unknown node/.test(plain(guarded.output)));
  });
});
