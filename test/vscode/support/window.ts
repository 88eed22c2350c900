// vscode.window's functions are writable in the extension host: a test swaps some for scripted ones and puts the
// real ones back afterwards. The two stubs (prompts.ts for palette flows, notifications.ts for gates and
// notifications) and the tests that watch panels or pickers being created all do it through here.
import * as vscode from 'vscode';

type Window = typeof vscode.window;
type Replacements = { [K in keyof Window]?: (...args: never[]) => unknown };

/** Replaces the given functions of vscode.window; the returned function restores the real ones. */
export function replaceWindow(fns: Replacements): () => void {
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(fns).map((k) => [k, w[k]]));
  Object.assign(w, fns);
  return () => Object.assign(w, saved);
}

/** The options and the button labels of a show…Message call's arguments after the message. */
export function messageArgs(rest: unknown[]): { options?: vscode.MessageOptions; actions: string[] } {
  const first = rest[0];
  const options = typeof first === 'object' && first !== null ? (first as vscode.MessageOptions) : undefined;
  return { options, actions: rest.filter((r): r is string => typeof r === 'string') };
}
