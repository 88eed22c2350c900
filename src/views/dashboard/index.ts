// Dashboard panels: one per profile, restored after a reload by a WebviewPanelSerializer (no
// retainContextWhenHidden: the webview keeps its own state with getState/setState).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import { type RenderReport, type TabId, isDashboardState } from '../../shared/protocol';
import { DashboardPanel, type MetricsFeed, VIEW_TYPE } from './panel';
import { localResourceRoots } from './html';
import { shouldAutoConnect } from '../tree/autoConnect';

export class Dashboards implements vscode.Disposable {
  private readonly panels = new Map<string, DashboardPanel>();

  constructor(
    private readonly s: BaseServices,
    private readonly feed: MetricsFeed,
  ) {
    s.context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
          if (!isDashboardState(state)) {
            // Nothing says which cluster this was: close rather than show a dashboard that can never load.
            panel.dispose();
            return;
          }
          // A restored panel would connect on its own: in Restricted Mode a workspace profile connects only on request.
          let entry;
          try {
            entry = this.s.profiles.get(state.profile);
          } catch {
            panel.dispose(); // a bare name that now means two profiles: which one is unknowable
            return;
          }
          if (entry && !shouldAutoConnect(entry, vscode.workspace.isTrusted)) {
            this.s.log.info(`dashboard for "${state.profile}" not restored: Restricted Mode (open it again to connect)`);
            panel.dispose();
            return;
          }
          // Profiles may still be loading here; an unknown profile shows its error in the panel's status line.
          this.adopt(panel, entry?.id ?? state.profile, state.tab);
        },
      }),
    );
  }

  /** Panels are keyed by profile id; callers may name a profile by a bare name only one profile has. */
  open(ref: string, tab: TabId = 'distribution'): DashboardPanel {
    const profile = this.s.profiles.idOf(ref);
    const existing = this.panels.get(profile);
    if (existing) {
      existing.reveal();
      existing.showTab(tab);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      l10n.t('Redis Cluster: {0}', this.s.profiles.label(profile)),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: localResourceRoots(this.s.context.extensionUri),
      },
    );
    return this.adopt(panel, profile, tab);
  }

  get(ref: string): DashboardPanel | undefined {
    return this.panels.get(this.s.profiles.idOf(ref));
  }

  /** Test hook: what the webview of a profile's dashboard last reported rendering. */
  report(ref: string): RenderReport | undefined {
    return this.get(ref)?.lastReport;
  }

  private adopt(panel: vscode.WebviewPanel, profile: string, tab: TabId): DashboardPanel {
    const d = new DashboardPanel(panel, this.s, profile, () => this.panels.delete(profile), tab, this.feed);
    this.panels.set(profile, d);
    return d;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
