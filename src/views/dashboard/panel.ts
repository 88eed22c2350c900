// One dashboard panel per profile: routes typed messages, shows the monitor's polls and recounts keys.
// It runs no timer of its own: the Monitor (src/services/monitor.ts) owns the only cadence, and a visible panel
// only tells it so.
import { SlotLoadTracker } from '../../core/monitoring/slotStats';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { countKeysPerSlot, sampleKeys } from '../../core/monitoring/distribution';
import { errorText } from '../../core/common/errors';
import type { MetricsSnapshot } from '../../core/monitoring/metrics';
import { fetchSlowlogs } from '../../core/monitoring/slowlog';
import type { BaseServices } from '../../services/base';
import { type HostMessage, type RenderReport, type TabId, type WebviewMessage, isWebviewMessage } from '../../shared/protocol';
import { testHooksEnabled } from '../../services/testMode';
import { dashboardHtml, localResourceRoots } from './html';
import { distributionView } from './toView';

export const VIEW_TYPE = 'redisCluster.dashboard';

/**
 * The periodic metrics come from the monitor's light poll (one INFO per node for the explorer and every
 * dashboard alike); a visible panel asks for it and is told when a poll of its profile lands.
 */
export interface MetricsFeed {
  setConsumerVisible(consumer: string, visible: boolean): void;
  metrics(profile: string): MetricsSnapshot | undefined;
  /** Polls now, or joins the poll in flight. */
  pollNow(): Promise<void>;
  onDidPoll: vscode.Event<string>;
}
/** The key distribution is recounted every this many monitor polls of the profile (and on demand). */
export const DISTRIBUTION_EVERY_POLLS = 6;
const SLOWLOG_TIMEOUT_MS = 3000;

export function dashboardSettings(): { historyMinutes: number } {
  const v = vscode.workspace.getConfiguration('redisCluster').get<number>('metricsHistoryMinutes');
  return { historyMinutes: Math.min(120, Math.max(1, Number.isFinite(v) ? (v as number) : 10)) };
}

