import * as assert from 'node:assert/strict';
import {
  AmbiguousProfileError,
  type ProfileScope,
  legacySecretKey,
  legacySecretOwner,
  profileId,
  resolveProfileRef,
  secretKeyOf,
  workspaceKeyOf,
} from '../../src/core/profiles/profileRef';

const entry = (scope: ProfileScope, name: string) => ({ scope, name, id: profileId(scope, name) });

describe('profile identity (scope + name)', () => {
  const entries = [entry('workspace', 'prod'), entry('user', 'prod'), entry('user', 'dev'), entry('workspace', 'ci')];

  it('resolves an id exactly and a bare name only when one profile has it', () => {
    assert.equal(resolveProfileRef(entries, 'user:prod')?.scope, 'user');
    assert.equal(resolveProfileRef(entries, 'workspace:prod')?.scope, 'workspace');
    assert.equal(resolveProfileRef(entries, 'dev')?.id, 'user:dev');
    assert.equal(resolveProfileRef(entries, 'ci')?.id, 'workspace:ci');
    assert.equal(resolveProfileRef(entries, 'nope'), undefined);
    assert.equal(resolveProfileRef(entries, 'workspace:dev'), undefined);
  });

  it('refuses a bare name two profiles share, naming both ids', () => {
    assert.throws(
      () => resolveProfileRef(entries, 'prod'),
      (e: unknown) => {
        assert.ok(e instanceof AmbiguousProfileError);
        assert.deepEqual(e.ids, ['workspace:prod', 'user:prod']);
        assert.match(e.message, /workspace:prod/);
        return true;
      },
    );
  });

  it("keeps a workspace profile's secret apart from the user profile of the same name, and per workspace", () => {
    const a = workspaceKeyOf('file:///repo/a');
    const b = workspaceKeyOf('file:///repo/b');
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f]{16}$/);
    const user = secretKeyOf(entry('user', 'prod'), a);
    const wsA = secretKeyOf(entry('workspace', 'prod'), a);
    const wsB = secretKeyOf(entry('workspace', 'prod'), b);
    assert.equal(new Set([user, wsA, wsB, legacySecretKey('prod')]).size, 4);
    assert.equal(secretKeyOf(entry('user', 'prod'), b), user, "a user profile's secret does not depend on the workspace");
  });

  it('gives a legacy secret to the user profile of its name, else to the only profile of its name', () => {
    assert.equal(legacySecretOwner(entries, 'prod')?.id, 'user:prod');
    assert.equal(legacySecretOwner(entries, 'ci')?.id, 'workspace:ci');
    assert.equal(legacySecretOwner(entries, 'gone'), undefined);
    const twoWorkspace = [entry('workspace', 'x'), { ...entry('workspace', 'x'), id: 'workspace:x#2' }];
    assert.equal(legacySecretOwner(twoWorkspace, 'x'), undefined);
  });
});
