// One QuickInput that walks through steps with a Back button (and Escape to cancel), instead of a chain of
// separate boxes. A step asks one thing and returns the next step; Back re-runs the previous step, which
// shows what was entered before because the steps keep their answers in the caller's state object.
import * as vscode from 'vscode';

export type Step = (input: MultiStepInput) => Promise<Step | undefined>;

class Back extends Error {}
class Cancelled extends Error {}

interface Common {
  title: string;
  step: number;
  totalSteps: number;
  /** Extra title-bar buttons (e.g. Browse…); pressing one resolves with it. */
  buttons?: vscode.QuickInputButton[];
}

export interface InputBoxStep extends Common {
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  validate?(value: string): string | undefined;
}

export interface QuickPickStep<T extends vscode.QuickPickItem> extends Common {
  placeholder: string;
  items: T[];
  active?: T;
}

export class MultiStepInput {
  private current: vscode.QuickInput | undefined;
  private readonly history: Step[] = [];

  /** Runs the steps; true when the last one finished, false when cancelled. */
  static async run(first: Step): Promise<boolean> {
    return new MultiStepInput().loop(first);
  }

  private async loop(first: Step): Promise<boolean> {
    let step: Step | undefined = first;
    try {
      while (step) {
        this.history.push(step);
        try {
          step = await step(this);
        } catch (e) {
          if (!(e instanceof Back)) throw e;
          this.history.pop();
          step = this.history.pop();
        }
      }
      return true;
    } catch (e) {
      if (e instanceof Cancelled) return false;
      throw e;
    } finally {
      this.current?.dispose();
    }
  }

  private buttons(c: Common): vscode.QuickInputButton[] {
    return [...(this.history.length > 1 ? [vscode.QuickInputButtons.Back] : []), ...(c.buttons ?? [])];
  }

  /** The value typed, or the extra button pressed. */
  async inputBox(o: InputBoxStep): Promise<string | vscode.QuickInputButton> {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.step = o.step;
    box.totalSteps = o.totalSteps;
    box.prompt = o.prompt;
    box.value = o.value ?? '';
    box.placeholder = o.placeholder;
    box.password = !!o.password;
    box.ignoreFocusOut = true;
    box.buttons = this.buttons(o);
    const validate = () => {
      box.validationMessage = o.validate?.(box.value);
      return !box.validationMessage;
    };
    return this.show(box, (resolve, subs) => {
      subs.push(
        box.onDidChangeValue(() => validate()),
        box.onDidAccept(() => {
          if (validate()) resolve(box.value);
        }),
      );
    });
  }

  /** The item picked, or the extra button pressed. */
  async quickPick<T extends vscode.QuickPickItem>(o: QuickPickStep<T>): Promise<T | vscode.QuickInputButton> {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = o.title;
    pick.step = o.step;
    pick.totalSteps = o.totalSteps;
    pick.placeholder = o.placeholder;
    pick.items = o.items;
    pick.ignoreFocusOut = true;
    if (o.active) pick.activeItems = [o.active];
    pick.buttons = this.buttons(o);
    return this.show(pick, (resolve, subs) => {
      subs.push(pick.onDidAccept(() => pick.selectedItems[0] && resolve(pick.selectedItems[0])));
    });
  }

  private show<R>(
    input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
    wire: (resolve: (r: R) => void, subs: vscode.Disposable[]) => void,
  ): Promise<R | vscode.QuickInputButton> {
    const subs: vscode.Disposable[] = [];
    return new Promise<R | vscode.QuickInputButton>((resolve, reject) => {
      wire(resolve, subs);
      subs.push(
        input.onDidTriggerButton((b) => (b === vscode.QuickInputButtons.Back ? reject(new Back()) : resolve(b))),
        input.onDidHide(() => reject(new Cancelled())),
      );
      // Replace the previous step's input only now, so the widget never flickers closed between steps.
      this.current?.dispose();
      this.current = input;
      input.show();
    }).finally(() => {
      for (const d of subs) d.dispose();
    });
  }
}
