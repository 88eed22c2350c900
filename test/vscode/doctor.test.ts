// Diagnose inside a real extension host, on the SHARED TLS cluster: one reversible fault (tls-replication no on one
// replica, undone in `finally`) must come out as an Error diagnostic on the report document, naming that node, in
// the Problems panel's data (vscode.languages.getDiagnostics); the healthy cluster gives no Error diagnostic.
// The report exports as Markdown and JSON.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../src/core/diagnose';
import type { ClusterSession } from '../../src/core/connection/session';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { DOCTOR_SCHEME } from '../../src/views/diagnose/report';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { activateExtension } from './support/extension';

describe('Diagnose (shared TLS cluster)', function () {
  this.timeout(120_000);
  let name: string;
  let id: string;
  let session: ClusterSession;
  // Reports are kept per profile identity (scope + name).
  const reportUri = () => vscode.Uri.from({ scheme: DOCTOR_SCHEME, path: `/${encodeURIComponent(id)}/Diagnose.md` });
  const errorsOf = () => vscode.languages.getDiagnostics(reportUri()).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

  before(async () => {
    name = sharedProfileName();
    session = sharedSession();
    const s = await activateExtension();
    id = s.profiles.get(name)?.id ?? name;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
  });

  it('a healthy cluster: a report, no Error diagnostic', async () => {
    const r = await vscode.commands.executeCommand<DoctorReport>('redisCluster.diagnose', { profile: name });
    assert.ok(r, 'diagnose returned a report');
    assert.equal(r.counts.error, 0, JSON.stringify(r.findings.map((f) => f.id)));
    assert.deepEqual(errorsOf(), []);
    const doc = await vscode.workspace.openTextDocument(reportUri());
    assert.match(doc.getText(), new RegExp(`^# Diagnose "${name}"`));
  });

  it('tls-replication no on one node: an Error diagnostic naming it, with the finding id; exported as Markdown and JSON', async () => {
    const replica = (await discoverTopology(session)).nodes.find((n) => n.role === 'replica');
    assert.ok(replica);
    const node = await session.node(address(replica));
    await node.config('SET', 'tls-replication', 'no');
    try {
      const r = await vscode.commands.executeCommand<DoctorReport>('redisCluster.diagnose', { profile: name });
      assert.equal(r?.ok, false);
      const errors = errorsOf();
      assert.equal(errors.length, 1, errors.map((d) => d.message).join('\n'));
      assert.equal(errors[0].code, 'security.tls-replication');
      assert.ok(errors[0].message.includes(address(replica)), errors[0].message);
      assert.match(errors[0].source ?? '', /Redis Cluster/);
      const dir = mkdtempSync(path.join(tmpdir(), 'doctor-export-'));
      const md = await vscode.commands.executeCommand<string>('redisCluster.diagnoseExport', {
        profile: name,
        path: path.join(dir, 'r.md'),
      });
      assert.match(readFileSync(md as string, 'utf8'), /Replication runs without TLS/);
      const js = await vscode.commands.executeCommand<string>('redisCluster.diagnoseExport', {
        profile: name,
        path: path.join(dir, 'r.json'),
      });
      assert.equal((JSON.parse(readFileSync(js as string, 'utf8')) as DoctorReport).findings[0].id, 'security.tls-replication');
    } finally {
      await node.config('SET', 'tls-replication', 'yes');
    }
    await vscode.commands.executeCommand('redisCluster.diagnose', { profile: name });
    assert.deepEqual(errorsOf(), [], 'the Error diagnostic is gone once the node is fixed');
  });
});
