// Secrets stay with the profile that owns them (issue 12), in a trusted workspace: a workspace profile named like
// a user profile that has a stored password, pointing at a loopback listener that records every byte, with
// passwordEnv naming a variable of this extension host's environment. The listener must never see the user
// profile's password, and sees the variable only after the user allowed it. Also: both profiles in the tree,
// told apart; a shared bare name refused; legacy secrets moved to their owner.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { legacySecretKey, secretKeyOf } from '../../src/core/profiles/profileRef';
import type { Services } from '../../src/services';
import { ALLOW_ENV, EnvConsents, USE_SET_PASSWORD } from '../../src/services/envConsent';
import { activateExtension } from './support/extension';
import { stubWindow } from './support/notifications';
import { type RecordingListener, startRecordingListener } from './support/recordingListener';
import { until } from '../support/wait';

describe('secrets stay with their profile (trusted workspace)', function () {
  this.timeout(120_000);
  const tag = randomBytes(3).toString('hex');
  const twin = `rc-twin-${tag}`;
  const variable = `RC_TEST_WS_SECRET_${tag}`;
  const envSecret = `env-secret-${randomBytes(8).toString('hex')}`;
  const userSecret = `user-secret-${randomBytes(8).toString('hex')}`;
  const userId = `user:${twin}`;
  const wsId = `workspace:${twin}`;
  let s: Services;
  let listener: RecordingListener;
  let consents: EnvConsents;

  /** Connects the workspace profile with the consent question answered by `answer`; returns the questions asked. */
  async function connectWorkspaceTwin(answer: string | undefined): Promise<string[]> {
    await s.connections.disconnect(wsId);
    const ui = stubWindow({ modal: () => answer });
    try {
      await vscode.commands.executeCommand('redisCluster.connect', { profile: wsId });
      await until(
        'the connect attempt to end',
        30_000,
        () => s.connections.get(wsId)?.state === 'error' || s.connections.get(wsId)?.state === 'connected',
      );
      return ui.asked.filter((a) => a.includes(`$${variable}`));
    } finally {
      ui.restore();
      await s.connections.disconnect(wsId);
    }
  }

  before(async () => {
    s = await activateExtension();
    consents = new EnvConsents(s.context.workspaceState);
    listener = await startRecordingListener();
    process.env[variable] = envSecret;
    await s.profiles.save({ name: twin, nodes: ['127.0.0.1:1'] }, 'user');
    await s.profiles.save({ name: twin, nodes: [`127.0.0.1:${listener.port}`], passwordEnv: variable }, 'workspace');
    await until('both profiles in the settings', 10_000, () => s.profiles.list().filter((e) => e.name === twin).length === 2);
    await s.profiles.setPassword(userId, userSecret);
  });

  after(async () => {
    await s.connections.disconnect(wsId).catch(() => undefined);
    for (const id of [wsId, userId]) {
      const entry = s.profiles.get(id);
      if (entry) await s.profiles.remove(entry);
    }
    await consents.remember(variable, undefined);
    delete process.env[variable];
    await listener.close();
  });

  it('shows both profiles in the tree, told apart by scope, with ids as keys', async () => {
    s.explorer.tree.refresh();
    const user = await until('the user profile node', 5000, () => s.explorer.tree.profileNode(userId));
    const ws = await until('the workspace profile node', 5000, () => s.explorer.tree.profileNode(wsId));
    assert.notEqual(user.id, ws.id);
    const [ui, wi] = [s.explorer.tree.getTreeItem(user), s.explorer.tree.getTreeItem(ws)];
    assert.equal(ui.label, twin);
    assert.equal(wi.label, twin);
    assert.match(String(ui.description), /\buser\b/);
    assert.match(String(wi.description), /\bworkspace\b/);
    assert.equal(s.profiles.label(wsId), `${twin} · workspace`);
  });

  it('refuses a bare name two profiles share, and names the ids to use', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('redisCluster.connect', { profile: twin })),
      (e: Error) => e.message.includes(wsId) && e.message.includes(userId),
    );
    assert.equal(s.connections.get(twin), undefined, 'an ambiguous name opened a connection');
  });

  it("never sends the user profile's password to the workspace profile's hosts; $VAR only after Allow", async () => {
    assert.equal(await s.profiles.password(s.profiles.get(userId)!), userSecret, 'the user profile lost its own password');
    await consents.remember(variable, undefined);

    // Dismissed: nothing is sent and nothing remembered.
    const first = await connectWorkspaceTwin(undefined);
    assert.equal(first.length, 1, `expected one question, got ${JSON.stringify(first)}`);
    assert.match(
      first[0],
      new RegExp(`Profile "${twin}" from this workspace wants to send \\$${variable} to hosts 127\\.0\\.0\\.1:${listener.port}`),
    );
    assert.match(first[0], new RegExp(`${ALLOW_ENV}, ${USE_SET_PASSWORD}`));
    assert.equal(consents.remembered(variable), undefined);
    assert.ok(!listener.received().includes(envSecret), 'the variable was sent without consent');

    // "Use Set Password instead": remembered, never sent, not asked again.
    assert.equal((await connectWorkspaceTwin(USE_SET_PASSWORD)).length, 1);
    assert.equal(consents.remembered(variable), 'deny');
    assert.equal((await connectWorkspaceTwin(ALLOW_ENV)).length, 0, 'asked again after "Use Set Password instead"');
    assert.ok(!listener.received().includes(envSecret), 'the variable was sent after "Use Set Password instead"');

    // Allow: sent from now on, without asking again.
    await consents.remember(variable, undefined);
    const before = listener.received().length;
    assert.equal((await connectWorkspaceTwin(ALLOW_ENV)).length, 1);
    assert.equal(consents.remembered(variable), 'allow');
    await until('AUTH with the variable at the listener', 10_000, () => listener.received().slice(before).includes(envSecret));
    assert.equal((await connectWorkspaceTwin(undefined)).length, 0, 'asked again after Allow');

    assert.ok(listener.connections() > 0);
    assert.ok(!listener.received().includes(userSecret), "the user profile's stored password reached the workspace profile's host");
  });

  it('moves legacy secrets once to their owner and keeps those without one', async () => {
    const secrets = s.context.secrets;
    const ws = s.profiles.workspaceKey();
    const onlyWs = `rc-legacy-ws-${tag}`;
    const orphan = `rc-legacy-orphan-${tag}`;
    await s.profiles.save({ name: onlyWs, nodes: ['127.0.0.1:1'] }, 'workspace');
    await until('the legacy test profile', 10_000, () => s.profiles.get(onlyWs));
    try {
      await s.profiles.setPassword(userId, undefined);
      await secrets.store(legacySecretKey(twin), 'legacy-twin');
      await secrets.store(legacySecretKey(onlyWs), 'legacy-ws');
      await secrets.store(legacySecretKey(orphan), 'legacy-orphan');
      assert.equal(await s.profiles.migrateLegacySecrets(), 2);
      // The shared name goes to the user profile, never to the workspace profile of that name.
      assert.equal(await secrets.get(secretKeyOf({ scope: 'user', name: twin }, ws)), 'legacy-twin');
      assert.equal(await secrets.get(secretKeyOf({ scope: 'workspace', name: twin }, ws)), undefined);
      assert.equal(await secrets.get(secretKeyOf({ scope: 'workspace', name: onlyWs }, ws)), 'legacy-ws');
      assert.equal(await secrets.get(legacySecretKey(twin)), undefined);
      assert.equal(await secrets.get(legacySecretKey(onlyWs)), undefined);
      assert.equal(await secrets.get(legacySecretKey(orphan)), 'legacy-orphan', 'a secret without an owner was dropped');
      assert.equal(await s.profiles.migrateLegacySecrets(), 0, 'a second run moved something again');
      assert.equal(await s.profiles.password(s.profiles.get(userId)!), 'legacy-twin');
    } finally {
      await secrets.delete(legacySecretKey(orphan));
      const e = s.profiles.get(onlyWs);
      if (e) await s.profiles.remove(e);
    }
  });
});
