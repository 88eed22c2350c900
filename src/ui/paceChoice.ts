// The pace of slot moves (src/core/admin/ops/pace.ts) as the confirmation offers it: both paces as buttons, the
// setting's first (it is also what callers that skip the confirmation get).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { type Pace, isPace } from '../core/admin/ops/pace';
import type { Choice } from './confirm';

export const PACE_SETTING = 'redisCluster.migrationPace';

export function paceChoices(): Choice<Pace>[] {
  const v = vscode.workspace.getConfiguration().get<string>(PACE_SETTING, 'fast');
  const first: Pace = isPace(v) ? v : 'fast';
  const label = (p: Pace): string => (p === 'gentle' ? l10n.t('Move Gently (spares clients)') : l10n.t('Move Fast'));
  const order: Pace[] = first === 'fast' ? ['fast', 'gentle'] : ['gentle', 'fast'];
  return order.map((pace) => ({ label: label(pace), value: pace }));
}
