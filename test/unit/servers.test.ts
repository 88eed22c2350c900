// The servers users run now, on replies captured from real Redis 7.0.15, Redis 7.4.1 and Valkey 8.0.1 clusters
// (test/unit/fixtures/servers, copied from the shared capture; see its README): open slots as Valkey 8 shows
// them (replicas carry copies of their masters' MIGRATING/IMPORTING), server identity from INFO, CLUSTER
// SLOT-STATS, and the server-side migration guard's reply parsing.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openSlotProblem, openSlotsOf } from '../../src/core/admin/ops/check';
import { parseMigrationJobs } from '../../src/core/admin/ops/serverMigrations';
import { planRebalance } from '../../src/core/admin/plan/rebalance';
import { evaluate } from '../../src/core/diagnose';
import { endOfLifeRule, mixedVersionsRule } from '../../src/core/diagnose/rules/servers';
import { parseInfo } from '../../src/core/monitoring/info';
import { capabilitiesFromCommandInfo } from '../../src/core/monitoring/serverInfo';
import { SlotLoadTracker, hottestSlots, loadBetween, parseSlotStats } from '../../src/core/monitoring/slotStats';
import type { Distribution } from '../../src/core/monitoring/distribution';
import { distributionView } from '../../src/views/dashboard/toView';
import { compareVersions, endOfLife, serverIdentity, serverLabel } from '../../src/core/topology/server';
import { SLOT_COUNT } from '../../src/core/topology/slots';
import { type Topology, parseClusterInfo, parseClusterNodes } from '../../src/core/topology/topology';
import { healthy } from './doctor-fixtures';

const ROOT = path.join(__dirname, 'fixtures', 'servers');
const SERVERS = ['redis-7.0.15', 'redis-7.4.1', 'valkey-8.0.1'] as const;

