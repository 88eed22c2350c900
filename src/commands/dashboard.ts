// Opening the dashboard: from the palette, a tree item ({ profile }), the status bar or a notification.
import type { Services } from '../services';
import { pickProfile } from '../ui/pick';
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
  };
}
