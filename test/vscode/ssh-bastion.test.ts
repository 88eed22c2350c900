// A profile behind a real sshd bastion (test/support/sshBastion.ts) in the editor: the unknown host key is asked
// once in a modal with its SHA256 fingerprint, the explorer connects through the tunnel, the accepted key is
// remembered for the profile (no question on the next connect), and Forget Accepted SSH Host Key makes it ask again.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../../src/services';
import { TRUST_HOST_KEY } from '../../src/services/sshSecrets';
import { type NatCluster, natClusterUnsupported, startNatCluster } from '../support/natCluster';
import { basePort } from '../support/ports';
import { type SshBastionFixture, sshBastionUnsupported, startSshBastion } from '../support/sshBastion';
import { activateExtension } from './support/extension';
import { stubWindow } from './support/notifications';
import { until } from './support/wait';

describe('SSH bastion in the editor', function () {
  this.timeout(180_000);
  const name = `rc-ssh-${randomBytes(3).toString('hex')}`;
  const id = `user:${name}`;
  let s: Services;
  let cluster: NatCluster | undefined;
  let bastion: SshBastionFixture | undefined;

  before(async function () {
    const why = natClusterUnsupported() ?? sshBastionUnsupported();
    if (why) {
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    s = await activateExtension();
    cluster = await startNatCluster(basePort('sshCluster'), 3, 1, { publish: false });
    // Its own published port, so it never meets the integration test's bastion.
    bastion = await startSshBastion(cluster, basePort('sshBastion') + 2);
    const knownHosts = path.join(bastion.dir, 'editor_known_hosts');
    writeFileSync(knownHosts, '');
    await s.profiles.save(
      {
        name,
        nodes: [`${cluster.nodes[0].hostname}:${cluster.nodes[0].port}`],
        tls: { ca: cluster.ca },
        ssh: {
          host: bastion.host,
          port: bastion.port,
          username: bastion.username,
          privateKeyPath: bastion.clientKey,
          knownHostsPath: knownHosts,
        },
      },
      'user',
    );
    await until('the profile in the settings', 10_000, () => s.profiles.get(id));
    await s.profiles.setPassword(id, cluster.password);
  });

  after(async function () {
    this.timeout(60_000);
    if (s) {
      await s.connections.disconnect(id).catch(() => undefined);
      const entry = s.profiles.get(id);
      if (entry) await s.profiles.remove(entry);
    }
    await bastion?.stop();
    await cluster?.stop();
  });

  /** Connects with modals answered by `answer`; returns the host key questions asked. */
  async function connect(answer: (message: string) => string | undefined): Promise<string[]> {
    await s.connections.disconnect(id);
    const ui = stubWindow({ modal: answer });
    try {
      await vscode.commands.executeCommand('redisCluster.connect', { profile: id });
      await until('the connect attempt to end', 60_000, () => {
        const c = s.connections.get(id);
        return (c?.state === 'connected' && !!c.topology) || c?.state === 'error';
      });
      return ui.asked.filter((a) => a.includes('not in known_hosts'));
    } finally {
      ui.restore();
    }
  }

  it('asks once with the fingerprint, connects through the tunnel, and remembers the key for the profile', async () => {
    const b = bastion as SshBastionFixture;
    const asked = await connect(() => TRUST_HOST_KEY);
    assert.equal(asked.length, 1, JSON.stringify(asked));
    assert.ok(asked[0].includes(b.fingerprint), asked[0]);
    const conn = s.connections.get(id);
    assert.equal(conn?.state, 'connected', conn?.error?.message);
    assert.equal(conn?.topology?.nodes.length, 6);
    assert.ok(conn?.topology?.nodes.every((n) => n.host.startsWith('198.19.')));

    const again = await connect(() => assert.fail('asked again for a key accepted for this profile'));
    assert.equal(again.length, 0);
    assert.equal(s.connections.get(id)?.state, 'connected');
  });

  it('Forget Accepted SSH Host Key: the next connect asks again; declined, the profile shows ssh-host-unknown', async () => {
    const ui = stubWindow({ modal: (m) => (m.includes('Forget the host key') ? 'Forget' : undefined) });
    try {
      await vscode.commands.executeCommand('redisCluster.forgetSshHostKey', { profile: id });
    } finally {
      ui.restore();
    }
    const asked = await connect(() => undefined);
    assert.equal(asked.length, 1);
    const conn = s.connections.get(id);
    assert.equal(conn?.state, 'error');
    assert.equal(conn?.error?.kind, 'ssh-host-unknown');
  });
});
