// Merge… inside a real extension host, on a PRIVATE split cluster this file builds (six empty nodes started with
// scripts/cluster.ts --no-create, formed into two groups of three that never met: test/support/splitCluster.ts).
// Diagnose shows the split as an Error diagnostic whose quick fix is Merge…; Merge… previews its plan, asks
// (answered by stubs), runs with progress, and afterwards every node is ok and Check passes.
// Ports: the vscodeDoctorMerge block of test/support/ports.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Outcome } from '../../src/commands/runOperation';
import type { DoctorReport } from '../../src/core/diagnose';
import { checkCluster } from '../../src/core/admin/ops/check';
import type { MergeResult } from '../../src/core/admin/ops/merge';
import { ClusterSession } from '../../src/core/connection/session';
import type { Services } from '../../src/services';
import { DOCTOR_SCHEME } from '../../src/views/diagnose/report';
import { activateExtension } from './support/extension';
import { type PrivateNodes, startPrivateNodes } from './support/privateNodes';
import { PREVIEW_SCHEME } from '../../src/views/planPreview';
import { basePort } from '../support/ports';
import { formSplit, keyInHalf } from '../support/splitCluster';
import { runAnswered } from './support/prompts';

const BASE = basePort('vscodeDoctorMerge');
const NAME = `split-${BASE}`;

describe('Merge… of a split cluster (private TLS nodes)', function () {
  this.timeout(300_000);
  let s: Services;
  let nodes: PrivateNodes;
  let session: ClusterSession;
  const six = () => nodes.sparePorts.slice(0, 6).map((p) => `127.0.0.1:${p}`);

  before(async function () {
    this.timeout(180_000);
    s = await activateExtension();
    nodes = await startPrivateNodes(6, BASE);
    const profile = { name: NAME, nodes: six(), tls: { ca: nodes.certs.ca } };
    session = new ClusterSession(profile, { password: nodes.password });
    await formSplit(session, six());
    for (const half of [0, 1]) await (await session.node(six()[3 * half])).set(keyInHalf(half, 'vsm'), `v${half}`);
    await s.profiles.save(profile, 'workspace');
    await s.profiles.setPassword(NAME, nodes.password);
  });

  after(async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
    const entry = s?.profiles.get(NAME);
    if (entry) await s.profiles.remove(entry);
    await s?.connections.disconnect(NAME).catch(() => undefined);
    await nodes?.stop();
  });

  it('Diagnose: the split is an Error diagnostic whose quick fix is Merge…', async () => {
    const r = await vscode.commands.executeCommand<DoctorReport>('redisCluster.diagnose', { profile: NAME });
    assert.ok(
      r?.findings.some((f) => f.id === 'partition.split-brain'),
      JSON.stringify(r?.findings.map((f) => f.id)),
    );
    const uri = vscode.Uri.from({ scheme: DOCTOR_SCHEME, path: `/${encodeURIComponent(s.profiles.get(NAME)?.id ?? NAME)}/Diagnose.md` });
    const split = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'partition.split-brain');
    assert.ok(split, 'a diagnostic for the split');
    assert.equal(split.severity, vscode.DiagnosticSeverity.Error);
    await vscode.workspace.openTextDocument(uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, split.range);
    const merge = actions.find((a) => a.command?.command === 'redisCluster.doctorMerge');
    assert.ok(merge, `no Merge… action in ${actions.map((a) => a.title).join(', ')}`);
    assert.deepEqual(merge.command?.arguments, [{ profile: s.profiles.get(NAME)?.id }]);
  });

  it('Merge…: plan previewed, confirmed, run; every node ok, Check passes, keys of both sides kept', async () => {
    const { result, asked } = await runAnswered<Outcome<MergeResult>>(
      {
        quickPick: (items, o) => (/merge the split cluster/.test(o.title ?? '') ? items.find((i) => i.label === 'Merge') : undefined),
        modal: (_m, _o, actions) => actions[0],
      },
      'redisCluster.doctorMerge',
      { profile: NAME },
    );
    assert.ok(result?.ok, `merge failed: ${JSON.stringify(result)}; prompts: ${asked.join(' | ')}`);
    assert.ok(
      asked.some((q) => q.startsWith('confirm: Merge')),
      asked.join(' | '),
    );
    assert.ok(
      vscode.workspace.textDocuments.some((d) => d.uri.scheme === PREVIEW_SCHEME && d.getText().startsWith('# Merge the split cluster')),
      'plan preview',
    );
    assert.equal(result.result.after.ok, true);
    const check = await checkCluster(session);
    assert.equal(check.ok, true, JSON.stringify(check.problems));
    assert.equal(check.masters, 6);
    const c = await session.cluster();
    assert.equal(await c.get(keyInHalf(0, 'vsm')), 'v0');
    assert.equal(await c.get(keyInHalf(1, 'vsm')), 'v1');
    const after = await vscode.commands.executeCommand<DoctorReport>('redisCluster.diagnose', { profile: NAME });
    assert.equal(after?.counts.error, 0, JSON.stringify(after?.findings.map((f) => f.id)));
  });
});
