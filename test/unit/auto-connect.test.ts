// Workspace trust: which profiles may connect without an explicit request (tree expansion, a restored dashboard).
import { strict as assert } from 'node:assert';
import { shouldAutoConnect } from '../../src/views/tree/autoConnect';

describe('shouldAutoConnect (workspace trust)', () => {
  const profile = { name: 'p', nodes: ['127.0.0.1:7000'] };

  it('never auto-connects a workspace profile in a restricted workspace', () => {
    assert.equal(shouldAutoConnect({ scope: 'workspace', profile }, false), false);
  });

  it('auto-connects a workspace profile once the workspace is trusted', () => {
    assert.equal(shouldAutoConnect({ scope: 'workspace', profile }, true), true);
  });

  it('auto-connects user profiles either way: they come from the user, not from the workspace', () => {
    assert.equal(shouldAutoConnect({ scope: 'user', profile }, false), true);
    assert.equal(shouldAutoConnect({ scope: 'user', profile }, true), true);
  });

  it('never auto-connects an invalid profile or an unknown name', () => {
    assert.equal(shouldAutoConnect({ scope: 'user' }, true), false);
    assert.equal(shouldAutoConnect({ scope: 'workspace' }, true), false);
    assert.equal(shouldAutoConnect(undefined, true), false);
  });
});
