// Safety gates shared by every admin and destructive action: readOnly refuses, protected demands the typed
// profile name, everything else gets a modal confirmation that names what will happen.
import * as vscode from 'vscode';
import type { ClusterProfile } from '../core/profile';

export type GateKind = 'admin' | 'write';

/** Returns true only when the user confirmed. `detail` should say what changes and what cannot be undone. */
export async function confirmAction(profile: ClusterProfile, title: string, detail: string, kind: GateKind = 'admin'): Promise<boolean> {
  if (profile.readOnly) {
    void vscode.window.showErrorMessage(`Profile "${profile.name}" is read-only: ${kind === 'admin' ? 'admin actions are' : 'changes are'} refused. Remove "readOnly" from the profile to allow this.`);
    return false;
  }
  if (profile.protected) {
    const typed = await vscode.window.showInputBox({
      title,
      prompt: `${detail}\nProfile "${profile.name}" is protected: type its name to confirm.`,
      placeHolder: profile.name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === profile.name || v === '' ? undefined : `Type "${profile.name}" exactly`),
    });
    return typed === profile.name;
  }
  const go = 'Continue';
  const answer = await vscode.window.showWarningMessage(title, { modal: true, detail }, go);
  return answer === go;
}

/**
 * Like confirmAction, with several ways to go ahead (e.g. "Move Gentle" / "Move Fast"): resolves with the action
 * picked, or undefined when declined. A protected profile types its name, then goes ahead with the first action.
 */
export async function confirmChoice(profile: ClusterProfile, title: string, detail: string, actions: string[]): Promise<string | undefined> {
  if (profile.readOnly || profile.protected) return (await confirmAction(profile, title, detail, 'admin')) ? actions[0] : undefined;
  return vscode.window.showWarningMessage(title, { modal: true, detail }, ...actions);
}
