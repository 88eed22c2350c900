// Drives the real QuickInputs (createInputBox / createQuickPick) a command shows, the way a keyboard user would:
// the answer is typed into the value or made the active item, then the workbench's own accept and back commands
// run. Each shown input is recorded as "inputBox: <title> (<step>/<total>) | <prompt> | value=<prefilled>".
import * as vscode from 'vscode';

export type QuickInputAnswer = { value: string } | { pick: string } | 'back' | 'cancel';

export interface ShownInput {
  kind: 'inputBox' | 'quickPick';
  /** "<title> (<step>/<total>)", like the chained prompts' titles. */
  title: string;
  step?: number;
  prompt?: string;
  password: boolean;
  /** The value the input opened with (a step shown again after Back keeps its answer). */
  value: string;
  items: string[];
}

export interface Driven {
  shown: ShownInput[];
  restore(): void;
}

const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';
const BACK = 'workbench.action.quickInputBack';

export function driveQuickInputs(answer: (input: ShownInput) => QuickInputAnswer | undefined): Driven {
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = { createInputBox: w.createInputBox, createQuickPick: w.createQuickPick };
  const shown: ShownInput[] = [];
  const respond = async (input: ShownInput, apply: (a: { value: string } | { pick: string }) => void, hide: () => void) => {
    shown.push(input);
    // Let the workbench render it first, as a person would see it before typing.
    await new Promise((r) => setTimeout(r, 50));
    const a = answer(input);
    if (a === undefined || a === 'cancel') return hide();
    if (a === 'back') return void (await vscode.commands.executeCommand(BACK));
    apply(a);
    // The extension host sends property changes to the workbench on a timer; accept only after they landed.
    await new Promise((r) => setTimeout(r, 100));
    await vscode.commands.executeCommand(ACCEPT);
  };
  const titleOf = (q: vscode.QuickInput) => `${q.title ?? ''}${q.step ? ` (${q.step}/${q.totalSteps})` : ''}`;
  w.createInputBox = () => {
    const box = (saved.createInputBox as () => vscode.InputBox).call(vscode.window);
    const show = box.show.bind(box);
    box.show = () => {
      show();
      const input: ShownInput = {
        kind: 'inputBox',
        title: titleOf(box),
        step: box.step,
        prompt: box.prompt,
        password: box.password,
        value: box.value,
        items: [],
      };
      void respond(
        input,
        (a) => {
          if ('value' in a) box.value = a.value;
        },
        () => box.hide(),
      );
    };
    return box;
  };
  w.createQuickPick = () => {
    const pick = (saved.createQuickPick as () => vscode.QuickPick<vscode.QuickPickItem>).call(vscode.window);
    const show = pick.show.bind(pick);
    pick.show = () => {
      show();
      const input: ShownInput = {
        kind: 'quickPick',
        title: titleOf(pick),
        step: pick.step,
        prompt: pick.placeholder,
        password: false,
        value: pick.activeItems[0]?.label ?? '',
        items: pick.items.map((i) => i.label),
      };
      void respond(
        input,
        (a) => {
          const item = 'pick' in a ? pick.items.find((i) => i.label === a.pick) : undefined;
          if (!item) throw new Error(`no item "${'pick' in a ? a.pick : ''}" in ${input.title}: ${input.items.join(', ')}`);
          pick.activeItems = [item];
        },
        () => pick.hide(),
      );
    };
    return pick;
  };
  return { shown, restore: () => Object.assign(w, saved) };
}
