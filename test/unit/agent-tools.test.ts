// The agent tools' shared layer without a server: input schemas (the same objects package.json declares), the
// clipping and redaction of results, errors as plain results, and the MCP read-only rule.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AGENT_TOOLS, LIMITS, callTool } from '../../src/core/agent';
import { clip, errorResult, render } from '../../src/core/agent/result';
import { ToolInputError, validateInput } from '../../src/core/agent/schema';
import type { AgentHost } from '../../src/core/agent/types';
import { RedisClusterError } from '../../src/core/common/errors';

const SECRET = 'pw-Unit-s3cret';

/** A host with one profile whose connection always fails: enough for everything before the first socket. */
function host(calls: string[] = []): AgentHost {
  return {
    profiles: () => [{ id: 'user:a', label: 'a', scope: 'user', connected: false, readOnly: false, protected: false }],
    target: async (id) => {
      calls.push(`target ${id}`);
      throw new RedisClusterError('unreachable', `127.0.0.1:1: connect ECONNREFUSED (auth ${SECRET})`, 'Check that the node is running');
    },
    secrets: async () => [SECRET],
    analyzeFile: async () => {
      throw new Error('not used');
    },
    profileFile: () => 'a.json',
    runAdmin: async () => {
      calls.push('runAdmin');
      return { ok: true, message: 'ran' };
    },
  };
}

describe('agent tools: shared layer', () => {
  it('package.json declares every tool with the same name, model description and input schema', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { languageModelTools: { name: string; modelDescription: string; inputSchema: unknown; displayName: string }[] };
    };
    const declared = pkg.contributes.languageModelTools;
    assert.deepEqual(
      declared.map((d) => d.name),
      AGENT_TOOLS.map((t) => t.name),
    );
    for (const t of AGENT_TOOLS) {
      const d = declared.find((x) => x.name === t.name);
      assert.equal(d?.modelDescription, t.description, t.name);
      assert.deepEqual(d?.inputSchema, JSON.parse(JSON.stringify(t.inputSchema)), t.name);
      assert.match(d?.displayName ?? '', /^%languageModelTools\./);
      assert.ok(t.description.length > 80, `${t.name}: the model description should say when to use it`);
    }
  });

  it('rejects wrong types, unknown inputs, missing and out-of-range values with the input named', () => {
    const reshard = AGENT_TOOLS.find((t) => t.name === 'redis_cluster_reshard')!;
    const bad: [unknown, RegExp][] = [
      [{ from: 'abc', to: 'x', slots: 1 }, /input "from" must be an array/],
      [{ from: ['a'], to: 'x', slots: 1.5 }, /input "slots" must be a whole number/],
      [{ from: ['a'], to: 'x', slots: 0 }, /input "slots" must be at least 1/],
      [{ from: ['a'], to: 'x', slots: '10' }, /input "slots" must be a number, got the string "10"/],
      [{ from: ['a'], to: 'x' }, /input "slots" is required/],
      [{ from: ['a'], to: 'x', slots: 1, yes: true }, /unknown input "yes"/],
      [[1, 2], /input must be an object/],
    ];
    for (const [input, re] of bad)
      assert.throws(
        () => validateInput(reshard.inputSchema, input),
        (e: unknown) => e instanceof ToolInputError && re.test(e.message),
      );
    assert.deepEqual(validateInput(reshard.inputSchema, { from: ['a'], to: 'b', slots: 3 }), { from: ['a'], to: 'b', slots: 3 });
  });

  it('cuts long strings and lists and says so; caps the text; masks secrets, JSON-escaped ones too', () => {
    const long = 'x'.repeat(LIMITS.stringChars + 10);
    const c = clip({ s: long, list: Array.from({ length: LIMITS.listItems + 5 }, (_, i) => i) }) as { s: string; list: unknown[] };
    assert.match(c.s, /\[truncated: 10 more characters\]$/);
    assert.equal(c.list.length, LIMITS.listItems + 1);
    assert.equal(c.list.at(-1), '[truncated: 5 more items]');
    const quoted = 'a"b\\c';
    const text = render({ summary: `pw ${SECRET}`, data: { v: quoted, big: 'y'.repeat(LIMITS.textChars * 2) } }, [SECRET, quoted]);
    assert.ok(!text.includes(SECRET) && !text.includes(JSON.stringify(quoted).slice(1, -1)), text.slice(0, 200));
    assert.ok(text.length < LIMITS.textChars + 200);
    assert.match(text, /truncated/);
  });

  it('turns errors into one sentence with the hint, without a stack or a secret', () => {
    const r = errorResult(new RedisClusterError('unreachable', `down ${SECRET}`, 'Start it'), [SECRET]);
    assert.equal(r.ok, false);
    assert.equal(r.text, 'Error (unreachable): down ***. Start it.');
    const plain = errorResult(new TypeError('boom'), []);
    assert.ok(!/at .*\.ts:\d+/.test(plain.text), plain.text);
  });

  it('callTool: unknown tool, bad input and failed connections come back as results; nothing reaches the host', async () => {
    const calls: string[] = [];
    const ctx = { host: host(calls), adminAllowed: true };
    assert.match((await callTool('nope', {}, ctx)).text, /no tool "nope"/);
    const badKey = await callTool('redis_cluster_key', { keys: ['"\\q"'] }, ctx);
    assert.equal(badKey.ok, false);
    assert.match(badKey.text, /input "keys"\[0\]: bad escape/);
    const unknown = await callTool('redis_cluster_topology', { profile: 'zzz' }, ctx);
    assert.match(unknown.text, /no profile "zzz" \(profiles: user:a\)/);
    assert.deepEqual(calls, []);
    const down = await callTool('redis_cluster_topology', {}, ctx);
    assert.equal(down.ok, false);
    assert.ok(!down.text.includes(SECRET), down.text);
    assert.deepEqual(calls, ['target user:a']);
  });

  it('admin tools refuse to run where admin is not allowed, before connecting; dryRun still plans', async () => {
    const calls: string[] = [];
    const r = await callTool('redis_cluster_fix', {}, { host: host(calls), adminAllowed: false });
    assert.equal(r.ok, false);
    assert.match(r.text, /admin tools are disabled here.*--allow-admin.*nothing was changed/);
    assert.deepEqual(calls, []);
    const dry = await callTool('redis_cluster_fix', { dryRun: true }, { host: host(calls), adminAllowed: false });
    assert.match(dry.text, /unreachable/);
    assert.deepEqual(calls, ['target user:a']);
  });
});
