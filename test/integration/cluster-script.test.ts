// Exercises scripts/cluster.ts against real redis-server processes on its own port block (test/support/ports.ts).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  clusterStatus,
  killNode,
  loadClusterInfo,
  redisCli,
  startCluster,
  startNode,
  stopCluster,
  waitForClusterReady,
  type ClusterInfo,
} from '../../scripts/cluster';
import { validateProfile } from '../../src/core/profiles/profile';
import { basePort } from '../support/ports';

/** Gone or a zombie: daemonized nodes are re-parented to a PID 1 that may never reap them. */
function pidGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function roleOf(nodesText: string, port: number): string | undefined {
  const line = nodesText.split('\n').find((l) => l.includes(`:${port}@`));
  return line
    ?.split(' ')[2]
    .split(',')
    .find((f) => f === 'master' || f === 'slave');
}

describe('scripts/cluster.ts (loopback TLS cluster launcher)', function () {
  this.timeout(120000);
  let info: ClusterInfo | undefined;

  before(async function () {
    const t0 = Date.now();
    info = await startCluster({ basePort: basePort('clusterScript'), spares: 1 });
    console.log(`      cluster ready in ${Date.now() - t0} ms`);
  });

  after(async function () {
    if (info) await stopCluster(info);
  });

  const ready = (): ClusterInfo => {
    assert.ok(info, 'cluster did not start');
    return info;
  };

  it('reports 6 member ports and 1 spare port, and round-trips cluster.json', function () {
    const i = ready();
    const base = basePort('clusterScript');
    assert.deepEqual(
      [...i.ports].sort(),
      [0, 1, 2, 3, 4, 5].map((n) => base + n),
    );
    assert.deepEqual(i.sparePorts, [base + 6]);
    assert.equal(i.tls, 'tls');
    assert.equal(i.env.REDIS_CLUSTER_PASSWORD, i.password);
    assert.equal(i.env.REDIS_CLUSTER_PROFILE, i.profilePath);
    assert.deepEqual(loadClusterInfo(i.dir), i);
    assert.equal(readFileSync(path.join(i.dir, 'password'), 'utf8'), i.password);
  });

  it('has cluster_state:ok on every member and 3 masters with 3 replicas', async function () {
    const i = ready();
    for (const port of i.ports) {
      assert.match(await redisCli(i, port, 'CLUSTER', 'INFO'), /^cluster_state:ok/m, `node ${port}`);
    }
    const nodes = await redisCli(i, i.ports[0], 'CLUSTER', 'NODES');
    const roles = i.ports.map((p) => roleOf(nodes, p));
    assert.deepEqual(roles, ['master', 'master', 'master', 'slave', 'slave', 'slave'], 'ports are listed masters first');
  });

  it('keeps the spare node up but outside the cluster', async function () {
    const i = ready();
    const spare = i.sparePorts[0];
    assert.equal((await redisCli(i, spare, 'PING')).trim(), 'PONG');
    assert.ok(!(await redisCli(i, i.ports[0], 'CLUSTER', 'NODES')).includes(`:${spare}@`));
    assert.equal((await redisCli(i, spare, 'CLUSTER', 'NODES')).trim().split('\n').length, 1);
  });

  it('writes a valid profile.json with three seeds and relative TLS paths', function () {
    const i = ready();
    const profile = validateProfile(JSON.parse(readFileSync(i.profilePath, 'utf8')), i.profilePath);
    assert.equal(profile.nodes.length, 3);
    for (const n of profile.nodes) assert.ok(i.ports.includes(Number(n.split(':')[1])), n);
    assert.equal(profile.passwordEnv, 'REDIS_CLUSTER_PASSWORD');
    assert.ok(profile.tls && profile.tls.ca && profile.tls.servername === 'localhost');
    assert.ok(existsSync(path.resolve(path.dirname(i.profilePath), profile.tls.ca)));
  });

  it('survives killing and restarting a replica', async function () {
    const i = ready();
    const replica = i.ports[3];
    const before = (await clusterStatus(i.dir)).nodes.find((n) => n.port === replica);
    assert.ok(before?.alive);
    await killNode(i, replica);
    assert.ok(pidGone(before.pid));
    assert.equal((await clusterStatus(i.dir)).nodes.find((n) => n.port === replica)?.alive, false);
    await startNode(i, replica);
    await waitForClusterReady(i, undefined, 60000);
    const after = (await clusterStatus(i.dir)).nodes.find((n) => n.port === replica);
    assert.ok(after?.alive);
    assert.notEqual(after.pid, before.pid);
    assert.equal(after.role, 'slave');
  });

  it('stops exactly its nodes', async function () {
    const i = ready();
    const pids = (await clusterStatus(i.dir)).nodes.map((n) => n.pid);
    assert.equal(pids.length, 7);
    await stopCluster(i);
    for (const pid of pids) assert.ok(pidGone(pid), `pid ${pid} still running`);
    assert.ok((await clusterStatus(i.dir)).nodes.every((n) => !n.alive));
  });
});
