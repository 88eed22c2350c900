// The agent tools in Restricted Mode (the harness's untrusted pass; settings from scripts/vscode-untrusted-fixture.mjs):
// the workspace profile "twin" points at a loopback port this suite listens on and names $RC_TRUST_ENV_SECRET; the
// user profile "twin" has a stored password. Every tool called on the workspace profile is refused before any socket
// opens (the listener sees no connection), and no result holds either secret.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Services } from '../../src/services';
import { activateExtension } from './support/extension';
import { type RecordingListener, startRecordingListener } from './support/recordingListener';
import { until } from '../support/wait';

describe('agent tools in Restricted Mode (untrusted workspace)', function () {
  this.timeout(120_000);
  const wsId = 'workspace:twin';
  const userId = 'user:twin';
  const userSecret = `agent-user-secret-${randomBytes(8).toString('hex')}`;
  const envSecret = process.env.RC_TRUST_ENV_SECRET ?? '';
  const results: string[] = [];
  let s: Services;
  let listener: RecordingListener;

  async function invoke(tool: string, input: object): Promise<string> {
    const r = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
    const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : JSON.stringify(p))).join('');
    results.push(text);
    return text;
  }

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness should leave this workspace untrusted');
    assert.ok(envSecret.length > 8, 'RC_TRUST_ENV_SECRET is not in the extension host environment');
    listener = await startRecordingListener(Number(process.env.RC_TRUST_LISTENER_PORT));
    s = await activateExtension();
    await until('the user profile', 10_000, () => s.profiles.get(userId)?.profile);
    await s.profiles.setPassword(userId, userSecret);
  });

  after(async () => {
    await s?.profiles.setPassword(userId, undefined).catch(() => undefined);
    await listener?.close();
  });

  afterEach(() => {
    assert.equal(listener.connections(), 0, `the workspace profile's host got ${listener.connections()} connection(s)`);
    for (const t of results) assert.ok(!t.includes(envSecret) && !t.includes(userSecret), `a result holds a secret: ${t.slice(0, 300)}`);
  });

  it('lists the workspace profile as unusable in Restricted Mode, by name only', async () => {
    const text = await invoke('redis_cluster_profiles', {});
    assert.match(
      text,
      /"id":"workspace:twin","label":"twin · workspace","scope":"workspace","connected":false.*"unusable":"a workspace profile, and the/,
    );
    assert.match(text, /"id":"user:twin"/);
  });

  it('refuses every cluster tool on the workspace profile before connecting', async () => {
    const calls: [string, object][] = [
      ['redis_cluster_topology', { profile: wsId }],
      ['redis_cluster_check', { profile: wsId }],
      ['redis_cluster_diagnose', { profile: wsId }],
      ['redis_cluster_key', { profile: wsId, keys: ['user:1'] }],
      ['redis_cluster_distribution', { profile: wsId }],
      ['redis_cluster_command', { profile: wsId, command: 'GET user:1' }],
      ['redis_cluster_failover', { profile: wsId, node: '127.0.0.1:1' }],
      ['redis_cluster_reshard', { profile: wsId, from: ['a'], to: 'b', slots: 1, dryRun: true }],
      ['redis_cluster_fix', { profile: wsId }],
    ];
    const asked = s.agentTools?.confirmations?.length;
    for (const [tool, input] of calls) {
      assert.match(
        await invoke(tool, input),
        /^Error \(untrusted\): profile "twin" comes from this workspace's settings, and the workspace is not trusted/,
        tool,
      );
    }
    assert.equal(s.agentTools?.confirmations?.length, asked, 'a refused call asked for a confirmation');
    assert.match(await invoke('redis_cluster_topology', { profile: 'twin' }), /^Error \(profile\): "twin" names 2 profiles/);
    assert.notEqual(s.connections.get(wsId)?.state, 'connected');
  });

  it('the user profile of the same name is used, and its failure carries no secret', async () => {
    const text = await invoke('redis_cluster_topology', { profile: userId });
    assert.match(text, /^Error \(\S+\): /);
    assert.doesNotMatch(text, /\n\s+at /);
    await s.connections.disconnect(userId);
  });
});
