// The dashboard once the host's init message has arrived: tabs, message routing, persisted state, render reports.
// Built only after init, so every label is translated with the bundle that message carries (main.ts).
import * as l10n from '@vscode/l10n';
import type { DistributionView, HostMessage, MetricsSnapshot, TabId } from '../src/shared/protocol';
import { DistributionTab, type SampleResult } from './distributionTab';
import { type PersistedState, post, saveState } from './host';
import { MetricsTab } from './metricsTab';
import { type Tabs, createTabs } from './ui';

export type AppState = PersistedState & { distribution?: DistributionView };

export interface RedrawBench {
  medianMs: number;
  maxMs: number;
  runs: number;
}

export class DashboardApp {
  private historyMinutes: number;
  /** Tab change events fired while the app builds itself are not user choices. */
  private setupDone = false;
  private lastDrawMs = 0;
  private distributionData: DistributionView | undefined;
  private reportQueued = false;
  private readonly pending = new Map<number, (r: SampleResult) => void>();
  private nextRequest = 1;
  private readonly tabs: Tabs<TabId>;
  private readonly distribution: DistributionTab;
  readonly metrics: MetricsTab;

  constructor(
    root: HTMLElement,
    private readonly state: AppState,
    historyMinutes: number,
  ) {
    this.historyMinutes = historyMinutes;
    this.tabs = createTabs<TabId>(
      [
        { id: 'distribution', label: l10n.t('Key distribution') },
        { id: 'metrics', label: l10n.t('Metrics') },
      ],
      (tab) => this.tabShown(tab),
    );
    root.append(this.tabs.element);
    this.distribution = new DistributionTab(this.tabs.panel('distribution'), {
      sample: (slot) =>
        new Promise<SampleResult>((resolve) => {
          const requestId = this.nextRequest++;
          this.pending.set(requestId, resolve);
          post({ type: 'sampleKeys', requestId, slot });
        }),
      refresh: () => post({ type: 'refresh', what: 'distribution' }),
      pinned: (slot) => {
        state.pinnedSlot = slot;
        this.persist();
      },
    });
    this.metrics = new MetricsTab(this.tabs.panel('metrics'), () => post({ type: 'refresh', what: 'metrics' }));
    this.restore();
  }

  /** Restores what was on screen before a reload; the host then sends fresh data. */
  private restore(): void {
    const { state } = this;
    this.tabs.select(state.tab);
    this.setupDone = true;
    if (state.distribution) this.showDistribution(state.distribution);
    if (state.pinnedSlot !== undefined) this.distribution.pin(state.pinnedSlot);
    const lastSnap = state.history?.[state.history.length - 1];
    if (lastSnap) this.metrics.update(lastSnap, state.history ?? []);
  }

  private persist(): void {
    saveState(this.state);
  }

  private tabShown(tab: TabId): void {
    if (!this.setupDone || tab === this.state.tab) return;
    this.state.tab = tab;
    this.persist();
    post({ type: 'tabChanged', tab });
    // Charts measure their width when visible.
    if (tab === 'metrics') this.metrics.charts.forEach((c) => c.resize());
    this.scheduleReport();
  }

  /** Tells the host what is on screen, after the browser has laid it out. */
  private scheduleReport(): void {
    if (this.reportQueued) return;
    this.reportQueued = true;
    requestAnimationFrame(() => {
      this.reportQueued = false;
      const d = this.distributionData;
      post({
        type: 'rendered',
        report: {
          tab: this.state.tab,
          heatmapCells: d ? d.counts.length : 0,
          heatmapTotal: d ? d.counts.reduce((a, b) => a + b, 0) : 0,
          heatmapMs: this.lastDrawMs,
          masterRows: this.distribution.masterRows,
          topRows: this.distribution.topRows,
          nodeRows: this.metrics.nodeRows,
          sampleMetric: this.metrics.firstOps,
          chartSeries: this.metrics.charts.reduce((a, c) => a + c.series, 0),
          slowlogRows: this.metrics.slowRows,
        },
      });
    });
  }

  private showDistribution(d: DistributionView): void {
    this.distributionData = d;
    this.lastDrawMs = this.distribution.update(d);
    this.state.distribution = d;
    this.persist();
  }

  private showMetrics(snap: MetricsSnapshot): void {
    const history = this.state.history ?? [];
    history.push(snap);
    const cutoff = snap.at - this.historyMinutes * 60_000;
    while (history.length && history[0].at < cutoff) history.shift();
    this.state.history = history;
    this.distribution.setMetrics(snap);
    this.metrics.update(snap, history);
    this.persist();
  }

  handle(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        this.historyMinutes = m.historyMinutes;
        return;
      case 'distribution':
        this.showDistribution(m.data);
        break;
      case 'metrics':
        this.showMetrics(m.data);
        break;
      case 'slowlog':
        this.metrics.updateSlowlog(m.data);
        break;
      case 'sample': {
        const resolve = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        resolve?.({ keys: m.keys, owner: m.owner, error: m.error });
        return;
      }
      case 'status':
        this.distribution.setStatus(m.busy, m.text, m.error);
        return;
      case 'showTab':
        this.tabs.select(m.tab);
        this.tabShown(m.tab);
        this.scheduleReport();
        return;
    }
    this.scheduleReport();
  }

  themeChanged(): void {
    this.distribution.heatmap.themeChanged();
    this.metrics.charts.forEach((c) => c.themeChanged(this.state.history ?? []));
  }

  /** For the browser test (test hooks only): redraw time of the heat map for fresh count arrays. */
  benchRedraw(runs: number): RedrawBench {
    const d = this.distributionData;
    if (!d) return { medianMs: NaN, maxMs: NaN, runs: 0 };
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const counts = d.counts.map(() => Math.floor(Math.random() * 40));
      times.push(this.distribution.heatmap.draw({ ...d, counts }));
    }
    this.distribution.heatmap.draw(d);
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], runs };
  }
}
