// Answers the prompts of a palette flow inside the extension host: the command's real code runs, and its
// QuickPicks, InputBoxes, open dialogs, modal confirmations and notification buttons get scripted answers.
// vscode.window's functions are swapped through window.ts; restore() puts the real ones back.
// An unexpected QuickPick or InputBox throws (naming its title), so a flow that asks something new fails loudly.
import * as vscode from 'vscode';
import { messageArgs, replaceWindow } from './window';

export interface Item extends vscode.QuickPickItem {
  id?: string;
  mode?: string;
  key?: string;
  by?: string;
  shutdown?: boolean;
}

export interface Prompts {
  quickPick?(items: Item[], options: vscode.QuickPickOptions): Item | Item[] | undefined;
  inputBox?(options: vscode.InputBoxOptions): string | undefined;
  /** Modal warnings only (the confirmation); non-modal ones go to the real implementation. */
  modal?(message: string, options: vscode.MessageOptions, actions: string[]): string | undefined;
  /** showOpenDialog; without it the dialog throws. */
  openDialog?(options: vscode.OpenDialogOptions): vscode.Uri[] | undefined;
  /**
   * Information messages that offer buttons (e.g. "Save Profile…"): the chosen button, or undefined to dismiss.
   * Without it, information messages go to the real implementation.
   */
  info?(message: string, actions: string[]): string | undefined;
}

export interface Answered {
  /** Every prompt in order: "quickPick: <title>", "inputBox: <title>", "confirm: <message>", "info: <message>", … */
  asked: string[];
  restore(): void;
}

/** Replaces the prompt functions of vscode.window; returns the log of what was asked and a restore function. */
export function answerPrompts(p: Prompts): Answered {
  const real = vscode.window;
  const realWarning = real.showWarningMessage.bind(real) as (...a: unknown[]) => Thenable<unknown>;
  const realInfo = real.showInformationMessage.bind(real) as (...a: unknown[]) => Thenable<unknown>;
  const realError = real.showErrorMessage.bind(real) as (...a: unknown[]) => Thenable<unknown>;
  const asked: string[] = [];
  const restore = replaceWindow({
    showQuickPick: async (items: Item[] | Thenable<Item[]>, options: vscode.QuickPickOptions = {}) => {
      asked.push(`quickPick: ${options.title}`);
      const answer = p.quickPick?.(await items, options);
      if (answer === undefined) throw new Error(`unexpected QuickPick "${options.title}"`);
      return answer;
    },
    showInputBox: async (options: vscode.InputBoxOptions = {}) => {
      asked.push(`inputBox: ${options.title}`);
      const answer = p.inputBox?.(options);
      if (answer === undefined) throw new Error(`unexpected InputBox "${options.title}"`);
      const invalid = await options.validateInput?.(answer);
      if (invalid) throw new Error(`the command's own validation refused "${answer}": ${JSON.stringify(invalid)}`);
      return answer;
    },
    showOpenDialog: async (options: vscode.OpenDialogOptions = {}) => {
      asked.push(`openDialog: ${options.title}`);
      const answer = p.openDialog?.(options);
      if (answer === undefined) throw new Error(`unexpected open dialog "${options.title}"`);
      return answer;
    },
    showWarningMessage: (message: string, ...rest: unknown[]) => {
      const { options, actions } = messageArgs(rest);
      if (options?.modal) {
        asked.push(`confirm: ${message}`);
        return Promise.resolve(p.modal?.(message, options, actions));
      }
      asked.push(`warning: ${message}`);
      return realWarning(message, ...rest);
    },
    showInformationMessage: (message: string, ...rest: unknown[]) => {
      asked.push(`info: ${message}`);
      return p.info ? Promise.resolve(p.info(message, messageArgs(rest).actions)) : realInfo(message, ...rest);
    },
    showErrorMessage: (message: string, ...rest: unknown[]) => {
      asked.push(`error: ${message}`);
      return realError(message, ...rest);
    },
  });
  return { asked, restore };
}

/** Runs a command with the prompts answered; the stubs are removed even when it throws. */
export async function runAnswered<T>(p: Prompts, command: string, ...args: unknown[]): Promise<{ result: T | undefined; asked: string[] }> {
  const ui = answerPrompts(p);
  try {
    return { result: await vscode.commands.executeCommand<T>(command, ...args), asked: ui.asked };
  } finally {
    ui.restore();
  }
}