function ports(server: string): number[] {
  return [
    ...new Set(
      readdirSync(path.join(ROOT, server))
        .map((f) => /-(\d+)\.txt$/.exec(f)?.[1])
        .filter((p): p is string => !!p)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
}

const read = (server: string, file: string) => readFileSync(path.join(ROOT, server, file), 'utf8');
const nodesOf = (server: string, state: 'healthy' | 'open-slot-0', port: number) =>
  parseClusterNodes(read(server, `${state}-cluster-nodes-${port}.txt`).replace(/^# port \d+\n/, ''));
const views = (server: string, state: 'healthy' | 'open-slot-0') =>
  ports(server).map((p) => ({ address: `127.0.0.1:${p}`, nodes: nodesOf(server, state, p) }));
const slotStats = (server: string, port: number): unknown =>
  JSON.parse(gunzipSync(readFileSync(path.join(ROOT, server, `healthy-cluster-slot-stats-${port}.json.gz`))).toString());

describe('servers: open slots as each server shows them', () => {
  for (const server of SERVERS) {
    it(`${server}: one open slot, one source and one target; replicas' states are copies`, () => {
      const v = views(server, 'open-slot-0');
      const topo = { nodes: v[0].nodes };
      const open = openSlotsOf(v, topo);
      assert.equal(open.length, 1);
      const [o] = open;
      assert.equal(o.slot, 0);
      const [m0, m1] = ports(server);
      const idOf = (port: number) => topo.nodes.find((n) => n.port === port)?.id;
      assert.deepEqual(o.migrating, [{ node: idOf(m0), to: idOf(m1) }]);
      assert.deepEqual(o.importing, [{ node: idOf(m1), from: idOf(m0) }]);
      if (server.startsWith('valkey')) {
        // Valkey 8 replicates the state to the replicas of both masters: the source's replica migrates, the target's imports.
        assert.equal(o.copies.length, 2);
        const source = o.copies.find((c) => c.state === 'migrating');
        const target = o.copies.find((c) => c.state === 'importing');
        assert.equal(source?.master, idOf(m0));
        assert.equal(target?.master, idOf(m1));
      } else assert.deepEqual(o.copies, []);
      const label = (id: string) => topo.nodes.find((n) => n.id === id)?.port.toString() ?? id;
      const p = openSlotProblem(o, label);
      assert.equal(p.severity, 'error');
      assert.equal(p.fixable, true);
      assert.match(p.message, new RegExp(`^slot 0 is open: migrating on ${m0} to ${m1}; importing on ${m1} from ${m0}`));
      assert.equal(/replica copies/.test(p.message), server.startsWith('valkey'));
      // Never a second source: the message names each side once.
      assert.equal(p.message.match(/migrating on/g)?.length, 1);
    });

    it(`${server}: a healthy cluster has no open slot`, () => {
      const v = views(server, 'healthy');
      assert.deepEqual(openSlotsOf(v, { nodes: v[0].nodes }), []);
    });
  }

  it('replica copies left alone once the masters closed the slot are a warning fix does not touch', () => {
    const v = views('valkey-8.0.1', 'open-slot-0');
    for (const view of v) {
      const me = view.nodes.find((n) => n.myself);
      if (me?.role === 'master') me.migrating = me.importing = [];
    }
    const [o] = openSlotsOf(v, { nodes: v[0].nodes });
    assert.deepEqual([o.migrating, o.importing], [[], []]);
    const p = openSlotProblem(o, (id) => id.slice(0, 4));
    assert.equal(p.severity, 'warning');
    assert.equal(p.fixable, false);
    assert.match(p.message, /only replica copies .* remain open/);
  });
});

describe('servers: identity per node', () => {
  const identity = (server: string, port: number) => serverIdentity(parseInfo(read(server, `healthy-info-${port}.txt`)));

  it('reads valkey_version before redis_version, and the name', () => {
    const [v] = ports('valkey-8.0.1');
    assert.deepEqual(identity('valkey-8.0.1', v), { name: 'valkey', version: '8.0.1', redisVersion: '7.2.4' });
    assert.equal(serverLabel(identity('valkey-8.0.1', v)), 'Valkey 8.0.1');
    assert.equal(serverLabel(identity('redis-7.4.1', ports('redis-7.4.1')[0])), 'Redis 7.4.1');
    assert.equal(serverLabel(identity('redis-7.0.15', ports('redis-7.0.15')[0])), 'Redis 7.0.15');
  });

  it('compares versions numerically and knows which lines are past end of life', () => {
    assert.ok(compareVersions('7.10.0', '7.9.3') > 0);
    assert.equal(compareVersions('7.2', '7.2.0'), 0);
    assert.match(endOfLife({ name: 'redis', version: '6.0.20', redisVersion: '6.0.20' }) ?? '', /no fixes/);
    assert.equal(endOfLife({ name: 'redis', version: '7.4.1', redisVersion: '7.4.1' }), undefined);
    assert.equal(endOfLife({ name: 'valkey', version: '8.0.1', redisVersion: '7.2.4' }), undefined);
  });

  it('Diagnose warns on mixed versions, naming nodes and versions, and on a server past end of life', () => {
    const info = (server: string, port: number) => parseInfo(read(server, `healthy-info-${port}.txt`));
    const [a, b] = ports('valkey-8.0.1');
    const [c] = ports('redis-7.4.1');
    const g = healthy({
      m1: { info: info('valkey-8.0.1', a) },
      m2: { info: info('valkey-8.0.1', b) },
      m3: { info: info('redis-7.4.1', c) },
      r1: { info: info('valkey-8.0.1', a) },
      r2: { info: info('valkey-8.0.1', b) },
      r3: { info: info('valkey-8.0.1', a) },
    });
    const [mixed] = mixedVersionsRule(g);
    assert.equal(mixed.severity, 'warning');
    assert.match(mixed.detail, /Valkey 8\.0\.1 on 10\.0\.0\.1:6379, 10\.0\.0\.2:6379, .*; Redis 7\.4\.1 on 10\.0\.0\.3:6379\./);
    assert.match(mixed.detail, /Upgrade 10\.0\.0\.3:6379 to Valkey 8\.0\.1/);
    assert.deepEqual(mixed.nodes, ['10.0.0.3:6379']);
    assert.deepEqual(endOfLifeRule(g), []);
    const old = healthy({ m2: { info: { ...info('redis-7.4.1', c), redis_version: '6.0.20' } } });
    const [eol] = endOfLifeRule(old);
    assert.match(eol.title, /Redis 6\.0\.20 is past its end of life/);
    const report = evaluate(g);
    assert.deepEqual(
      report.servers?.map((x) => [x.label, x.nodes.length]),
      [
        ['Valkey 8.0.1', 5],
        ['Redis 7.4.1', 1],
      ],
    );
    assert.ok(report.findings.some((f) => f.id === 'servers.mixed-versions'));
    // One server everywhere (or INFO not read): nothing to say.
    assert.deepEqual(mixedVersionsRule(healthy()), []);
  });
});

describe('servers: CLUSTER SLOT-STATS and what it saves', () => {
  it('Valkey 8: one reply holds every owned slot, key counts matching the cluster total', () => {
    const [m0, m1, m2] = ports('valkey-8.0.1');
    let keys = 0;
    let slots = 0;
    for (const p of [m0, m1, m2]) {
      const stats = parseSlotStats(slotStats('valkey-8.0.1', p));
      slots += stats.length;
      keys += stats.reduce((t, s) => t + s.keys, 0);
      assert.ok(stats.every((s) => s.cpuUsec !== undefined && s.netIn !== undefined && s.netOut !== undefined));
    }
    assert.equal(slots, SLOT_COUNT);
    assert.equal(keys, 2000);
  });

  it('parses the RESP2 flat field list as well as the map', () => {
    const stats = parseSlotStats([
      [7, ['key-count', 3, 'cpu-usec', 12]],
      [9, { 'key-count': 0 }],
    ]);
    assert.deepEqual(stats, [
      { slot: 7, keys: 3, cpuUsec: 12 },
      { slot: 9, keys: 0 },
    ]);
    assert.throws(() => parseSlotStats('ERR unknown subcommand'), /unexpected CLUSTER SLOT-STATS reply/);
    assert.throws(() => parseSlotStats([[99999, { 'key-count': 1 }]]), /slot 99999/);
  });

  it('the hot hash tag is the hottest slot by CPU, from differences between polls (a reset counter counts anew)', () => {
    const all = ports('valkey-8.0.1')
      .slice(0, 3)
      .flatMap((p) => parseSlotStats(slotStats('valkey-8.0.1', p)));
    const cur = new Float64Array(SLOT_COUNT).fill(NaN);
    for (const s of all) cur[s.slot] = s.cpuUsec ?? NaN;
    const prev = Float64Array.from(cur, (v) => v / 2);
    const hot = hottestSlots(loadBetween(prev, cur), 1);
    // {hot} hashes to slot 6093; it was read 300 times when the replies were captured.
    assert.equal(hot[0].slot, 6093);
    const reset = Float64Array.from(cur);
    reset[6093] = 5;
    assert.equal(loadBetween(cur, reset)[6093], 5);
    assert.equal(loadBetween(undefined, cur)[6093], cur[6093]);
  });

  it('Redis 7.0 and 7.4 answer no SLOT-STATS: capabilities come from COMMAND INFO, not the version', () => {
    for (const server of ['redis-7.0.15', 'redis-7.4.1']) {
      const file = path.join(ROOT, server, `healthy-cluster-slot-stats-${ports(server)[0]}.json.gz`);
      assert.match(gunzipSync(readFileSync(file)).toString(), /unknown subcommand 'slot-stats'/);
    }
    assert.deepEqual(capabilitiesFromCommandInfo([null, null, null]), { slotStats: false, serverMigration: undefined });
    assert.deepEqual(capabilitiesFromCommandInfo([['cluster|slot-stats'], null, null]), { slotStats: true, serverMigration: undefined });
    assert.deepEqual(capabilitiesFromCommandInfo([['x'], ['cluster|migration'], null]), { slotStats: true, serverMigration: 'redis' });
    assert.deepEqual(capabilitiesFromCommandInfo([null, null, ['x']]).serverMigration, 'valkey');
  });

  it('rebalance by load moves the hottest slots off the busiest master, and needs the load', () => {
    const nodes = nodesOf('valkey-8.0.1', 'healthy', ports('valkey-8.0.1')[0]);
    const load = new Map<number, number>();
    const [a, b] = nodes.filter((n) => n.role === 'master').sort((x, y) => x.slots[0][0] - y.slots[0][0]);
    for (let s = a.slots[0][0]; s < a.slots[0][0] + 100; s++) load.set(s, 1000);
    const plan = planRebalance({ nodes }, { by: 'load', load });
    assert.equal(plan.by, 'load');
    assert.ok(plan.moves.length > 0 && plan.moves.every((m) => m.from === a.id && (load.get(m.slot) ?? 0) > 0));
    assert.ok(plan.moves.some((m) => m.to === b.id));
    assert.ok(plan.notes.some((n) => /CPU time/.test(n)));
    assert.throws(() => planRebalance({ nodes }, { by: 'load' }), /needs the CPU time/);
  });
});

describe('servers: server-side slot migration jobs', () => {
  it('reads Redis 8.4 and Valkey 9 job lists, active unless finished, failed or cancelled', () => {
    const redis = parseMigrationJobs([
      ['id', 'abc', 'slots', '0-99', 'source', 's', 'dest', 'd', 'operation', 'import', 'state', 'running'],
      { id: 'def', slots: '100-199', operation: 'import', state: 'completed' },
    ]);
    assert.deepEqual(
      redis.map((j) => [j.id, j.slots, j.active]),
      [
        ['abc', '0-99', true],
        ['def', '100-199', false],
      ],
    );
    const valkey = parseMigrationJobs([
      new Map<string, unknown>([
        ['name', 'n1'],
        ['operation', 'EXPORT'],
        ['slot_ranges', '0-9 20-29'],
        ['state', 'failed'],
      ]),
      ['name', 'n2', 'operation', 'IMPORT', 'slot_ranges', '5-5', 'state', 'waiting-for-snapshot'],
    ]);
    assert.deepEqual(
      valkey.map((j) => [j.id, j.operation, j.slots, j.active]),
      [
        ['n1', 'EXPORT', '0-9 20-29', false],
        ['n2', 'IMPORT', '5-5', true],
      ],
    );
    assert.deepEqual(parseMigrationJobs('ERR unknown subcommand'), []);
  });
});

describe('servers: dashboard load layers', () => {
  const nodes = nodesOf('valkey-8.0.1', 'healthy', ports('valkey-8.0.1')[0]);
  const topo = { nodes, shards: [], info: parseClusterInfo(''), source: 'x' } as unknown as Topology;
  const dist = (over: Partial<Distribution>): Distribution => ({
    slots: new Uint32Array(SLOT_COUNT),
    masters: [],
    total: 0,
    imbalance: 1,
    top: [],
    complete: true,
    elapsedMs: 1,
    fetchedAt: 0,
    ...over,
  });

  it('shows CPU and network from the second count on, and the hottest slots by CPU', () => {
    const stats = ports('valkey-8.0.1')
      .slice(0, 3)
      .flatMap((p) => parseSlotStats(slotStats('valkey-8.0.1', p)));
    const counters = (scale: number) => {
      const c = { cpuUsec: new Float64Array(SLOT_COUNT), netIn: new Float64Array(SLOT_COUNT), netOut: new Float64Array(SLOT_COUNT) };
      for (const s of stats) {
        c.cpuUsec[s.slot] = (s.cpuUsec ?? 0) * scale;
        c.netIn[s.slot] = (s.netIn ?? 0) * scale;
        c.netOut[s.slot] = (s.netOut ?? 0) * scale;
      }
      return c;
    };
    const masters = [{ id: 'a', address: 'x', keys: 0, slots: 1, via: 'slot-stats' as const }];
    const tracker = new SlotLoadTracker();
    const first = distributionView(dist({ masters, counters: counters(1) }), topo, tracker.next(counters(1)));
    assert.equal(first.layers, undefined);
    assert.match(first.layersNote ?? '', /next recount/);
    const second = distributionView(dist({ masters, counters: counters(2) }), topo, tracker.next(counters(2)));
    assert.equal(second.layersNote, undefined);
    assert.equal(second.layers?.cpuUsec?.length, SLOT_COUNT);
    assert.equal(second.hottest?.[0].slot, 6093);
    assert.ok((second.layers?.netBytes?.[6093] ?? 0) > 0);
  });

  it('says why the layers are absent: no SLOT-STATS (Redis 7.0), or slot stats not enabled', () => {
    const counted = distributionView(dist({ masters: [{ id: 'a', address: 'x', keys: 0, slots: 1, via: 'count' }] }), topo);
    assert.match(counted.layersNote ?? '', /need CLUSTER SLOT-STATS \(Valkey 8\+, Redis 8\.2\+\)/);
    const off = distributionView(dist({ masters: [{ id: 'a', address: 'x', keys: 0, slots: 1, via: 'slot-stats' }] }), topo);
    assert.match(off.layersNote ?? '', /cluster-slot-stats-enabled yes/);
  });
});
