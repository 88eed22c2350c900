// One dashboard panel per profile: routes typed messages, counts keys, polls metrics while visible.
import { SlotLoadTracker } from '../../core/monitoring/slotStats';
import * as vscode from 'vscode';
import { countKeysPerSlot, sampleKeys } from '../../core/monitoring/distribution';
import { errorText } from '../../core/common/errors';
import { type MetricsSnapshot, pollMetrics } from '../../core/monitoring/metrics';
import { fetchSlowlogs } from '../../core/monitoring/slowlog';
import type { BaseServices } from '../../services/base';
import { type HostMessage, type RenderReport, type TabId, type WebviewMessage, isWebviewMessage } from '../../shared/protocol';
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
  onDidPoll: vscode.Event<string>;
}
/** The key distribution is recounted every this many metric polls (and on demand). */
const DISTRIBUTION_EVERY_POLLS = 6;

export function dashboardSettings(): { intervalSeconds: number; historyMinutes: number } {
  const cfg = vscode.workspace.getConfiguration('redisCluster');
  const clamp = (v: number | undefined, d: number, lo: number, hi: number) =>
    Math.min(hi, Math.max(lo, Number.isFinite(v) ? (v as number) : d));
  return {
    intervalSeconds: clamp(cfg.get<number>('metricsIntervalSeconds'), 5, 1, 3600),
    historyMinutes: clamp(cfg.get<number>('metricsHistoryMinutes'), 10, 1, 120),
  };
}

export class DashboardPanel implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private polls = 0;
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
    private readonly feed?: MetricsFeed,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: localResourceRoots(s.context.extensionUri) };
    panel.title = vscode.l10n.t('Redis Cluster: {0}', s.profiles.label(profile));
    panel.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'cluster.svg');
    panel.webview.html = dashboardHtml(panel.webview, s.context.extensionUri, profile);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => this.schedule()),
      panel.onDidDispose(() => this.dispose()),
      ...(feed ? [feed.onDidPoll((name) => this.onPoll(name))] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('redisCluster.metricsIntervalSeconds') || e.affectsConfiguration('redisCluster.metricsHistoryMinutes')) {
          this.post({ type: 'init', profile, ...dashboardSettings() });
          this.schedule(true);
        }
      }),
    );
  }

  /** The last render report from the webview (what it really drew). */
  get lastReport(): RenderReport | undefined {
    return this.report;
  }

  get isPolling(): boolean {
    return this.timer !== undefined;
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
        this.post({ type: 'init', profile: this.profile, ...dashboardSettings() });
        if (this.initialTab !== 'distribution') this.post({ type: 'showTab', tab: this.initialTab });
        await Promise.all([this.refreshDistribution(), this.refreshMetrics(true)]);
        this.schedule(true);
        return;
      case 'refresh':
        if (m.what === 'distribution' || m.what === 'all') await this.refreshDistribution(true);
        if (m.what !== 'distribution') await this.refreshMetrics(m.what !== 'metrics');
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
    this.post({ type: 'status', busy: true, text: vscode.l10n.t('Counting keys per slot…') });
    try {
      const { topology: topo, session } = await this.s.connections.target(this.profile, { fresh: refreshTopology });
      const dist = await countKeysPerSlot(session, topo, { signal: this.abort.signal });
      this.post({ type: 'distribution', data: distributionView(dist, topo, this.slotLoad.next(dist.counters)) });
      this.post({
        type: 'status',
        busy: false,
        text: vscode.l10n.t('{0} keys counted in {1} ms', dist.total, Math.round(dist.elapsedMs)),
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

  private async refreshMetrics(withSlowlog: boolean): Promise<void> {
    if (this.busy.metrics) return;
    this.busy.metrics = true;
    try {
      const { topology: topo, session } = await this.s.connections.target(this.profile);
      const timeoutMs = Math.min(3000, dashboardSettings().intervalSeconds * 1000);
      const [snap, slow] = await Promise.all([
        pollMetrics(session, topo, { timeoutMs, signal: this.abort.signal }),
        withSlowlog ? fetchSlowlogs(session, topo, { timeoutMs }) : undefined,
      ]);
      this.post({ type: 'metrics', data: snap });
      if (slow) this.post({ type: 'slowlog', data: { fetchedAt: Date.now(), ...slow } });
    } catch (e) {
      if (!this.abort.signal.aborted) this.fail('polling metrics', e);
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
    this.post({ type: 'status', busy: false, text: vscode.l10n.t('{0} failed', what), error: text });
  }

  private onPoll(name: string): void {
    const snap = name === this.profile && this.panel.visible ? this.feed?.metrics(name) : undefined;
    if (snap) this.post({ type: 'metrics', data: snap });
  }

  /** Polls only while the panel is visible; a hidden panel costs the cluster nothing. */
  private schedule(restart = false): void {
    if (this.disposed) return;
    const visible = this.panel.visible;
    this.feed?.setConsumerVisible(`dashboard:${this.profile}`, visible);
    if (this.timer && (!visible || restart)) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (!visible || this.timer) return;
    const ms = dashboardSettings().intervalSeconds * 1000;
    this.timer = setInterval(() => void this.tick(), ms);
    if (!restart) void this.tick();
  }

  private async tick(): Promise<void> {
    this.polls++;
    // With a feed the metrics arrive from the monitor's poll; slow logs are read on open and on request only.
    if (!this.feed) await this.refreshMetrics(true);
    // Counting every slot is only worth its cost while the heat map is on screen.
    if (this.polls % DISTRIBUTION_EVERY_POLLS === 0 && this.initialTab === 'distribution') await this.refreshDistribution();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.feed?.setConsumerVisible(`dashboard:${this.profile}`, false);
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
