// Security, on the CLI and core side: TLS verification on by default and off only by an explicit per-profile
// setting (with a warning), the password never in any CLI output (success or failure), and read-only profiles
// refused by every admin entry point of the core. Shared TLS cluster (read-only use).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterInfo } from '../../scripts/cluster';
import { sharedCluster } from '../support/cluster';
import { ClusterSession } from '../../src/core/connection/session';
import { type ClusterProfile, loadProfileFile } from '../../src/core/profiles/profile';
import { tlsOptions } from '../../src/core/connection/connect';
import { discoverTopology } from '../../src/core/topology/topology';
import { planRebalance } from '../../src/core/admin/plan/rebalance';
import { executePlan } from '../../src/core/admin/ops/migrate';
import { fixCluster } from '../../src/core/admin/ops/fix';
import { failover } from '../../src/core/admin/ops/failover';
import { addNode } from '../../src/core/admin/ops/addNode';
import { removeNode } from '../../src/core/admin/ops/removeNode';
import { forgetNode } from '../../src/core/admin/ops/forget';
import { buildCli, runCli } from '../support/cli';
import { recordFigure, writeProfile } from './support';

const PW = 'REDIS_CLUSTER_PASSWORD';

describe('reliability: security (CLI and core)', function () {
  let shared: ClusterInfo;
  let base: ClusterProfile;
  let dir: string;
  before(async () => {
    buildCli();
    shared = await sharedCluster();
    base = loadProfileFile(shared.profilePath);
    dir = mkdtempSync(path.join(os.tmpdir(), 'rel-sec-'));
  });

  it('TLS verification is on unless the profile opts out; opting out works only with a warning', async () => {
    assert.equal(tlsOptions({ name: 'x', nodes: ['h:1'], tls: {} })?.rejectUnauthorized, true);
    assert.equal(tlsOptions({ name: 'x', nodes: ['h:1'], tls: { ca: undefined } })?.rejectUnauthorized, true);
    const env = { [PW]: shared.password };
    const untrusted = writeProfile(dir, 'untrusted', { ...base, name: 'untrusted', tls: { ca: shared.certs?.otherCa } });
    const refused = await runCli(['topology', '--profile', untrusted], env, 15000);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not trusted/);
    const insecure = writeProfile(dir, 'insecure', {
      ...base,
      name: 'insecure',
      tls: { ca: shared.certs?.otherCa, rejectUnauthorized: false },
    });
    const ok = await runCli(['topology', '--profile', insecure], env, 15000);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stderr, /warning: TLS verification is OFF for profile "insecure"/);
  });

  it('the password never appears in CLI output, on success or failure', async () => {
    const wrong = 'Wr0ng-Secret-Passw0rd';
    const env = { [PW]: shared.password };
    const p = shared.profilePath;
    const runs: [string[], NodeJS.ProcessEnv][] = [
      [['topology', '--profile', p], env],
      [['topology', '--profile', p, '--json'], env],
      [['check', '--profile', p, '--json'], env],
      [['keyslot', '--profile', p, '--json', 'a', 'b{x}'], env],
      [['scan', '--profile', p, '--json'], env],
      [['distribution', '--profile', p, '--json'], env],
      [['rebalance', '--profile', p, '--dry-run', '--json'], env],
      [['reshard', '--profile', p, '--from', 'all', '--to', 'ffff', '--slots', '1', '--dry-run'], env],
      [['failover', '--profile', p, '--node', '127.0.0.1:1'], env],
      [['del-node', '--profile', p, '--node', 'ffff'], env],
      [['topology', '--profile', p], { [PW]: wrong }],
      [['check', '--profile', p], { [PW]: wrong }],
      [['fix', '--profile', p, '--yes'], { [PW]: wrong }],
      [['topology', '--profile', writeProfile(dir, 'refused', { ...base, name: 'refused', nodes: ['127.0.0.1:7254'] })], env],
    ];
    let outputs = 0;
    for (const [args, e] of runs) {
      const r = await runCli(args, e, 30000);
      const all = r.stdout + r.stderr;
      outputs++;
      assert.ok(!all.includes(shared.password), `password in the output of ${args.join(' ')}`);
      assert.ok(!all.includes(wrong), `wrong password in the output of ${args.join(' ')}`);
      assert.ok(!r.killed, `${args.join(' ')} hung`);
    }
    recordFigure('sec.cli', {
      label: 'CLI runs whose output (stdout + stderr) contains the password',
      value: `0 of ${outputs}`,
      goal: '0',
      met: true,
      note: 'success and failure runs, incl. a wrong password',
    });
  });

  it('read-only profiles are refused by every admin entry point of the core, before anything changes', async () => {
    const s = new ClusterSession({ ...base, name: 'ro', readOnly: true }, { password: shared.password });
    try {
      const topo = await discoverTopology(s);
      const master = topo.nodes.find((n) => n.role === 'master' && n.slots.length) ?? topo.nodes[0];
      const replica = topo.nodes.find((n) => n.role === 'replica') ?? topo.nodes[0];
      const attempts: [string, () => Promise<unknown>][] = [
        ['rebalance', () => executePlan(s, planRebalance(topo, { weights: { [master.id]: 0 } }))],
        ['fix', () => fixCluster(s)],
        ['failover', () => failover(s, replica.id)],
        ['add-node', () => addNode(s, '127.0.0.1:7254')],
        ['del-node', () => removeNode(s, replica.id)],
        ['forget', () => forgetNode(s, replica.id)],
      ];
      for (const [what, run] of attempts) await assert.rejects(run(), /read-only/, `${what} on a read-only profile`);
      const after = await discoverTopology(s);
      assert.deepEqual(
        after.nodes.map((n) => `${n.id} ${n.role} ${JSON.stringify(n.slots)}`).sort(),
        topo.nodes.map((n) => `${n.id} ${n.role} ${JSON.stringify(n.slots)}`).sort(),
      );
    } finally {
      await s.close();
    }
  });
});
