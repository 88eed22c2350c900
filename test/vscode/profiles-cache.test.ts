// ProfileStore.list() parses the setting once per change, not on every call (tree renders, status bar, commands):
// the same entries come back until redisCluster.profiles changes, and a change is seen at once, with the event.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../src/services';
import { activateExtension } from './support/extension';
import { until } from '../support/wait';

describe('profile list cache', function () {
  this.timeout(60_000);
  let s: Services;
  const config = () => vscode.workspace.getConfiguration('redisCluster');
  let userProfiles: unknown;

  before(async () => {
    s = await activateExtension();
    userProfiles = config().inspect('profiles')?.globalValue;
  });

  after(async () => {
    await config().update('profiles', userProfiles, vscode.ConfigurationTarget.Global);
  });

  it('returns the same parsed entries until the setting changes, then the new list (with onDidChange)', async () => {
    const first = s.profiles.list();
    const again = s.profiles.list();
    assert.ok(first.length > 0, 'the test workspace has no profiles');
    assert.notEqual(again, first, 'list() must hand out a fresh array');
    first.forEach((e, i) => assert.equal(again[i], e, `entry ${e.id} was parsed again`));

    let fired = 0;
    const sub = s.profiles.onDidChange(() => fired++);
    try {
      const probe = { name: `cache-probe-${Date.now()}`, nodes: ['127.0.0.1:1'] };
      const users = Array.isArray(userProfiles) ? userProfiles : [];
      await config().update('profiles', [...users, probe], vscode.ConfigurationTarget.Global);
      const entry = s.profiles.list().find((e) => e.id === `user:${probe.name}`);
      assert.ok(entry, 'the added profile is missing right after the settings write');
      await until('onDidChange after the settings write', 10_000, () => fired > 0);
      await config().update('profiles', users.length ? users : undefined, vscode.ConfigurationTarget.Global);
      await until('the removed profile gone from list()', 10_000, () => !s.profiles.list().some((e) => e.id === entry.id));
    } finally {
      sub.dispose();
    }
  });
});
