import { strict as assert } from 'node:assert';
import { type Finding, type Gathered, evaluate, judgePassword } from '../../src/core/diagnose';
import { clientAddress, parseAclLog, parseConfigReply, parseDefaultUser, parseLatencyLatest } from '../../src/core/diagnose/parse';
import { parseClusterNodes } from '../../src/core/topology/topology';
import { CONFIG, HEALTHY, type Line, addr, gathered, healthy, nodesText, probeOf } from './doctor-fixtures';

const errors = (g: Gathered) => evaluate(g).findings.filter((f) => f.severity === 'error');
const byId = (g: Gathered, id: string): Finding[] => evaluate(g).findings.filter((f) => f.id === id);
const one = (g: Gathered, id: string): Finding => {
  const found = byId(g, id);
  assert.equal(found.length, 1, `expected one ${id}, got ${JSON.stringify(evaluate(g).findings.map((f) => f.id))}`);
  return found[0];
};
const A = (id: string) => addr(HEALTHY.find((l) => l.id === id) as Line);

describe('doctor rules', () => {
  it('a healthy cluster gives no finding at all', () => {
    const r = evaluate(healthy());
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
  });

  describe('partitions', () => {
    it('a node that does not answer is an error naming it', () => {
      const g = healthy();
      g.nodes[1] = { address: A('m2'), reachable: false, error: 'no reply within 2000 ms', denied: [], errors: [] };
      const f = one(g, 'partition.unreachable');
      assert.deepEqual(f.nodes, [A('m2')]);
      assert.equal(errors(g).length, 1);
    });
    it('a replica reset out of the cluster is isolated, with an add-back fix to its old master', () => {
      const g = healthy();
      const r1 = HEALTHY[3];
      g.nodes[3] = probeOf(HEALTHY, { ...r1, master: undefined }, {}, [{ ...r1, master: undefined }]);
      const f = one(g, 'partition.isolated');
      assert.deepEqual(f.nodes, [A('r1')]);
      assert.equal(f.fix?.command, 'redisCluster.doctorMerge');
      assert.equal(f.fix?.args.replicaOf, 'm1');
      assert.equal(byId(g, 'partition.split-brain').length, 0);
    });
    const half = (ids: string[], base: number, ranges: string[]): Line[] =>
      ids.map((id, i) => ({ id, host: `10.0.${base}.${i}`, port: 6379, epoch: i + 1, slots: ranges[i] }));
    it('two groups that never met and own disjoint halves: split brain, mergeable, coverage not judged', () => {
      const a = half(['a1', 'a2', 'a3'], 1, ['0-2730', '2731-5460', '5461-8191']);
      const b = half(['b1', 'b2', 'b3'], 2, ['8192-10922', '10923-13652', '13653-16383']);
      const g = gathered([...a.map((l) => probeOf(a, l)), ...b.map((l) => probeOf(b, l))]);
      const f = one(g, 'partition.split-brain');
      assert.deepEqual(f.nodes.sort(), b.map(addr).sort());
      assert.equal(f.fix?.command, 'redisCluster.doctorMerge');
      assert.equal(byId(g, 'coverage.uncovered').length, 0);
    });
    it('overlapping groups are split brain without a merge fix, and the reason says keys would be lost', () => {
      const a = half(['a1', 'a2', 'a3'], 1, ['0-5460', '5461-10922', '10923-16383']);
      const b = half(['b1', 'b2', 'b3'], 2, ['0-5460', '5461-10922', '10923-16383']);
      const f = one(gathered([...a.map((l) => probeOf(a, l)), ...b.map((l) => probeOf(b, l))]), 'partition.split-brain');
      assert.equal(f.fix, undefined);
      assert.match(f.detail, /refused/);
    });
    it('a node still in handshake is not a membership difference', () => {
      const g = healthy();
      const extra: Line = { id: 'x9', host: '10.0.0.9', port: 6379, epoch: 0 };
      g.nodes[0] = probeOf([...HEALTHY, { ...extra, flags: ['handshake'] }], HEALTHY[0]);
      assert.equal(byId(g, 'partition.membership').length, 0);
    });
    it('different slot owners between views name the dissenting view', () => {
      const g = healthy();
      const moved = HEALTHY.map((l) => (l.id === 'm1' ? { ...l, slots: '0-5459' } : l.id === 'm2' ? { ...l, slots: '5460-10922' } : l));
      g.nodes[5] = probeOf(moved, HEALTHY[5]);
      const f = one(g, 'partition.slot-owners');
      assert.deepEqual(f.nodes, [A('r3')]);
      assert.match(f.title, /1 slot\b/);
    });
    it('masters sharing a config epoch are a warning', () => {
      const lines = HEALTHY.map((l) => (l.id === 'm2' ? { ...l, epoch: 1 } : l));
      const f = one(healthy({}, lines), 'partition.epoch-collision');
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.nodes.sort(), [A('m1'), A('m2')]);
    });
    it('fail is an error and pfail a warning, with failure reports counted', () => {
      const g = healthy();
      g.nodes[0].view = parseClusterNodes(nodesText(HEALTHY, 'm1', { m3: ['fail'] }));
      g.nodes[0].failureReports = { m3: 2 };
      g.nodes[1].view = parseClusterNodes(nodesText(HEALTHY, 'm2', { r2: ['fail?'] }));
      const failed = one(g, 'partition.node-failed');
      assert.deepEqual(failed.nodes, [A('m3')]);
      assert.match(failed.detail, /2 failure reports/);
      assert.equal(one(g, 'partition.node-pfail').severity, 'warning');
    });
    it('cluster_state other than ok is an error naming those nodes', () => {
      const g = healthy();
      g.nodes[2].clusterInfo = { ...(g.nodes[2].clusterInfo as NonNullable<Gathered['nodes'][0]['clusterInfo']>), state: 'fail' };
      assert.deepEqual(one(g, 'partition.cluster-state').nodes, [A('m3')]);
    });
  });

  describe('coverage', () => {
    it('uncovered slots are an error with the fix command', () => {
      const lines = HEALTHY.map((l) => (l.id === 'm3' ? { ...l, slots: '10923-16000' } : l));
      const f = one(healthy({}, lines), 'coverage.uncovered');
      assert.match(f.title, /^383 slot/);
      assert.equal(f.fix?.command, 'redisCluster.fix');
    });
    it('an open slot names both sides', () => {
      const g = healthy();
      g.nodes[0].view = parseClusterNodes(`${nodesText(HEALTHY, 'm1')}`.replace('0-5460', '0-5460 [100->-0b2]'));
      g.nodes[1].view = parseClusterNodes(`${nodesText(HEALTHY, 'm2')}`.replace('5461-10922', '5461-10922 [100-<-0b1]'));
      const f = one(g, 'coverage.open-slots');
      assert.deepEqual(f.nodes.sort(), [A('m1'), A('m2')]);
    });
  });

  describe('replicas', () => {
    it('a master without replica, replicas on the master host and uneven counts', () => {
      const lines: Line[] = [
        ...HEALTHY.slice(0, 5),
        { id: 'r4', host: '10.0.0.1', port: 6380, epoch: 1, master: 'm1' },
        { id: 'r5', host: '10.0.0.7', port: 6379, epoch: 1, master: 'm1' },
      ];
      const g = healthy({}, lines);
      assert.deepEqual(one(g, 'replicas.none').nodes, [A('m3')]);
      assert.deepEqual(one(g, 'replicas.same-host').nodes, ['10.0.0.1:6380']);
      assert.deepEqual(one(g, 'replicas.uneven').nodes, [A('m3')]);
    });
    it('a replica whose link is down is an error; a lagging one a warning', () => {
      const g = healthy({ r1: { info: { role: 'slave', master_link_status: 'down' } } });
      g.nodes[4].info = { ...g.nodes[4].info, slave_repl_offset: '10' };
      g.nodes[1].info = { ...g.nodes[1].info, master_repl_offset: String(10 + 2 * 1024 * 1024) };
      assert.deepEqual(one(g, 'replicas.link-down').nodes, [A('r1')]);
      assert.deepEqual(one(g, 'replicas.lag').nodes, [A('r2')]);
    });
  });

  describe('latency', () => {
    it('slow PING, spikes, monitor off and the slow log by command', () => {
      const g = healthy({
        m1: { pingMs: 120, latency: [{ event: 'command', time: 1700000000, latestMs: 250, maxMs: 300, samples: 4 }] },
        m2: {
          config: { ...CONFIG, 'latency-monitor-threshold': '0' },
          slowlog: [{ node: A('m2'), nodeId: 'm2', id: 1, time: 1, durationUs: 20000, args: ['keys', '*'] }],
        },
      });
      assert.deepEqual(one(g, 'latency.ping').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'latency.spikes').nodes, [A('m1')]);
      assert.match(one(g, 'latency.spikes').detail, /max 300 ms, 4 spikes in LATENCY HISTORY/);
      assert.deepEqual(one(g, 'latency.monitor-off').nodes, [A('m2')]);
      assert.match(one(g, 'latency.slowlog').detail, /KEYS ×1, max 20\.0 ms/);
    });
  });

  describe('memory', () => {
    it('near maxmemory, evictions, a volatile policy with no TTL, fragmentation only when large', () => {
      const g = healthy({
        m1: {
          config: { ...CONFIG, maxmemory: '1000000', 'maxmemory-policy': 'volatile-lru' },
          info: { used_memory: '950000', evicted_keys: '3', db0: 'keys=10,expires=0' },
        },
        m2: { info: { used_memory: String(200 * 1024 * 1024), mem_fragmentation_ratio: '2.1' } },
      });
      assert.deepEqual(one(g, 'memory.near-limit').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'memory.evictions').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'memory.policy-cannot-evict').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'memory.fragmentation').nodes, [A('m2')]);
    });
    it('big keys over the limit are warnings; the largest are a note', () => {
      const g = healthy();
      g.bigKeys = [
        {
          node: A('m2'),
          sampled: 10,
          complete: true,
          largest: [
            { key: 'blob', bytes: 2 * 1024 * 1024, type: 'string' },
            { key: 'small', bytes: 100 },
          ],
        },
      ];
      const f = one(g, 'memory.big-key');
      assert.deepEqual(f.nodes, [A('m2')]);
      assert.match(f.title, /blob/);
      assert.match(one(g, 'memory.largest-keys').detail, /blob 2\.0 MiB/);
    });
  });

  describe('configuration', () => {
    it('drift names the node with the odd value, and only it', () => {
      const f = one(healthy({ r2: { config: { ...CONFIG, 'maxmemory-policy': 'allkeys-lru' } } }), 'config.drift.maxmemory-policy');
      assert.deepEqual(f.nodes, [A('r2')]);
      assert.equal(f.severity, 'warning');
    });
    it('CONFIG GET denied is said once and skips the config rules there', () => {
      const denied = Object.fromEntries(HEALTHY.map((l) => [l.id, { config: undefined, denied: ['CONFIG GET'] }]));
      const g = healthy(denied);
      const f = one(g, 'access.denied');
      assert.equal(f.nodes.length, 6);
      assert.equal(evaluate(g).findings.length, 1);
    });
  });

  describe('security', () => {
    it('plain port, tls-replication, tls-cluster off name their node; a plain cluster is one warning', () => {
      const g = healthy({
        m1: { config: { ...CONFIG, port: '6380' } },
        m2: { config: { ...CONFIG, 'tls-replication': 'no' } },
        m3: { config: { ...CONFIG, 'tls-cluster': 'no' } },
      });
      assert.deepEqual(one(g, 'security.plain-port').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'security.tls-replication').nodes, [A('m2')]);
      assert.deepEqual(one(g, 'security.tls-cluster').nodes, [A('m3')]);
      const plain = healthy(Object.fromEntries(HEALTHY.map((l) => [l.id, { config: { ...CONFIG, port: '6379', 'tls-port': '0' } }])));
      assert.equal(one(plain, 'security.no-tls').severity, 'warning');
      assert.equal(byId(plain, 'security.plain-port').length, 0);
    });
    it('no password: default user and protected mode', () => {
      const g = healthy({
        m1: { defaultUser: { on: true, nopass: true }, config: { ...CONFIG, 'protected-mode': 'no' } },
        m2: { defaultUser: { on: false, nopass: true } },
      });
      assert.deepEqual(one(g, 'security.default-nopass').nodes, [A('m1')]);
      assert.deepEqual(one(g, 'security.protected-mode').nodes, [A('m1')]);
    });
    it('the seed sample password is an error, a short one a warning, a long random one nothing', () => {
      assert.equal(
        one(gathered(healthy().nodes, { password: judgePassword('redis_cluster_password_123') }), 'security.weak-password').severity,
        'error',
      );
      assert.equal(one(gathered(healthy().nodes, { password: judgePassword('abc123') }), 'security.weak-password').severity, 'warning');
      assert.equal(judgePassword('9f2c4e1a7b3d8f6e0a5c2b9d4e7f1a3c').weakness, undefined);
    });
    it('dangerous commands open to the user, and failed authentications with user and client', () => {
      const g = gathered(healthy().nodes, { user: { username: 'app', allowed: ['FLUSHALL', 'DEBUG'] } });
      assert.match(one(g, 'security.dangerous-commands').title, /FLUSHALL, DEBUG/);
      g.nodes[2].aclLog = [
        {
          count: 5,
          reason: 'auth',
          context: 'toplevel',
          object: 'AUTH',
          username: 'default',
          ageSeconds: 1,
          clientInfo: 'id=7 addr=127.0.0.1:50000 laddr=x',
        },
      ];
      const f = one(g, 'security.failed-auth');
      assert.deepEqual(f.nodes, [A('m3')]);
      assert.match(f.title, /5 failed authentications/);
      assert.match(f.detail, /"default" ×5 from 127\.0\.0\.1:50000 \(ACL LOG\)/);
      g.nodes[2].aclLog = [];
      g.nodes[2].info = { ...g.nodes[2].info, acl_access_denied_auth: '7' };
      assert.match(one(g, 'security.failed-auth').title, /7 failed authentications/);
    });
  });

  it('one rule throwing becomes a note, and the others still report', () => {
    const r = evaluate(healthy(), [
      () => {
        throw new Error('boom');
      },
      () => [{ id: 'x', severity: 'error', title: 't', detail: 'd', nodes: [] }],
    ]);
    assert.deepEqual(
      r.findings.map((f) => f.id),
      ['x', 'doctor.rule-failed'],
    );
    assert.equal(r.ok, false);
  });
});

describe('doctor reply parsers', () => {
  it('CONFIG GET, LATENCY LATEST, ACL LOG, ACL GETUSER', () => {
    assert.deepEqual(parseConfigReply(['port', '0', 'tls-port', '7000']), { port: '0', 'tls-port': '7000' });
    assert.deepEqual(parseLatencyLatest([['command', 1700000000, 250, 300]]), [
      { event: 'command', time: 1700000000, latestMs: 250, maxMs: 300 },
    ]);
    const log = parseAclLog([
      [
        'count',
        5,
        'reason',
        'auth',
        'context',
        'toplevel',
        'object',
        'AUTH',
        'username',
        'bob',
        'age-seconds',
        '1.5',
        'client-info',
        'id=3 addr=10.1.1.1:4000 fd=8',
      ],
    ]);
    assert.equal(log[0].count, 5);
    assert.equal(clientAddress(log[0].clientInfo), '10.1.1.1:4000');
    assert.deepEqual(parseDefaultUser(['flags', ['on', 'nopass', 'allkeys'], 'passwords', []]), { on: true, nopass: true });
    assert.equal(parseDefaultUser('nope'), undefined);
  });
});
