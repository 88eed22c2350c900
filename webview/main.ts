// Dashboard app entry (browser bundle): tabs, message routing, persisted state, render reports.
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { DistributionView, HostMessage, MetricsSnapshot, TabId } from '../src/shared/protocol';
import { DistributionTab, type SampleResult } from './distributionTab';
import { type PersistedState, loadState, onHostMessage, post, saveState } from './host';
import { MetricsTab } from './metricsTab';
import { onThemeChange } from './theme';
import { createTabs, registerComponents } from './ui';

registerComponents();

const app = document.getElementById('app') as HTMLElement;
const saved = loadState();
// Diagnostics for tests and bug reports: which tab the saved state asked for.
app.dataset.restoredTab = String(saved.tab ?? 'none');
const state: PersistedState & { distribution?: DistributionView } = {
  profile: app.dataset.profile ?? saved.profile ?? '',
  tab: saved.tab === 'metrics' ? 'metrics' : 'distribution',
  pinnedSlot: typeof saved.pinnedSlot === 'number' ? saved.pinnedSlot : undefined,
  history: Array.isArray(saved.history) ? saved.history : [],
};
let historyMinutes = 10;
/** Tab change events fired while the app builds itself are not user choices. */
let setupDone = false;
let lastDrawMs = 0;

function persist(): void {
  saveState(state);
}

const pending = new Map<number, (r: SampleResult) => void>();
let nextRequest = 1;

const tabs = createTabs<TabId>(
  [
    { id: 'distribution', label: 'Key distribution' },
    { id: 'metrics', label: 'Metrics' },
  ],
  (tab) => tabShown(tab),
);

function tabShown(tab: TabId): void {
  if (!setupDone || tab === state.tab) return;
  state.tab = tab;
  persist();
  post({ type: 'tabChanged', tab });
  // Charts measure their width when visible.
  if (tab === 'metrics') metrics.charts.forEach((c) => c.resize());
  scheduleReport();
}
app.append(tabs.element);

const distribution = new DistributionTab(tabs.panel('distribution'), {
  sample: (slot) =>
    new Promise<SampleResult>((resolve) => {
      const requestId = nextRequest++;
      pending.set(requestId, resolve);
      post({ type: 'sampleKeys', requestId, slot });
    }),
  refresh: () => post({ type: 'refresh', what: 'distribution' }),
  pinned: (slot) => {
    state.pinnedSlot = slot;
    persist();
  },
});
const metrics = new MetricsTab(tabs.panel('metrics'), () => post({ type: 'refresh', what: 'metrics' }));

let reportQueued = false;
/** Tells the host what is on screen, after the browser has laid it out. */
function scheduleReport(): void {
  if (reportQueued) return;
  reportQueued = true;
  requestAnimationFrame(() => {
    reportQueued = false;
    const d = distributionData;
    post({
      type: 'rendered',
      report: {
        tab: state.tab,
        heatmapCells: d ? d.counts.length : 0,
        heatmapTotal: d ? d.counts.reduce((a, b) => a + b, 0) : 0,
        heatmapMs: lastDrawMs,
        masterRows: distribution.masterRows,
        topRows: distribution.topRows,
        nodeRows: metrics.nodeRows,
        sampleMetric: metrics.firstOps,
        chartSeries: metrics.charts.reduce((a, c) => a + c.series, 0),
        slowlogRows: metrics.slowRows,
      },
    });
  });
}

let distributionData: DistributionView | undefined;

function showDistribution(d: DistributionView): void {
  distributionData = d;
  lastDrawMs = distribution.update(d);
  state.distribution = d;
  persist();
}

function showMetrics(snap: MetricsSnapshot): void {
  const history = state.history ?? [];
  history.push(snap);
  const cutoff = snap.at - historyMinutes * 60_000;
  while (history.length && history[0].at < cutoff) history.shift();
  state.history = history;
  distribution.setMetrics(snap);
  metrics.update(snap, history);
  persist();
}

function handle(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      historyMinutes = m.historyMinutes;
      return;
    case 'distribution':
      showDistribution(m.data);
      break;
    case 'metrics':
      showMetrics(m.data);
      break;
    case 'slowlog':
      metrics.updateSlowlog(m.data);
      break;
    case 'sample': {
      const resolve = pending.get(m.requestId);
      pending.delete(m.requestId);
      resolve?.({ keys: m.keys, owner: m.owner, error: m.error });
      return;
    }
    case 'status':
      distribution.setStatus(m.busy, m.text, m.error);
      return;
    case 'showTab':
      tabs.select(m.tab);
      tabShown(m.tab);
      scheduleReport();
      return;
  }
  scheduleReport();
}

onHostMessage(handle);
onThemeChange(() => {
  distribution.heatmap.themeChanged();
  metrics.charts.forEach((c) => c.themeChanged(state.history ?? []));
});

// Restore what was on screen before a reload, then ask for fresh data.
tabs.select(state.tab);
setupDone = true;
if (saved && typeof saved === 'object' && 'distribution' in saved && saved.distribution)
  showDistribution(saved.distribution as DistributionView);
if (state.pinnedSlot !== undefined) distribution.pin(state.pinnedSlot);
const lastSnap = state.history?.[state.history.length - 1];
if (lastSnap) metrics.update(lastSnap, state.history ?? []);

window.addEventListener('error', (e) => post({ type: 'error', message: String(e.message) }));

/** For the browser test: redraw time of the heat map for fresh count arrays. */
(window as unknown as { redisDashboard: unknown }).redisDashboard = {
  benchRedraw(runs: number): { medianMs: number; maxMs: number; runs: number } {
    const d = distributionData;
    if (!d) return { medianMs: NaN, maxMs: NaN, runs: 0 };
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const counts = d.counts.map(() => Math.floor(Math.random() * 40));
      times.push(distribution.heatmap.draw({ ...d, counts }));
    }
    distribution.heatmap.draw(d);
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], runs };
  },
};

post({ type: 'ready' });
