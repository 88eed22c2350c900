// The "Get Started with Redis Cluster" walkthrough (package.json contributes.walkthroughs) follows an operator's
// migration checklist. Its steps complete on the user's own actions, through context keys this extension sets when
// a command has really done its job (a check that passed, a snippet copied), not when it was merely invoked
// (onCommand would tick a step the user cancelled). "Profile added" and "connected" also use the keys that
// views/contextKeys.ts keeps anyway. VS Code remembers completed steps itself.
import * as vscode from 'vscode';
import type { BaseServices } from '../services/base';

export const WALKTHROUGH_ID = 'getStarted';

/** Context key set once the step's command succeeded. */
/** A command handler, as commands/types.ts has it (not imported: services hold this file). */
type CommandHandler = (...args: unknown[]) => unknown;

export const walkthroughKey = (step: string) => `redisCluster.walkthrough.${step}`;

const isRecord = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null;
const someResult = (r: unknown) => r !== undefined && r !== null;

/** Command id -> the step it completes, and how to tell from its result that it did what the step asks. */
export const WALKTHROUGH_STEPS: Record<string, { step: string; done(result: unknown): boolean }> = {
  'redisCluster.startDevCluster': { step: 'nodesStarted', done: (r) => typeof r === 'string' },
  'redisCluster.setUpCluster': { step: 'nodesStarted', done: (r) => isRecord(r) && r.ok === true },
  'redisCluster.check': { step: 'checkPassed', done: (r) => isRecord(r) && r.ok === true },
  'redisCluster.copyConnectionSettings': { step: 'snippetCopied', done: (r) => typeof r === 'string' },
  'redisCluster.importSpringProfile': { step: 'springImported', done: (r) => typeof r === 'string' },
  'redisCluster.openDashboard': { step: 'dashboardOpened', done: someResult },
  'redisCluster.diagnose': { step: 'diagnoseRun', done: isRecord },
  'redisCluster.exportTopology': { step: 'topologyExported', done: (r) => typeof r === 'string' },
  'redisCluster.exportProfileFile': { step: 'profileExported', done: (r) => typeof r === 'string' },
};

/** The handler, marking its walkthrough step done when the command succeeded. Errors pass through untouched. */
export function trackWalkthroughStep(id: string, handler: CommandHandler): CommandHandler {
  const step = WALKTHROUGH_STEPS[id];
  if (!step) return handler;
  return async (...args: unknown[]) => {
    const result = await handler(...args);
    if (step.done(result)) void vscode.commands.executeCommand('setContext', walkthroughKey(step.step), true);
    return result;
  };
}

/**
 * What is already true (a profile exists, a cluster is connected) ticks its step too, but only once the walkthrough
 * is registered: VS Code registers it when its Welcome page is first used, up to 5 s later, and a key that was
 * already true then never ticks its step (VS Code acts on changes). So the state keys turn true a moment after Get
 * Started opened the walkthrough, and on every later change.
 */
export class WalkthroughState implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly shown = new Set<string>();
  private started = false;

  constructor(private readonly s: BaseServices) {
    // Also when opened from VS Code's own Welcome page: its tab says so ("Walkthrough: Redis Cluster").
    this.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(() => this.whenShowing()));
  }

  /** Opens the walkthrough on VS Code's Welcome page. */
  async open(): Promise<void> {
    const id = `${this.s.context.extension.id}#${WALKTHROUGH_ID}`;
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', id, false);
    this.timer ??= setTimeout(() => this.start(), REGISTRATION_DELAY_MS);
    this.whenShowing();
  }

  /** Our walkthrough on screen means VS Code has registered it: the state can be told now. */
  private whenShowing(): void {
    if (vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /walkthrough/i.test(t.label) && t.label.includes(PRODUCT_NAME))))
      this.start();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.subscriptions.push(
      this.s.profiles.onDidChange(() => this.update()),
      this.s.connections.onDidChange(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const state: Record<string, boolean> = {
      profileAdded: this.s.profiles.list().some((e) => e.profile),
      connected: this.s.connections.all().some((c) => c.state === 'connected'),
    };
    for (const [step, value] of Object.entries(state)) {
      if (!value || this.shown.has(step)) continue;
      this.shown.add(step);
      void vscode.commands.executeCommand('setContext', walkthroughKey(step), true);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The extension's display name, which VS Code puts in the walkthrough's tab label. */
const PRODUCT_NAME = 'Redis Cluster';
/** VS Code waits up to 5 s (an experiment service) before it registers an extension's walkthrough. */
const REGISTRATION_DELAY_MS = 6_000;
