// Stubs vscode.window's input box and notification functions for tests of gated actions (confirmations,
// typed names, refusals). Modal messages are the confirmations: they are recorded as `confirm: …` in
// `asked` and answered by `modal`; non-modal notifications are recorded in `shown` and dismissed.
import * as vscode from 'vscode';

export interface Ui {
  /** Input boxes and modal confirmations, in order: `inputBox: title | prompt`, `confirm: kind: message | detail | actions`. */
  asked: string[];
  /** Non-modal notifications: `kind: message | detail | actions`. */
  shown: string[];
  restore(): void;
}

export function stubWindow(answers: { inputBox?(o: vscode.InputBoxOptions): string | undefined; modal?(message: string): string | undefined }): Ui {
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = ['showInputBox', 'showWarningMessage', 'showErrorMessage', 'showInformationMessage'] as const;
  const saved = Object.fromEntries(names.map((n) => [n, w[n]]));
  const ui: Ui = { asked: [], shown: [], restore: () => Object.assign(w, saved) };
  w.showInputBox = (o: vscode.InputBoxOptions = {}) => {
    ui.asked.push(`inputBox: ${o.title} | ${o.prompt}`);
    return Promise.resolve(answers.inputBox?.(o));
  };
  const notify = (kind: string) => (message: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
    const text = `${kind}: ${message} | ${options?.detail ?? ''} | ${rest.filter((r) => typeof r === 'string').join(', ')}`;
    if (options?.modal) {
      ui.asked.push(`confirm: ${text}`);
      return Promise.resolve(answers.modal?.(message));
    }
    ui.shown.push(text);
    return Promise.resolve(undefined);
  };
  w.showWarningMessage = notify('warning');
  w.showErrorMessage = notify('error');
  w.showInformationMessage = notify('info');
  return ui;
}
