// One cadence for the whole extension, counted on the real cluster: with the dashboard open (and the explorer
// hidden, so the dashboard is the only reason to poll) every node receives one INFO per
// redisCluster.refreshIntervalSeconds, the monitor's poll, and no second poller's INFO in between. The key recount
// rides on the same poll (every DISTRIBUTION_EVERY_POLLS-th) and only while the heat map is on screen; a hidden
// dashboard costs the cluster nothing. The retired redisCluster.metricsIntervalSeconds moves to the setting that rules.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClusterSession } from '../../src/core/connection/session';
import { discoverTopology } from '../../src/core/topology/topology';
import type { Services } from '../../src/services';
import { migrateRetiredSettings } from '../../src/services/retiredSettings';
import { DISTRIBUTION_EVERY_POLLS } from '../../src/views/dashboard/panel';
import type { RenderReport } from '../../src/shared/protocol';
import { activateExtension } from './support/extension';
import { type Seen, watchNodes } from './support/nodeMonitor';
import { sharedProfileName, sharedSession } from './support/sharedCluster';
import { until } from '../support/wait';

const INTERVAL_S = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isInfo = (x: Seen) => x.command === 'info';
const isCount = (x: Seen) => x.command.startsWith('eval') || x.command === 'cluster countkeysinslot';

/** Groups times (s) into bursts separated by more than `gap` seconds. */
function bursts(times: number[], gap: number): number {
  return times.sort((a, b) => a - b).filter((t, i, all) => i === 0 || t - all[i - 1] > gap).length;
}

describe('dashboard cadence (shared TLS cluster)', function () {
  this.timeout(180_000);
  let s: Services;
  let name: string;
  let session: ClusterSession;
  const config = () => vscode.workspace.getConfiguration('redisCluster');
  let saved: number | undefined;

  /** Records what every node receives for `ms` with the dashboard as it is now. */
  async function count(ms: number): Promise<Seen[]> {
    const mon = await watchNodes(session, (await discoverTopology(session)).nodes);
    try {
      await sleep(ms);
    } finally {
      await mon.stop();
    }
    return mon.seen;
  }

  before(async () => {
    s = await activateExtension();
    name = sharedProfileName();
    session = sharedSession();
    // Every connected profile is polled; other suites connect more profiles of this same cluster.
    for (const c of s.connections.all()) if (c.name !== s.profiles.idOf(name)) await s.connections.disconnect(c.name);
    saved = config().inspect<number>('refreshIntervalSeconds')?.workspaceValue;
    await config().update('refreshIntervalSeconds', INTERVAL_S, vscode.ConfigurationTarget.Workspace);
    // The explorer is a consumer of the same poll; hidden, the dashboard is the only one.
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('refreshIntervalSeconds', saved, vscode.ConfigurationTarget.Workspace);
    await config().update('metricsIntervalSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await session?.close();
  });

  it('sends one INFO per node per interval with the metrics tab open, and no key recount', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the monitor paused with no view open', 10_000, () => s.monitor.paused);
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: name, tab: 'metrics' });
    const r = await vscode.commands.executeCommand<RenderReport | undefined>(
      'redisCluster._dashboardRendered',
      { profile: name, tab: 'metrics', minNodeRows: 1 },
      60_000,
    );
    assert.ok(r, 'the dashboard did not render');
    assert.equal(s.monitor.paused, false, 'the open dashboard did not start the monitor');
    const windowS = 8;
    const seen = await count(windowS * 1000);
    const nodes = [...new Set(seen.map((x) => x.node))];
    assert.equal(nodes.length, 6, `MONITOR saw commands on ${nodes.length} nodes`);
    for (const node of nodes) {
      const times = seen.filter((x) => x.node === node && isInfo(x)).map((x) => x.time);
      // The next poll is timed from the end of the previous one, so a poll's own duration stretches the period.
      const want = windowS / INTERVAL_S;
      const n = times.length;
      assert.ok(n >= want - 2 && n <= want + 1, `${node}: ${n} INFO in ${windowS} s (want about ${want})`);
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      // A second poller would put two INFO close together somewhere in the window.
      const closest = Math.min(...gaps);
      assert.ok(closest > 0.7 * INTERVAL_S, `${node}: INFO ${closest.toFixed(3)} s apart: ${gaps.map((g) => g.toFixed(2))}`);
    }
    const infosPerNode = seen.filter(isInfo).length / nodes.length;
    // One topology read per poll, from one master (the light poll), not one per consumer.
    const topoReads = seen.filter((x) => x.command === 'cluster nodes').length;
    assert.ok(Math.abs(topoReads - infosPerNode) <= 1, `${topoReads} CLUSTER NODES for ${infosPerNode} polls`);
    assert.equal(seen.filter(isCount).length, 0, 'keys were recounted while the heat map was not on screen');
  });

  it(`recounts keys every ${DISTRIBUTION_EVERY_POLLS}th poll while the heat map is on screen`, async () => {
    await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: name, tab: 'distribution' });
    await vscode.commands.executeCommand<RenderReport | undefined>('redisCluster._dashboardRendered', {
      profile: name,
      tab: 'distribution',
    });
    const windowS = 2 * DISTRIBUTION_EVERY_POLLS * INTERVAL_S + 1;
    const seen = await count(windowS * 1000);
    const polls = seen.filter(isInfo).length / 6;
    const counts = bursts(
      seen.filter(isCount).map((x) => x.time),
      0.5 * INTERVAL_S,
    );
    const want = polls / DISTRIBUTION_EVERY_POLLS;
    assert.ok(counts >= Math.floor(want) - 1 && counts <= Math.ceil(want) + 1 && counts > 0, `${counts} recounts in ${polls} polls`);
  });

  it('costs the cluster nothing while hidden', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the dashboard' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await until('the monitor paused', 10_000, () => s.monitor.paused);
    const seen = await count(3000);
    assert.equal(seen.filter(isInfo).length, 0, `INFO sent to a hidden dashboard's cluster: ${seen.filter(isInfo).length}`);
  });

  it('moves a retired metricsIntervalSeconds to refreshIntervalSeconds, once, without overriding a value set there', async () => {
    const W = vscode.ConfigurationTarget.Workspace;
    await config().update('refreshIntervalSeconds', undefined, W);
    await config().update('metricsIntervalSeconds', 3, W);
    await migrateRetiredSettings(s.log);
    assert.equal(config().inspect<number>('refreshIntervalSeconds')?.workspaceValue, 3);
    assert.equal(config().inspect<number>('metricsIntervalSeconds')?.workspaceValue, undefined);
    await config().update('metricsIntervalSeconds', 7, W);
    await migrateRetiredSettings(s.log);
    assert.equal(config().inspect<number>('refreshIntervalSeconds')?.workspaceValue, 3, 'a value already set was overridden');
    assert.equal(config().inspect<number>('metricsIntervalSeconds')?.workspaceValue, undefined);
  });
});
