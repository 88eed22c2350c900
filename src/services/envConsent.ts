// A workspace profile's passwordEnv names a variable of the user's environment (it could be GITHUB_TOKEN) and
// the repository chooses the hosts: its value is sent only after the user allows it, once per workspace and
// variable. The answer lives in workspaceState, which is already per workspace. User profiles are not asked.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ClusterProfile } from '../core/profiles/profile';

export type EnvConsent = 'allow' | 'deny';

/** The buttons' English texts (what tests answer with); shown through l10n.t. */
export const ALLOW_ENV = 'Allow';
export const USE_SET_PASSWORD = 'Use Set Password instead';

export function envConsentKey(variable: string): string {
  return `redisCluster.passwordEnvConsent.${variable}`;
}

export class EnvConsents {
  /** One question per variable at a time, however many connects (tree, monitor, commands) ask together. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(private readonly state: vscode.Memento) {}

  remembered(variable: string): EnvConsent | undefined {
    const v = this.state.get<unknown>(envConsentKey(variable));
    return v === 'allow' || v === 'deny' ? v : undefined;
  }

  async remember(variable: string, answer: EnvConsent | undefined): Promise<void> {
    await this.state.update(envConsentKey(variable), answer);
  }

  /** Whether the variable's value may be sent for this profile; asks the first time. A dismissed question is not kept. */
  allowed(profile: ClusterProfile, variable: string): Promise<boolean> {
    const known = this.remembered(variable);
    if (known) return Promise.resolve(known === 'allow');
    const inflight = this.asking.get(variable);
    if (inflight) return inflight;
    const asked = this.ask(profile, variable).finally(() => this.asking.delete(variable));
    this.asking.set(variable, asked);
    return asked;
  }

  private async ask(profile: ClusterProfile, variable: string): Promise<boolean> {
    const allow = l10n.t('Allow');
    const deny = l10n.t('Use Set Password instead');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('Profile "{0}" from this workspace wants to send ${1} to hosts {2}.', profile.name, variable, profile.nodes.join(', ')),
      {
        modal: true,
        detail:
          `${l10n.t('The workspace settings choose both the variable and the hosts. Allow only if you know this repository.')} ` +
          l10n.t('The answer is remembered for this workspace.'),
      },
      allow,
      deny,
    );
    if (answer === allow || answer === deny) await this.remember(variable, answer === allow ? 'allow' : 'deny');
    return answer === allow;
  }
}
