// Replayable log lines and the topology export renderers (pure; the extension-host test replays a real line).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { profileFileJson, profileFileName, replayLine, shellQuote } from '../../src/core/admin/commandLine';
import { buildShards, type Topology } from '../../src/core/topology/topology';
import { renderTopology, topologyJson, topologyMarkdown, topologyMermaid } from '../../src/core/topology/export';
import { ID, master, replica, threeMasters } from './plan-fixtures';

function topo(): Topology {
  const nodes = [...threeMasters(), replica(ID('d'), 7004, ID('a')), { ...replica(ID('e'), 7005, ID('b')), flags: ['slave', 'fail'] }];
  return {
    source: '127.0.0.1:7001',
    nodes,
    shards: buildShards(nodes),
    fetchedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    usedShardsCommand: true,
    info: {
      state: 'ok',
      slotsAssigned: 16384,
      slotsOk: 16384,
      slotsPfail: 0,
      slotsFail: 0,
      knownNodes: 5,
      size: 3,
      currentEpoch: 5,
      myEpoch: 1,
      raw: {},
    },
  };
}

describe('replayable log lines', () => {
  it('names the shipped CLI and the exported profile file, dropping the redis-cluster program name', () => {
    assert.equal(
      replayLine('redis-cluster check --profile local.json', '/ext/dist/cli.js', '/st/profiles/local.json'),
      'node /ext/dist/cli.js check --profile /st/profiles/local.json',
    );
    const reshard = "redis-cluster reshard --profile 'my prod.json' --from a,b --to c --slots 5 --yes";
    assert.equal(
      replayLine(reshard, '/e/cli.js', '/s/my_prod.json'),
      'node /e/cli.js reshard --profile /s/my_prod.json --from a,b --to c --slots 5 --yes',
    );
  });

  it('quotes paths with spaces so the line runs in a POSIX shell as printed', () => {
    const line = replayLine('redis-cluster check --profile x.json', '/Application Support/ext/cli.js', "/it's here/x.json");
    assert.equal(line, "node '/Application Support/ext/cli.js' check --profile '/it'\\''s here/x.json'");
    const argv = execFileSync('sh', ['-c', `printf '%s\\n' ${line.slice('node '.length)}`], { encoding: 'utf8' })
      .trim()
      .split('\n');
    assert.deepEqual(argv, ['/Application Support/ext/cli.js', 'check', '--profile', "/it's here/x.json"]);
    assert.equal(shellQuote('plain-name_1.json'), 'plain-name_1.json');
  });

  it('exports a profile with a password variable and a safe file name', () => {
    assert.equal(profileFileJson({ name: 'a', nodes: ['h:1'] }).passwordEnv, 'REDIS_CLUSTER_PASSWORD');
    assert.equal(profileFileJson({ name: 'a', nodes: ['h:1'], passwordEnv: 'MINE' }).passwordEnv, 'MINE');
    assert.equal(profileFileName('prod/eu west'), 'prod_eu_west.redis-cluster.json');
  });
});

describe('topology export', () => {
  it('JSON: shards with master, replicas, slot ranges and failing flags', () => {
    const j = topologyJson(topo());
    assert.equal(j.shards.length, 3);
    assert.equal(j.shards[0].master?.address, '127.0.0.1:7001');
    assert.equal(j.shards[0].slots, '0-5460');
    assert.equal(j.shards[0].slotCount, 5461);
    assert.deepEqual(
      j.shards[0].replicas.map((r) => r.address),
      ['127.0.0.1:7004'],
    );
    assert.equal(j.shards[1].replicas[0].failing, true);
    assert.equal(j.fetchedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(JSON.parse(renderTopology(topo(), 'json')), JSON.parse(JSON.stringify(j)));
  });

  it('Markdown: one table row per node, failing nodes marked', () => {
    const md = topologyMarkdown(topo(), 'prod');
    assert.match(md, /^# prod\n/);
    assert.match(md, /State \*\*ok\*\*, 16384 of 16384 slots assigned, 3 shards, 5 nodes/);
    assert.equal(md.split('\n').filter((l) => /^\| \d/.test(l)).length, 5);
    assert.match(md, /\| 1 \| master \| 127\.0\.0\.1:7001 \| `aaaaaaaa` \| 5461 \(0-5460\) \|/);
    assert.match(md, /\| 2 \| replica \| 127\.0\.0\.1:7005 .*FAILING/);
  });

  it('Mermaid: a flowchart with a subgraph per shard and a replication edge per replica', () => {
    const mm = topologyMermaid(topo());
    assert.match(mm, /^flowchart LR\n/);
    assert.equal((mm.match(/subgraph /g) ?? []).length, 3);
    assert.equal((mm.match(/ -- replicates --> /g) ?? []).length, 2);
    assert.match(mm, new RegExp(`n${ID('d')} -- replicates --> n${ID('a')}`));
    assert.match(mm, /\["master 127\.0\.0\.1:7001<br\/>0-5460"\]/);
    assert.match(mm, /class ne+ failing/);
    assert.doesNotMatch(mm, /"[^"\n]*"[^\]\n]*"\]/, 'no stray quotes inside a label');
  });

  it('Mermaid: a master without slots says so', () => {
    const nodes = [master(ID('f'), 7009, [])];
    const t = { ...topo(), nodes, shards: buildShards(nodes) };
    assert.match(topologyMermaid(t), /master 127\.0\.0\.1:7009<br\/>no slots/);
  });
});