export class DashboardPanel implements vscode.Disposable {
  private subscribed = false;
  private polls = 0;
  private postedAt = 0;
  private readonly abort = new AbortController();
  /** Previous CLUSTER SLOT-STATS counters: each recount shows the load since the one before. */
  private readonly slotLoad = new SlotLoadTracker();
  private readonly disposables: vscode.Disposable[] = [];
  private busy = { distribution: false, metrics: false };
  private report: RenderReport | undefined;
  private readonly reportListeners = new Set<(r: RenderReport) => void>();
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly s: BaseServices,
    readonly profile: string,
    private readonly onDisposed: () => void,
    private initialTab: TabId = 'distribution',
    private readonly feed: MetricsFeed,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(s.context.extensionUri) };
    panel.title = l10n.t('Redis Cluster: {0}', s.profiles.label(profile));
    panel.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'cluster.svg');
    panel.webview.html = dashboardHtml(panel.webview, s.context.extensionUri, profile);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => this.schedule()),
      panel.onDidDispose(() => this.dispose()),
      feed.onDidPoll((name) => this.onPoll(name)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('redisCluster.metricsHistoryMinutes')) this.post(this.initMessage());
      }),
    );
  }

  /** The last render report from the webview (what it really drew). */
  get lastReport(): RenderReport | undefined {
    return this.report;
  }

  /** True while the panel is subscribed to the monitor's poll (it is visible). */
  get isPolling(): boolean {
    return this.subscribed;
  }

  /** Resolves with the first report (current or future) that satisfies `ok`. */
  waitForReport(ok: (r: RenderReport) => boolean, timeoutMs: number): Promise<RenderReport> {
    if (this.report && ok(this.report)) return Promise.resolve(this.report);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reportListeners.delete(listener);
        reject(
          new Error(
            `dashboard "${this.profile}" reported no matching render within ${timeoutMs} ms (last: ${JSON.stringify(this.report)})`,
          ),
        );
      }, timeoutMs);
      const listener = (r: RenderReport) => {
        if (!ok(r)) return;
        clearTimeout(timer);
        this.reportListeners.delete(listener);
        resolve(r);
      };
      this.reportListeners.add(listener);
    });
  }

  showTab(tab: TabId): void {
    this.initialTab = tab;
    this.post({ type: 'showTab', tab });
  }

  reveal(): void {
    this.panel.reveal();
  }

  private initMessage(): HostMessage {
    return {
      type: 'init',
      profile: this.profile,
      ...dashboardSettings(),
      l10n: vscode.l10n.bundle,
      testHooks: testHooksEnabled(this.s.context),
    };
  }

  private post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) {
      this.s.log.warn(`dashboard "${this.profile}": ignored a malformed message from the webview`);
      return;
    }
    void this.handle(raw);
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.post(this.initMessage());
        if (this.initialTab !== 'distribution') this.post({ type: 'showTab', tab: this.initialTab });
        this.schedule();
        await Promise.all([this.refreshDistribution(), this.showLatestMetrics(), this.refreshSlowlog()]);
        return;
      case 'refresh':
        if (m.what === 'distribution' || m.what === 'all') await this.refreshDistribution(true);
        if (m.what === 'metrics' || m.what === 'all') await this.refreshMetrics();
        if (m.what === 'slowlog' || m.what === 'all') await this.refreshSlowlog();
        return;
      case 'sampleKeys':
        await this.sample(m.requestId, m.slot);
        return;
      case 'rendered':
        this.report = m.report;
        for (const l of [...this.reportListeners]) l(m.report);
        return;
      case 'tabChanged':
        this.initialTab = m.tab;
        return;
      case 'error':
        this.s.log.warn(`dashboard "${this.profile}" webview: ${m.message}`);
        return;
    }
  }

  private async refreshDistribution(refreshTopology = false): Promise<void> {
    if (this.busy.distribution) return;
    this.busy.distribution = true;
    this.post({ type: 'status', busy: true, text: l10n.t('Counting keys per slot…') });
    try {
      const { topology: topo, session } = await this.s.connections.target(this.profile, { fresh: refreshTopology });
      const dist = await countKeysPerSlot(session, topo, { signal: this.abort.signal });
      this.post({ type: 'distribution', data: distributionView(dist, topo, this.slotLoad.next(dist.counters)) });
      this.post({
        type: 'status',
        busy: false,
        text: l10n.t('{0} keys counted in {1} ms', dist.total, Math.round(dist.elapsedMs)),
        error: dist.complete
          ? undefined
          : dist.masters
              .filter((x) => x.error)
              .map((x) => x.error)
              .join('; '),
      });
    } catch (e) {
      if (!this.abort.signal.aborted) this.fail('counting keys', e);
    } finally {
      this.busy.distribution = false;
    }
  }

  /** What the monitor last read; without one yet, its next poll (joined if one is running). */
  private async showLatestMetrics(): Promise<void> {
    if (!this.feed.metrics(this.profile)) await this.feed.pollNow();
    this.postMetrics();
  }

  /** A Refresh button: one more monitor poll, which every view of the profile then shows. */
  private async refreshMetrics(): Promise<void> {
    await this.feed.pollNow();
    this.postMetrics();
  }

  private postMetrics(): void {
    const snap = this.feed.metrics(this.profile);
    // The same poll reaches a panel twice when it opens or asks during a poll: chart it once.
    if (!snap || snap.at === this.postedAt) return;
    this.postedAt = snap.at;
    this.post({ type: 'metrics', data: snap });
  }

  /** Slow logs are not part of the periodic poll: read on open and on request only. */
  private async refreshSlowlog(): Promise<void> {
    if (this.busy.metrics) return;
    this.busy.metrics = true;
    try {
      const { topology: topo, session } = await this.s.connections.target(this.profile);
      const slow = await fetchSlowlogs(session, topo, { timeoutMs: SLOWLOG_TIMEOUT_MS });
      this.post({ type: 'slowlog', data: { fetchedAt: Date.now(), ...slow } });
    } catch (e) {
      if (!this.abort.signal.aborted) this.fail('reading slow logs', e);
    } finally {
      this.busy.metrics = false;
    }
  }

  private async sample(requestId: number, slot: number): Promise<void> {
    try {
      const { topology: topo, session } = await this.s.connections.target(this.profile);
      const r = await sampleKeys(session, topo, slot, 5, 3000);
      this.post({ type: 'sample', requestId, slot, keys: r.keys, owner: r.ownerAddress });
    } catch (e) {
      this.post({ type: 'sample', requestId, slot, keys: [], error: errorText(e) });
    }
  }

  private fail(what: string, e: unknown): void {
    const text = errorText(e);
    this.s.log.error(`dashboard "${this.profile}": ${what} failed: ${text}`);
    this.post({ type: 'status', busy: false, text: l10n.t('{0} failed', what), error: text });
  }

  private onPoll(name: string): void {
    if (name !== this.profile || !this.panel.visible || this.disposed) return;
    this.postMetrics();
    this.polls++;
    // Counting every slot is only worth its cost while the heat map is on screen.
    if (this.polls % DISTRIBUTION_EVERY_POLLS === 0 && this.initialTab === 'distribution') void this.refreshDistribution();
  }

  /** Subscribed only while visible; a hidden panel costs the cluster nothing. */
  private schedule(): void {
    if (this.disposed) return;
    this.subscribed = this.panel.visible;
    this.feed.setConsumerVisible(`dashboard:${this.profile}`, this.subscribed);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscribed = false;
    this.feed.setConsumerVisible(`dashboard:${this.profile}`, false);
    this.abort.abort();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
