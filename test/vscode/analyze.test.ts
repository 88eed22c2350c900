// Analyze Keyspace in a real VS Code: the palette command runs against the shared cluster, the report panel's
// webview renders the report (it says what it drew), and Export writes the CSV. Expected figures come from the
// test's own seeding and MEMORY USAGE read through its own session.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeReport } from '../../src/core/analyze/types';
import type { ClusterSession } from '../../src/core/connection/session';
import type { Services } from '../../src/services';
import { activateExtension } from './support/extension';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { until } from '../support/wait';

describe('Analyze Keyspace command', function () {
  this.timeout(120000);
  let services: Services;
  let session: ClusterSession;
  const prefix = `t24vs${Date.now()}`;
  const keys = Array.from({ length: 120 }, (_, i) => `${prefix}:item:${i}`);

  before(async () => {
    services = await activateExtension();
    session = sharedSession();
    const c = await session.cluster();
    await Promise.all(keys.map((k, i) => (i % 3 ? c.set(k, 'v'.repeat(i + 1)) : c.set(k, 'v'.repeat(i + 1), 'EX', 600))));
  });

  after(async () => {
    const c = await session.cluster();
    await Promise.all(keys.map((k) => c.del(k)));
    await session.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs from the palette command, renders the report in its panel and exports it', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('redisCluster.analyzeKeyspace'));
    const profile = sharedProfileName();
    const report = await vscode.commands.executeCommand<AnalyzeReport | undefined>('redisCluster.analyzeKeyspace', {
      profile,
      quick: true,
      match: `${prefix}:*`,
      top: 10,
    });
    assert.ok(report, 'the command returned no report');
    assert.equal(report.partial, false);
    assert.equal(report.totals.keys, keys.length);
    const c = await session.cluster();
    const memory = new Map<string, number>();
    for (const k of keys) memory.set(k, Number(await c.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')));
    assert.equal(
      report.totals.bytes,
      [...memory.values()].reduce((a, b) => a + b, 0),
    );
    assert.equal(report.ttl.lt1h.keys, keys.length / 3);
    // Several keys can share the biggest allocation size: the top one is any of them.
    const top = report.top[0];
    assert.equal(top.bytes, Math.max(...memory.values()));
    assert.equal(memory.get(top.key), top.bytes);
    const id = services.profiles.idOf(profile);
    const panel = services.analyses.get(id);
    assert.ok(panel, 'no report panel is open');
    const drawn = await until('the webview to report rendering the report', 30000, () => panel.lastRender);
    assert.equal(drawn.topRows, 10);
    assert.equal(drawn.partial, false);
    assert.ok(drawn.namespaceRows >= 1);
    assert.match(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', /^Keyspace: /);
    const out = join(tmpdir(), `${prefix}.csv`);
    try {
      const path = await vscode.commands.executeCommand<string>('redisCluster.analyzeKeyspaceExport', {
        profile,
        format: 'csv',
        path: out,
      });
      assert.equal(path, out);
      const csv = readFileSync(out, 'utf8');
      assert.ok(csv.split('\n').includes(`top,${top.key},1,${top.bytes},string,${top.ttlMs},${top.elements},${top.slot},${top.node}`), csv);
    } finally {
      rmSync(out, { force: true });
    }
  });
});
