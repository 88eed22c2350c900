// Commands that belong to no feature: the log, and the Get Started walkthrough.
import type { Services } from '../services';
import type { CommandHandler } from './types';

export function generalCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.showLog': () => s.log.show(),
    'redisCluster.getStarted': () => s.walkthrough.open(),
  };
}
