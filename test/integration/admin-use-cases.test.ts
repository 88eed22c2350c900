// One use case per admin action, two front-ends: each action's request goes through the CLI process
// (`node dist/cli.js … --json`, without --yes or with --dry-run: nothing changes) and through the use case as the
// extension calls it (src/commands/*: core/admin/useCases + adminCommandLine), and both must give the same plan and
// the same command line. Then the line the extension logs is run as printed, and must do what the plan said.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { adminCommandLine, replayLine } from '../../src/core/admin/commandLine';
import { checkCluster } from '../../src/core/admin/ops/check';
import { PartialCountsError, prepareMigration } from '../../src/core/admin/useCases/migration';
import { planAddNode, planFailover, planForget, planRemoveNode } from '../../src/core/admin/useCases/nodes';
import type { AdminRequest } from '../../src/core/admin/useCases/requests';
import { ClusterSession } from '../../src/core/connection/session';
import { diagnose, mergePlanFor } from '../../src/core/diagnose';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { compactSlots, formatRanges } from '../../src/core/topology/slots';
import { type ClusterNode, type Topology, address, discoverTopology } from '../../src/core/topology/topology';
import { buildCli, cliPath, runCli } from '../support/cli';
import { privateCluster, sessionFor, sharedCluster } from '../support/cluster';
import { deleteKeys } from '../support/seedKeys';
import { keysForSlots, writeKeys, wrongKeys } from '../support/migrateData';
import { basePort } from '../support/ports';
import { formSplit } from '../support/splitCluster';

interface CliAnswer {
  code: number | null;
  out: { plan?: { createdAt?: number }; commandLine?: string; check?: { openSlots: unknown }; executed?: boolean };
}

/** Plans carry the time they were made; everything else must match. */
const sameTime = <T>(p: T): T => ({ ...p, createdAt: 0 });
const masters = (t: Topology) =>
  t.nodes.filter((n) => n.role === 'master' && n.slots.length > 0).sort((a, b) => a.slots[0][0] - b.slots[0][0]);

