// Stubs vscode.window's prompts and notifications for tests that read what a command asked and showed (gates,
// confirmations, typed names, refusals, the profile wizard). Modal messages are the confirmations: recorded as
// `confirm: …` in `asked` and answered by `modal`; non-modal notifications are recorded in `shown` and dismissed.
// QuickPicks and open dialogs are stubbed only when an answer for them is given. Input boxes return the answer
// as given, without the box's own validation, so a test can check that the command refuses a bad answer itself.
import * as vscode from 'vscode';
import { messageArgs, replaceWindow } from './window';

export interface Ui {
  /**
   * Prompts in order: `inputBox: title | prompt`, `quickPick: title | labels`, `openDialog: title`,
   * `confirm: kind: message | detail | actions`.
   */
  asked: string[];
  /** Non-modal notifications: `kind: message | detail | actions`. */
  shown: string[];
  restore(): void;
}

export interface Answers {
  inputBox?(o: vscode.InputBoxOptions): string | undefined;
  quickPick?(items: vscode.QuickPickItem[], o: vscode.QuickPickOptions): vscode.QuickPickItem | undefined;
  openDialog?(o: vscode.OpenDialogOptions): vscode.Uri[] | undefined;
  modal?(message: string): string | undefined;
}

export function stubWindow(answers: Answers): Ui {
  const asked: string[] = [];
  const shown: string[] = [];
  const notify =
    (kind: string) =>
    (message: string, ...rest: unknown[]) => {
      const { options, actions } = messageArgs(rest);
      const text = `${kind}: ${message} | ${options?.detail ?? ''} | ${actions.join(', ')}`;
      if (options?.modal) {
        asked.push(`confirm: ${text}`);
        return Promise.resolve(answers.modal?.(message));
      }
      shown.push(text);
      return Promise.resolve(undefined);
    };
  const restore = replaceWindow({
    showInputBox: (o: vscode.InputBoxOptions = {}) => {
      asked.push(`inputBox: ${o.title} | ${o.prompt}`);
      return Promise.resolve(answers.inputBox?.(o));
    },
    showWarningMessage: notify('warning'),
    showErrorMessage: notify('error'),
    showInformationMessage: notify('info'),
    ...(answers.quickPick && {
      showQuickPick: async (items: vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>, o: vscode.QuickPickOptions = {}) => {
        const list = await items;
        asked.push(`quickPick: ${o.title} | ${list.map((i) => i.label).join(', ')}`);
        return answers.quickPick?.(list, o);
      },
    }),
    ...(answers.openDialog && {
      showOpenDialog: (o: vscode.OpenDialogOptions = {}) => {
        asked.push(`openDialog: ${o.title}`);
        return Promise.resolve(answers.openDialog?.(o));
      },
    }),
  });
  return { asked, shown, restore };
}
