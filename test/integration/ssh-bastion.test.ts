// A cluster reachable only through an SSH bastion: the nodes run in a network namespace, announce addresses and
// host names only that namespace knows, and Debian's sshd runs inside it. From this process only the bastion
// answers; through one SSH connection, topology, reads, the dashboard's metrics, a reshard and a failover pass,
// and each way the bastion can fail (wrong key, changed or unknown host key, unreachable) has its own error.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as path from 'node:path';
import { ClusterConnectionError } from '../../src/core/common/errors';
import { checkCluster } from '../../src/core/admin/ops/check';
import { failover } from '../../src/core/admin/ops/failover';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { planReshard } from '../../src/core/admin/plan/reshard';
import type { SshSecrets } from '../../src/core/connection/ssh/tunnel';
import { ClusterSession } from '../../src/core/connection/session';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import { pollMetrics } from '../../src/core/monitoring/metrics';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import type { SshBastion } from '../../src/core/connection/ssh/sshProfile';
import { scanCluster } from '../../src/core/keys/scan';
import { countSlots } from '../../src/core/topology/slots';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { runCli } from '../support/cli';
import { type NatCluster, natClusterUnsupported, startNatCluster } from '../support/natCluster';
import { basePort } from '../support/ports';
import { type SshBastionFixture, sshBastionUnsupported, sshConnections, startSshBastion } from '../support/sshBastion';

const KEYS = 2000;

/**
 * Whether a node answers at host:port with its own certificate (signed by the test CA, naming `servername`).
 * A bare TCP connect proves nothing here: this machine's default gateway accepts connections to any address.
 */
function reachesNode(host: string, port: number, ca: string, servername: string, ms = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tls.connect({ host, port, ca: readFileSync(ca), servername });
    s.setTimeout(ms, () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(false));
    s.once('secureConnect', () => (s.destroy(), resolve(true)));
  });
}

