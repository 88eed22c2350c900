// The dashboard in a real VS Code: open it for the workspace's test profile and check what the webview
// itself reports having rendered (heat map cells, per-master rows, node rows with a metric value).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { countKeysPerSlot } from '../../src/core/monitoring/distribution';
import type { Services } from '../../src/services';
import type { RenderReport } from '../../src/shared/protocol';
import { activateExtension } from './support/extension';
import { until } from '../support/wait';

function profileName(): string {
  const profiles = vscode.workspace.getConfiguration('redisCluster').get<{ name: string }[]>('profiles') ?? [];
  assert.ok(profiles.length > 0, 'the test workspace has no redisCluster.profiles (VSCODE_TEST_WORKSPACE_SETTINGS)');
  return profiles[0].name;
}

async function rendered(profile: string, want: { tab?: string; minNodeRows?: number }, timeoutMs = 60000): Promise<RenderReport> {
  const r = await vscode.commands.executeCommand<RenderReport | undefined>(
    'redisCluster._dashboardRendered',
    { profile, ...want },
    timeoutMs,
  );
  assert.ok(r, `no dashboard is open for "${profile}"`);
  return r;
}

describe('dashboard webview', function () {
  this.timeout(120000);
  let services: Services;
  let profile = '';

  before(async () => {
    services = await activateExtension();
    profile = profileName();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from the palette command and renders the heat map, the per-master table and metric values', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('redisCluster.openDashboard'));
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile });
    const report = await rendered(profile, { minNodeRows: 1 });
    const topo = services.connections.get(profile)?.topology;
    assert.ok(topo, 'no topology after opening the dashboard');
    const masters = topo.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);
    assert.equal(report.heatmapCells, 16384);
    assert.equal(report.masterRows, masters.length);
    assert.equal(report.nodeRows, topo.nodes.length);
    assert.match(report.sampleMetric ?? '', /^\d[\d,]*$/, `ops/sec cell: ${report.sampleMetric}`);
    assert.ok(report.heatmapMs > 0 && report.heatmapMs < 200, `heat map drawn in ${report.heatmapMs} ms`);
    // What the webview drew adds up to what the core counts on the cluster right now.
    const dist = await countKeysPerSlot(await services.connections.session(profile), topo);
    assert.equal(report.heatmapTotal, dist.total);
    const tab = await vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.match(tab?.label ?? '', new RegExp(`Redis Cluster: ${profile}`));
  });

  it('shows the metrics tab on request, with chart series for every node', async () => {
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile, tab: 'metrics' });
    const report = await rendered(profile, { tab: 'metrics', minNodeRows: 1 });
    assert.equal(report.tab, 'metrics');
    assert.ok(report.chartSeries >= report.nodeRows, `chart series ${report.chartSeries} for ${report.nodeRows} nodes`);
  });

  it('pauses polling while hidden and resumes when shown again', async () => {
    assert.equal(await vscode.commands.executeCommand('redisCluster._dashboardPolling', { profile }), true);
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the dashboard' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await until(
      'polling paused',
      10_000,
      async () => (await vscode.commands.executeCommand('redisCluster._dashboardPolling', { profile })) === false,
    );
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile });
    await until(
      'polling resumed',
      10_000,
      async () => (await vscode.commands.executeCommand('redisCluster._dashboardPolling', { profile })) === true,
    );
  });
});
