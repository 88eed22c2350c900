// Opening the dashboard: from the palette, a tree item ({ profile }), the status bar or a notification.
import type { Services } from '../services';
import type { RenderReport } from '../shared/protocol';
import { pickProfile, profileNameOf } from '../ui/pick';
import type { CommandHandler } from './types';

export function dashboardCommands(s: Services): Record<string, CommandHandler> {
  const { dashboards } = s;
  return {
    'redisCluster.openDashboard': async (arg?: unknown) => {
      const profile = await pickProfile(s, arg);
      if (!profile) return;
      const tab = typeof arg === 'object' && arg !== null && 'tab' in arg && arg.tab === 'metrics' ? 'metrics' : 'distribution';
      dashboards.open(profile, tab);
      return profile;
    },
    // Internal (not in the palette): lets extension-host tests wait for what the webview really rendered.
    'redisCluster._dashboardRendered': async (arg?: unknown, timeoutMs?: unknown): Promise<RenderReport | undefined> => {
      const name = profileNameOf(arg);
      const panel = name ? dashboards.get(name) : undefined;
      if (!panel) return undefined;
      const want = typeof arg === 'object' && arg !== null && 'tab' in arg ? arg.tab : undefined;
      const minNodeRows =
        typeof arg === 'object' && arg !== null && 'minNodeRows' in arg && typeof arg.minNodeRows === 'number' ? arg.minNodeRows : 0;
      return panel.waitForReport(
        (r) => r.heatmapCells > 0 && (!want || r.tab === want) && r.nodeRows >= minNodeRows,
        typeof timeoutMs === 'number' ? timeoutMs : 30000,
      );
    },
    'redisCluster._dashboardPolling': (arg?: unknown): boolean | undefined => {
      const name = profileNameOf(arg);
      return name ? dashboards.get(name)?.isPolling : undefined;
    },
  };
}
