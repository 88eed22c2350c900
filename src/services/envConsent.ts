// A workspace profile's passwordEnv names a variable of the user's environment (it could be GITHUB_TOKEN) and
// the repository chooses the hosts: its value is sent only after the user allows it, once per workspace and
// variable. The answer lives in workspaceState, which is already per workspace. User profiles are not asked.
import * as vscode from 'vscode';
import type { ClusterProfile } from '../core/profile';

export type EnvConsent = 'allow' | 'deny';

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
    const answer = await vscode.window.showWarningMessage(
      `Profile "${profile.name}" from this workspace wants to send $${variable} to hosts ${profile.nodes.join(', ')}.`,
      {
        modal: true,
        detail:
          'The workspace settings choose both the variable and the hosts. Allow only if you know this repository. ' +
          'The answer is remembered for this workspace.',
      },
      ALLOW_ENV,
      USE_SET_PASSWORD,
    );
    if (answer === ALLOW_ENV || answer === USE_SET_PASSWORD) await this.remember(variable, answer === ALLOW_ENV ? 'allow' : 'deny');
    return answer === ALLOW_ENV;
  }
}
