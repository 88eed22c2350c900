// Diagnose on a real private TLS cluster (7860-7865): healthy gives no error; then one fault at a time gives the
// expected finding naming the right node, and no error-level finding about any other node. Each fault is undone
// before the next, except the last two (a replica cut off, then a killed master).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { killNode } from '../../scripts/cluster';
import { baseRedisOptions } from '../../src/core/connection/connect';
import { type DoctorReport, type Finding, type Gathered, diagnose, mergePlanFor } from '../../src/core/diagnose';
import { waitUntil } from '../../src/core/topology/agreement';
import { executeMerge } from '../../src/core/admin/ops/merge';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { type ClusterNode, address, discoverTopology } from '../../src/core/topology/topology';
import { privateCluster, sessionFor } from '../support/cluster';
import { basePort } from '../support/ports';

const exec = promisify(execFile);

describe('doctor: one fault at a time', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('doctor') });
  let masters: ClusterNode[];
  let replicas: ClusterNode[];

  const run = async (timeoutMs = 3000): Promise<DoctorReport & { gathered: Gathered }> => {
    // Connections share the run's bound (as in the CLI), so closing them cannot wait on a frozen node.
    const s = new ClusterSession(loadProfileFile(cluster().profilePath), { password: cluster().password, connectTimeoutMs: timeoutMs });
    try {
      return await diagnose(s, { timeoutMs });
    } finally {
      await s.close();
    }
  };
  const ids = (r: DoctorReport) => r.findings.map((f) => `${f.severity}:${f.id} [${f.nodes.join(',')}]`).join('\n');
  /** The expected finding exists, names `node`, and every error-level finding is about `node` only. */
  const expectOnly = (r: DoctorReport, id: string, node: string): Finding => {
    const f = r.findings.find((x) => x.id === id);
    assert.ok(f, `no ${id} in:\n${ids(r)}`);
    assert.ok(f.nodes.includes(node), `${id} names ${f.nodes.join(', ')}, not ${node}`);
    for (const e of r.findings.filter((x) => x.severity === 'error'))
      assert.deepEqual(
        e.nodes.filter((n) => n !== node),
        [],
        `another error:\n${ids(r)}`,
      );
    return f;
  };
  const admin = async <T>(node: ClusterNode, fn: (c: Redis) => Promise<T>): Promise<T> => {
    const s = sessionFor(cluster());
    try {
      return await fn(await s.node(address(node)));
    } finally {
      await s.close();
    }
  };

  before(async () => {
    const s = sessionFor(cluster());
    const topo = await discoverTopology(s);
    await s.close();
    masters = topo.nodes.filter((n) => n.role === 'master');
    replicas = topo.nodes.filter((n) => n.role === 'replica');
  });

  it('a healthy cluster gives no error, and the CLI exits 0 with JSON findings', async () => {
    const r = await run();
    assert.equal(r.counts.error, 0, ids(r));
    assert.equal(r.nodes.reachable, 6);
    await exec('node', ['scripts/build.mjs']);
    const { stdout } = await exec('node', ['dist/cli.js', 'doctor', '--profile', cluster().profilePath, '--json'], {
      env: { ...process.env, ...cluster().env },
    });
    const out = JSON.parse(stdout) as DoctorReport;
    assert.equal(out.ok, true);
    assert.ok(out.findings.every((f) => typeof f.id === 'string' && Array.isArray(f.nodes)));
  });

  it('tls-replication no on one node: an error naming it, and the CLI exits 1', async () => {
    const node = replicas[0];
    await admin(node, (c) => c.config('SET', 'tls-replication', 'no'));
    try {
      const f = expectOnly(await run(), 'security.tls-replication', address(node));
      assert.equal(f.severity, 'error');
      const code = await exec('node', ['dist/cli.js', 'doctor', '--profile', cluster().profilePath], {
        env: { ...process.env, ...cluster().env },
      }).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
      assert.equal(code, 1);
    } finally {
      await admin(node, (c) => c.config('SET', 'tls-replication', 'yes'));
    }
  });

  it('a 2 MB value: a big-key warning on its master, no error', async () => {
    const s = sessionFor(cluster());
    const c = await s.cluster();
    await c.set('doctor:big', Buffer.alloc(2 * 1024 * 1024, 7));
    const owner = (await discoverTopology(s)).nodes.find(
      (n) => n.role === 'master' && n.slots.some(([a, b]) => 9373 >= a && 9373 <= b),
    ) as ClusterNode;
    try {
      const r = await run();
      const f = expectOnly(r, 'memory.big-key', address(owner));
      assert.match(f.title, /doctor:big \(2\.\d MiB\)/);
      assert.equal(r.counts.error, 0, ids(r));
    } finally {
      await c.del('doctor:big');
      await s.close();
    }
  });

  it('maxmemory-policy drift: a warning naming the odd node only', async () => {
    const node = masters[1];
    await admin(node, (c) => c.config('SET', 'maxmemory-policy', 'allkeys-lru'));
    try {
      const r = await run();
      const f = expectOnly(r, 'config.drift.maxmemory-policy', address(node));
      assert.deepEqual(f.nodes, [address(node)]);
      assert.equal(r.counts.error, 0, ids(r));
    } finally {
      await admin(node, (c) => c.config('SET', 'maxmemory-policy', 'noeviction'));
    }
  });

  it('five failed AUTH attempts: a warning naming the node, the user and the client', async () => {
    const node = masters[2];
    const info = cluster();
    const { profile } = sessionFor(info);
    const bad = new Redis({ ...baseRedisOptions(profile, {}), host: node.host, port: node.port, lazyConnect: true, password: undefined });
    await bad.connect();
    for (let i = 0; i < 5; i++) await assert.rejects(bad.call('AUTH', 'default', `wrong-${i}`), /WRONGPASS/);
    bad.disconnect();
    try {
      const r = await run();
      const f = expectOnly(r, 'security.failed-auth', address(node));
      assert.match(f.title, /: 5 failed authentications$/);
      assert.match(f.detail, /"default" ×5 from 127\.0\.0\.1:\d+/);
      assert.equal(r.counts.error, 0, ids(r));
    } finally {
      await admin(node, async (c) => {
        await c.call('ACL', 'LOG', 'RESET');
        await c.config('RESETSTAT');
      });
    }
  });

  it('a latency spike with the monitor on: a warning naming the node, with its LATENCY HISTORY', async () => {
    const node = masters[2];
    await admin(node, async (c) => {
      await c.config('SET', 'latency-monitor-threshold', '10');
      await c.call('DEBUG', 'SLEEP', '0.1');
    });
    try {
      const r = await run();
      const f = expectOnly(r, 'latency.spikes', address(node));
      assert.match(f.detail, /command: latest \d+ ms .*1 spike in LATENCY HISTORY/);
      assert.equal(r.counts.error, 0, ids(r));
    } finally {
      await admin(node, async (c) => {
        await c.config('SET', 'latency-monitor-threshold', '0');
        await c.call('LATENCY', 'RESET');
      });
    }
  });

  it('a node in DEBUG SLEEP: an error naming it, and the run still ends within its bound', async () => {
    const node = masters[0];
    const s = sessionFor(cluster());
    const c = await s.node(address(node));
    const sleeping = c.call('DEBUG', 'SLEEP', '3').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const r = await run(1500);
    try {
      // The run itself (the session's close afterwards may still wait for the frozen node's socket to give up).
      assert.ok(r.elapsedMs < 2500, `took ${r.elapsedMs} ms`);
      expectOnly(r, 'partition.unreachable', address(node));
      assert.equal(r.nodes.reachable, 5);
    } finally {
      await sleeping;
      await s.close();
    }
  });

  it('a replica cut off by CLUSTER RESET: isolated, named, and its fix (merge + replicate) brings it back', async () => {
    const node = replicas[1];
    await admin(node, (c) => c.call('CLUSTER', 'RESET', 'SOFT'));
    await new Promise((r) => setTimeout(r, 500));
    const r = await run();
    const f = expectOnly(r, 'partition.isolated', address(node));
    assert.equal(f.fix?.command, 'redisCluster.doctorMerge');
    assert.equal(f.fix?.args.replicaOf, node.masterId);
    const s = sessionFor(cluster());
    try {
      const plan = mergePlanFor(r.gathered, { replicaOf: String(f.fix?.args.replicaOf) });
      assert.deepEqual(plan.replicate, [{ node: address(node), masterId: node.masterId }]);
      const done = await executeMerge(s, plan);
      assert.equal(done.after.ok, true, JSON.stringify(done.after.problems));
    } finally {
      await s.close();
    }
    const after = await run();
    assert.equal(after.counts.error, 0, ids(after));
  });

  it('a killed master: unreachable and marked failed, both naming it, nothing else at error level', async () => {
    const node = masters[1];
    await killNode(cluster(), node.port);
    const s = sessionFor(cluster());
    try {
      // Wait for the failover: every other node ok again and the dead one flagged fail.
      await waitUntil(
        async () => {
          const t = await discoverTopology(s);
          return t.info.state === 'ok' && t.nodes.find((n) => n.id === node.id)?.flags.includes('fail') ? undefined : 'failover not done';
        },
        { timeoutMs: 30000, intervalMs: 300 },
      );
    } finally {
      await s.close();
    }
    const r = await run();
    expectOnly(r, 'partition.unreachable', address(node));
    expectOnly(r, 'partition.node-failed', address(node));
  });
});