describe('SSH bastion: a cluster reachable only through sshd', function () {
  this.timeout(180000);
  let cluster: NatCluster | undefined;
  let bastion: SshBastionFixture | undefined;
  let profile: ClusterProfile;

  before(async function () {
    const why = natClusterUnsupported() ?? sshBastionUnsupported();
    if (why) {
      console.log(`    skipped: ${why}`);
      this.skip();
    }
    cluster = await startNatCluster(basePort('sshCluster'), 3, 1, { publish: false });
    bastion = await startSshBastion(cluster, basePort('sshBastion'));
    profile = {
      name: 'behind-bastion',
      // Seeds by the names the bastion resolves; TLS checks each node's certificate against its own name.
      nodes: cluster.nodes.slice(0, 2).map((n) => `${n.hostname}:${n.port}`),
      tls: { ca: cluster.ca },
      ssh: {
        host: bastion.host,
        port: bastion.port,
        username: bastion.username,
        privateKeyPath: bastion.clientKey,
        knownHostsPath: bastion.knownHosts,
      },
    };
  });

  after(async function () {
    this.timeout(60000);
    await bastion?.stop();
    await cluster?.stop();
  });

  function session(ssh: Partial<SshBastion> = {}, secrets: SshSecrets = {}): ClusterSession {
    const p: ClusterProfile = { ...profile, ssh: { ...(profile.ssh as SshBastion), ...ssh } };
    return new ClusterSession(p, { password: cluster?.password, connectTimeoutMs: 4000, ssh: secrets });
  }

  it('from here, no node is reachable: not its announced address, not the namespace link, not without the bastion', async () => {
    const c = cluster as NatCluster;
    for (const n of c.nodes.slice(0, 2)) {
      assert.equal(await reachesNode(n.ip, n.port, c.ca, n.hostname), false, `${n.ip}:${n.port} answered directly`);
      assert.equal(await reachesNode(c.linkAddress, n.port, c.ca, n.hostname), false, `${c.linkAddress}:${n.port} answered directly`);
    }
    const direct = new ClusterSession(
      { ...profile, ssh: undefined, nodes: c.nodes.map((n) => `${n.ip}:${n.port}`) },
      {
        password: c.password,
        connectTimeoutMs: 1500,
      },
    );
    try {
      await assert.rejects(discoverTopology(direct), ClusterConnectionError);
    } finally {
      await direct.close();
    }
  });

  it('through the tunnel: topology, each node by its TLS name, keys, distribution, metrics, scan, check on one SSH link', async () => {
    const s = session();
    try {
      const t = await discoverTopology(s);
      assert.equal(t.info.state, 'ok');
      assert.equal(t.nodes.length, 6);
      for (const n of t.nodes) {
        assert.match(n.host, /^198\.19\./);
        const client = await s.node(address(n));
        assert.equal(String(await client.cluster('MYID')), n.id);
      }
      const routed = await s.cluster();
      for (let i = 0; i < KEYS; i += 250) {
        await Promise.all(Array.from({ length: 250 }, (_, j) => routed.set(`ssh:key:${i + j}`, String(i + j))));
      }
      assert.equal(await routed.get('ssh:key:1234'), '1234');
      const d = await countKeysPerSlot(s, t);
      assert.equal(d.total, KEYS);
      const metrics = await pollMetrics(s, t);
      assert.equal(metrics.nodes.length, 6);
      for (const m of metrics.nodes) assert.ok(m.ok && m.error === undefined, `${m.address}: ${m.error}`);
      let scanned = 0;
      for await (const page of scanCluster(s, { topology: t, match: 'ssh:key:*' })) scanned += page.length;
      assert.equal(scanned, KEYS);
      const report = await checkCluster(s);
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(sshConnections(cluster as NatCluster), 1, 'every Redis connection should share one SSH connection');
    } finally {
      await s.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sshConnections(cluster as NatCluster), 0, 'closing the session should close its SSH connection');
  });

  it('through the tunnel: a reshard moves slots and keys (MIGRATE keeps the announced addresses)', async () => {
    const s = session();
    try {
      const before = await discoverTopology(s);
      const [a, b] = before.shards.map((sh) => sh.master).filter((m) => m !== undefined);
      const result = await executePlan(s, planReshard(before, { from: [a.id], to: b.id, slots: 100 }));
      assert.equal(result.status, 'done');
      assert.equal(result.slotsMoved, 100);
      const after = await discoverTopology(s);
      assert.equal(countSlots(after.nodes.find((n) => n.id === b.id)?.slots ?? []), countSlots(b.slots) + 100);
      assert.equal((await countKeysPerSlot(s, after)).total, KEYS);
    } finally {
      await s.close();
    }
  });

  it('through the tunnel: a failover promotes a replica', async () => {
    const s = session();
    try {
      const t = await discoverTopology(s);
      const replica = t.nodes.find((n) => n.role === 'replica');
      assert.ok(replica);
      const r = await failover(s, replica.id);
      assert.equal(r.newMasterId, replica.id);
      assert.equal((await discoverTopology(s)).nodes.find((n) => n.id === replica.id)?.role, 'master');
    } finally {
      await s.close();
    }
  });

  it('a dropped SSH link: the next read opens a new SSH connection by itself (no stale tunnel)', async () => {
    const b = bastion as SshBastionFixture;
    const s = session();
    try {
      assert.equal((await discoverTopology(s)).nodes.length, 6);
      b.dropConnections();
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      const t = await discoverTopology(s);
      assert.equal(t.nodes.length, 6);
      assert.ok(Date.now() - t0 < 3000, `recovering took ${Date.now() - t0} ms`);
      assert.equal(sshConnections(cluster as NatCluster), 1);
    } finally {
      await s.close();
    }
  });

  async function rejectsWith(s: ClusterSession, kind: string, message: RegExp, hint: RegExp): Promise<ClusterConnectionError> {
    let caught: ClusterConnectionError | undefined;
    try {
      await assert.rejects(discoverTopology(s), (e: unknown) => {
        assert.ok(e instanceof ClusterConnectionError, String(e));
        assert.equal(e.kind, kind, e.message);
        assert.match(e.message, message);
        assert.match(e.hint, hint);
        caught = e;
        return true;
      });
    } finally {
      await s.close();
    }
    return caught as ClusterConnectionError;
  }

  it('logs in through an SSH agent (ssh-agent holding the key, its socket in ssh.agent)', async () => {
    const b = bastion as SshBastionFixture;
    const sock = path.join(b.dir, 'agent.sock');
    const agent = execFileSync('ssh-agent', ['-a', sock, '-s']).toString();
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent)?.[1]);
    try {
      execFileSync('ssh-add', [b.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'pipe' });
      const s = session({ privateKeyPath: undefined, agent: sock });
      try {
        assert.equal((await discoverTopology(s)).nodes.length, 6);
      } finally {
        await s.close();
      }
    } finally {
      if (pid) process.kill(pid);
    }
  });

  it('a key the bastion does not authorize: ssh-auth', async () => {
    const b = bastion as SshBastionFixture;
    await rejectsWith(session({ privateKeyPath: b.strangerKey }), 'ssh-auth', /refused our SSH key/, /authorized_keys/);
  });

  it('an encrypted key: refused without its passphrase, accepted with it', async () => {
    const b = bastion as SshBastionFixture;
    await rejectsWith(session({ privateKeyPath: b.encryptedKey }), 'ssh-key', /needs a passphrase/, /passphraseEnv/);
    await rejectsWith(session({ privateKeyPath: b.encryptedKey }, { passphrase: 'wrong' }), 'ssh-key', /wrong passphrase/, /passphrase/);
    const s = session({ privateKeyPath: b.encryptedKey }, { passphrase: b.passphrase });
    try {
      assert.equal((await discoverTopology(s)).nodes.length, 6);
    } finally {
      await s.close();
    }
  });

  it('a changed host key: refused, naming both fingerprints and the known_hosts line', async () => {
    const b = bastion as SshBastionFixture;
    const e = await rejectsWith(
      session({ knownHostsPath: b.changedKnownHosts }),
      'ssh-host-changed',
      /host key has CHANGED/,
      /ssh-keygen -R/,
    );
    assert.ok(e.message.includes(b.fingerprint), e.message);
    assert.match(e.message, /changed_known_hosts:1/);
    // A key accepted for the profile before, that the bastion no longer has, is a change too.
    await rejectsWith(
      session({ knownHostsPath: path.join(b.dir, 'none') }, { acceptedHostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      'ssh-host-changed',
      /CHANGED/,
      /administrator/,
    );
  });

  it('an unknown host key: asked once with its SHA256 fingerprint; declined refuses, accepted connects', async () => {
    const b = bastion as SshBastionFixture;
    const none = path.join(b.dir, 'empty_known_hosts');
    writeFileSync(none, '');
    const asked: string[] = [];
    const e = await rejectsWith(
      session({ knownHostsPath: none }, { confirmHostKey: async (q) => (asked.push(q.fingerprint), false) }),
      'ssh-host-unknown',
      /not known/,
      /--accept-host-key/,
    );
    assert.deepEqual(asked, [b.fingerprint], 'one question for the whole session, with the fingerprint ssh-keygen prints');
    assert.ok(e.message.includes(b.fingerprint));
    const yes = session({ knownHostsPath: none }, { confirmHostKey: async (q) => (asked.push(q.fingerprint), true) });
    try {
      assert.equal((await discoverTopology(yes)).nodes.length, 6);
    } finally {
      await yes.close();
    }
    const remembered = session({ knownHostsPath: none }, { acceptedHostKey: b.fingerprint });
    try {
      assert.equal((await discoverTopology(remembered)).nodes.length, 6);
    } finally {
      await remembered.close();
    }
  });

  it('an unreachable bastion: ssh-unreachable, quickly; a silent one costs one timeout, not one per seed', async () => {
    const t0 = Date.now();
    await rejectsWith(session({ port: basePort('sshBastion') + 1 }), 'ssh-unreachable', /cannot reach the SSH bastion/, /ssh\.port/);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    // Accepts TCP and never says a word: the SSH handshake times out.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(basePort('sshBastion') + 3, '127.0.0.1', r));
    try {
      const p: ClusterProfile = { ...profile, ssh: { ...(profile.ssh as SshBastion), port: basePort('sshBastion') + 3 } };
      const s = new ClusterSession(p, { password: cluster?.password, connectTimeoutMs: 1500 });
      const t1 = Date.now();
      await rejectsWith(s, 'ssh-unreachable', /handshake|timed out/i, /ssh\.host/);
      const ms = Date.now() - t1;
      assert.ok(ms < 2800, `two seeds took ${ms} ms: each paid the timeout`);
    } finally {
      silent.close();
    }
  });

  it('the CLI: an unknown bastion is refused with its fingerprint; --accept-host-key and a passphrase variable connect', async () => {
    const b = bastion as SshBastionFixture;
    const c = cluster as NatCluster;
    const none = path.join(b.dir, 'cli_known_hosts');
    writeFileSync(none, '');
    const file = path.join(c.dir, 'ssh-profile.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...profile,
        passwordEnv: 'SSH_TEST_REDIS_PASSWORD',
        ssh: { ...profile.ssh, privateKeyPath: b.encryptedKey, passphraseEnv: 'SSH_TEST_KEY_PASSPHRASE', knownHostsPath: none },
      }),
    );
    const env = { SSH_TEST_REDIS_PASSWORD: c.password, SSH_TEST_KEY_PASSPHRASE: b.passphrase };
    const refused = await runCli(['topology', '--profile', file, '--json'], env, 60000);
    assert.equal(refused.code, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`--accept-host-key ${b.fingerprint}`), refused.stderr);
    const topo = await runCli(['topology', '--profile', file, '--json', '--accept-host-key', b.fingerprint], env, 60000);
    assert.equal(topo.code, 0, topo.stderr);
    assert.equal((JSON.parse(topo.stdout) as { nodes: unknown[] }).nodes.length, 6);
    assert.ok(!topo.stderr.includes(b.passphrase) && !refused.stderr.includes(b.passphrase));
  });
});