async function cli(args: string[], profile: string): Promise<CliAnswer> {
  const r = await runCli([...args, '--profile', profile, '--json'], {}, 60_000);
  let out: CliAnswer['out'];
  try {
    out = JSON.parse(r.stdout) as CliAnswer['out'];
  } catch {
    assert.fail(`${args.join(' ')}: exit ${r.code}, no JSON on stdout: ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, out };
}

/** Runs a logged line as a user would paste it into a shell. */
function runLine(line: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('admin use cases: the CLI and the extension plan alike (shared TLS cluster)', function () {
  this.timeout(180_000);
  let profile: string;
  let session: ClusterSession;
  let topo: Topology;

  before(async () => {
    buildCli();
    const info = await sharedCluster();
    profile = info.profilePath;
    session = sessionFor(info);
    topo = await discoverTopology(session);
  });
  after(async () => session?.close());

  it('rebalance: weights by address, threshold, pace: the same plan and line', async () => {
    const [a] = masters(topo);
    const cliRun = await cli(['rebalance', '--weight', `${address(a)}=2`, '--threshold', '5', '--pace', 'gentle', '--dry-run'], profile);
    assert.equal(cliRun.code, 0);
    const prep = await prepareMigration(session, topo, {
      action: 'rebalance',
      weights: { [address(a)]: 2 },
      threshold: 5,
      pace: 'gentle',
    });
    assert.deepEqual(sameTime(cliRun.out.plan), sameTime(prep.plan));
    assert.ok(prep.plan.moves.length > 0, 'a weight of 2 must move slots');
    assert.equal(cliRun.out.commandLine, adminCommandLine(prep.request, profile));
    assert.match(cliRun.out.commandLine ?? '', new RegExp(`--weight ${a.id}=2 --threshold 5 --pace gentle --yes$`));
  });

  it('reshard: sources by address, target by id prefix: the same plan and line', async () => {
    const [a, b] = masters(topo);
    const cliRun = await cli(['reshard', '--from', address(a), '--to', b.id.slice(0, 8), '--slots', '7', '--dry-run'], profile);
    assert.equal(cliRun.code, 0);
    const prep = await prepareMigration(session, topo, { action: 'reshard', from: [address(a)], to: b.id.slice(0, 8), slots: 7 });
    assert.deepEqual(sameTime(cliRun.out.plan), sameTime(prep.plan));
    assert.equal(cliRun.out.commandLine, adminCommandLine(prep.request, profile));
    assert.equal(cliRun.out.commandLine, `redis-cluster reshard --profile ${profile} --from ${a.id} --to ${b.id} --slots 7 --yes`);
  });

  it('add node, remove node, forget, failover: the same plan and line', async () => {
    const [a] = masters(topo);
    const replica = topo.nodes.find((n) => n.masterId === a.id) as ClusterNode;
    const outside = `127.0.0.1:${basePort('useCases') + 9}`;
    const cases: { args: string[]; code: number; plan: () => { request: AdminRequest } }[] = [
      {
        args: ['add-node', '--new', outside, '--replica-of', address(a), '--dry-run'],
        code: 0,
        plan: () => planAddNode(topo, { action: 'add-node', address: outside, replicaOf: address(a) }),
      },
      {
        args: ['del-node', '--node', address(a), '--shutdown', '--pace', 'gentle'],
        code: 3,
        plan: () => planRemoveNode(topo, { action: 'del-node', node: address(a), shutdown: true, pace: 'gentle' }),
      },
      {
        args: ['forget', '--node', replica.id.slice(0, 6)],
        code: 3,
        plan: () => planForget(topo, { action: 'forget', node: replica.id.slice(0, 6) }),
      },
      {
        args: ['failover', '--node', address(replica), '--takeover'],
        code: 3,
        plan: () => planFailover(topo, { action: 'failover', node: address(replica), mode: 'takeover' }),
      },
    ];
    for (const c of cases) {
      const cliRun = await cli(c.args, profile);
      assert.equal(cliRun.code, c.code, c.args.join(' '));
      assert.equal(cliRun.out.executed, false, c.args.join(' '));
      const plan = c.plan();
      assert.deepEqual(cliRun.out.plan, JSON.parse(JSON.stringify(plan)), c.args[0]);
      assert.equal(cliRun.out.commandLine, adminCommandLine(plan.request, profile), c.args[0]);
    }
    // Nothing ran: the cluster is as it was.
    assert.deepEqual(
      (await discoverTopology(session)).nodes.map((n) => `${n.id}:${n.role}`).sort(),
      topo.nodes.map((n) => `${n.id}:${n.role}`).sort(),
    );
  });

  it('fix: the same open slot to repair and the same line', async () => {
    const [a, b] = masters(topo);
    const slot = a.slots[0][1];
    const owner = await session.node(address(a));
    await owner.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', b.id);
    try {
      const cliRun = await cli(['fix', '--replace'], profile);
      assert.equal(cliRun.code, 3, 'fix without --yes shows and exits 3');
      const report = await checkCluster(session);
      assert.ok(report.openSlots.some((o) => o.slot === slot));
      assert.deepEqual(cliRun.out.check?.openSlots, JSON.parse(JSON.stringify(report.openSlots)));
      assert.equal(cliRun.out.commandLine, adminCommandLine({ action: 'fix', replace: true }, profile));
    } finally {
      await owner.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE');
    }
  });

  it('partial key counts stop the plan unless accepted, and the acceptance is in the line', async () => {
    const [a, b, c] = masters(topo);
    // The third master cannot be reached under this address: its keys cannot be counted.
    const cut: Topology = { ...topo, nodes: topo.nodes.map((n) => (n.id === c.id ? { ...n, port: 1 } : n)) };
    const request = { action: 'reshard', from: [a.id], to: b.id, slots: 2 } as const;
    await assert.rejects(
      prepareMigration(session, cut, request),
      (e: unknown) => e instanceof PartialCountsError && e.kind === 'partial-counts',
    );
    const prep = await prepareMigration(session, cut, { ...request, acceptPartialCounts: true });
    assert.equal(prep.missing.length, 1);
    assert.equal(prep.plan.moves.length, 2);
    assert.ok(
      prep.plan.notes.some((n) => n.includes('partial')),
      prep.plan.notes.join('; '),
    );
    assert.match(adminCommandLine(prep.request, profile), / --accept-partial-counts --yes$/);
  });

  it('replays the logged reshard line, there and back, with the plan’s effect', async () => {
    const [a, b] = masters(topo);
    const before = masters(await discoverTopology(session)).map((m) => `${m.id}:${JSON.stringify(m.slots)}`);
    const slots = [a.slots[0][0], a.slots[0][0] + 1, a.slots[0][0] + 2];
    const keys = keysForSlots('replay-line', slots, 20);
    await writeKeys(session, keys);
    const run = async (request: AdminRequest & { action: 'reshard' }, from: ClusterNode, to: ClusterNode) => {
      const prep = await prepareMigration(session, await discoverTopology(session), request);
      // What the extension logs: the CLI shipped with it, on the profile file (the password stays in its variable).
      const line = replayLine(adminCommandLine(prep.request, 'x.json'), cliPath(), profile);
      const r = await runLine(line);
      assert.equal(r.code, 0, `${line}\n${r.output}`);
      const after = await discoverTopology(session);
      const owner = (slot: number) =>
        after.nodes.find((n) => n.role === 'master' && n.slots.some(([lo, hi]) => slot >= lo && slot <= hi))?.id;
      for (const m of prep.plan.moves) {
        assert.equal(m.from, from.id);
        assert.equal(owner(m.slot), to.id, `slot ${m.slot} after ${line}`);
      }
      assert.deepEqual(await wrongKeys(session, keys), [], 'a key was lost or changed by the move');
      return prep.plan.moves.map((m) => m.slot);
    };
    try {
      const moved = await run({ action: 'reshard', from: [a.id], to: b.id, slots: 3 }, a, b);
      assert.deepEqual(moved, slots);
      await run({ action: 'reshard', from: [b.id], to: a.id, slotList: formatRanges(compactSlots(moved)) }, b, a);
    } finally {
      await deleteKeys(session, keys);
    }
    const restored = masters(await discoverTopology(session)).map((m) => `${m.id}:${JSON.stringify(m.slots)}`);
    assert.deepEqual(restored, before, 'the slot layout is back where it was');
  });
});

describe('admin use cases: merge planned alike by the CLI and the extension (split cluster)', function () {
  this.timeout(120_000);
  const cluster = privateCluster({ basePort: basePort('useCases'), create: false, masters: 0, spares: 6 });
  let session: ClusterSession;
  let dir: string;
  let profile: string;
  const addrs = () => cluster().sparePorts.map((p) => `127.0.0.1:${p}`);

  before(async () => {
    buildCli();
    const p = { ...loadProfileFile(cluster().profilePath), nodes: addrs() };
    dir = mkdtempSync(path.join(tmpdir(), 'rc-use-cases-'));
    profile = path.join(dir, 'split.json');
    writeFileSync(profile, JSON.stringify({ ...p, passwordEnv: 'USE_CASES_PASSWORD' }));
    process.env.USE_CASES_PASSWORD = cluster().password;
    session = new ClusterSession(p, { password: cluster().password });
    await formSplit(session, addrs());
  });
  after(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('doctor --merge --rebalance: the same plan and line', async () => {
    const cliRun = await cli(['doctor', '--merge', '--rebalance'], profile);
    assert.equal(cliRun.code, 3, 'without --yes the merge is shown, not run');
    const request = { action: 'merge', rebalance: true } as const;
    const plan = mergePlanFor((await diagnose(session, { timeoutMs: 3000 })).gathered, request);
    assert.equal(plan.meets.length, 3);
    assert.deepEqual(sameTime(cliRun.out.plan), sameTime(JSON.parse(JSON.stringify(plan))));
    assert.equal(cliRun.out.commandLine, adminCommandLine(request, profile));
  });
});
