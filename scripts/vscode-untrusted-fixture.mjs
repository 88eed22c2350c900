// The Restricted Mode run of the extension-host tests (VSCODE_TEST_UNTRUSTED=1, test/vscode/*.untrusted.test.ts):
// a workspace profile named like a user profile, pointing at a loopback port the suite itself listens on, with
// passwordEnv naming a variable of the extension host's environment. Plain TCP, so any AUTH would arrive readable.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

export const TWIN = 'twin';

function freeLoopbackPort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

export async function untrustedFixture() {
  const port = await freeLoopbackPort();
  return {
    env: { RC_TRUST_LISTENER_PORT: String(port), RC_TRUST_ENV_SECRET: `rc-env-secret-${randomBytes(8).toString('hex')}` },
    workspaceSettings: { 'redisCluster.profiles': [{ name: TWIN, nodes: [`127.0.0.1:${port}`], passwordEnv: 'RC_TRUST_ENV_SECRET' }] },
    // The user's own profile of the same name; its stored password is set by the suite. Port 1 is closed.
    userSettings: { 'redisCluster.profiles': [{ name: TWIN, nodes: ['127.0.0.1:1'] }] },
  };
}
