// Dashboard app entry (browser bundle). The page asks the host for its init message first: that message carries
// the translation bundle (translated with the same l10n.t as the extension) and whether test hooks are allowed;
// only then is the app built.
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import * as l10n from '@vscode/l10n';
import type { HostMessage } from '../src/shared/protocol';
import { DashboardApp, type AppState, type RedrawBench } from './dashboardApp';
import { loadState, onHostMessage, post } from './host';
import { onThemeChange } from './theme';
import { registerComponents } from './ui';

registerComponents();

const root = document.getElementById('app') as HTMLElement;
const saved = loadState();
// Diagnostics for tests and bug reports: which tab the saved state asked for.
root.dataset.restoredTab = String(saved.tab ?? 'none');
const state: AppState = {
  profile: root.dataset.profile ?? saved.profile ?? '',
  tab: saved.tab === 'metrics' ? 'metrics' : 'distribution',
  pinnedSlot: typeof saved.pinnedSlot === 'number' ? saved.pinnedSlot : undefined,
  history: Array.isArray(saved.history) ? saved.history : [],
  distribution: 'distribution' in saved && saved.distribution ? (saved as AppState).distribution : undefined,
};
let app: DashboardApp | undefined;

function start(init: Extract<HostMessage, { type: 'init' }>): DashboardApp {
  if (init.l10n) l10n.config({ contents: init.l10n });
  const built = new DashboardApp(root, state, init.historyMinutes);
  onThemeChange(() => built.themeChanged());
  if (init.testHooks) {
    // Only when the host runs under a test runner (ExtensionMode.Test): the browser test measures redraws.
    (window as unknown as { redisDashboard: { benchRedraw(runs: number): RedrawBench } }).redisDashboard = {
      benchRedraw: (runs) => built.benchRedraw(runs),
    };
  }
  return built;
}

onHostMessage((m) => {
  // Nothing is drawn before init; the host sends fresh data right after it.
  if (app) app.handle(m);
  else if (m.type === 'init') app = start(m);
});
window.addEventListener('error', (e) => post({ type: 'error', message: String(e.message) }));
post({ type: 'ready' });
