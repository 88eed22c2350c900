// Safety gates shared by every admin and destructive action: readOnly refuses, protected demands the typed
// profile name, everything else gets a modal confirmation that names what will happen.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { ClusterProfile } from '../core/profiles/profile';

export type GateKind = 'admin' | 'write';

/** Returns true only when the user confirmed. `detail` should say what changes and what cannot be undone. */
export async function confirmAction(profile: ClusterProfile, title: string, detail: string, kind: GateKind = 'admin'): Promise<boolean> {
  if (profile.readOnly) {
    void vscode.window.showErrorMessage(
      kind === 'admin'
        ? l10n.t('Profile "{0}" is read-only: admin actions are refused. Remove "readOnly" from the profile to allow this.', profile.name)
        : l10n.t('Profile "{0}" is read-only: changes are refused. Remove "readOnly" from the profile to allow this.', profile.name),
    );
    return false;
  }
  if (profile.protected) {
    const typed = await vscode.window.showInputBox({
      title,
      prompt: `${detail}\n${l10n.t('Profile "{0}" is protected: type its name to confirm.', profile.name)}`,
      placeHolder: profile.name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === profile.name || v === '' ? undefined : l10n.t('Type "{0}" exactly', profile.name)),
    });
    return typed === profile.name;
  }
  const go = l10n.t('Continue');
  const answer = await vscode.window.showWarningMessage(title, { modal: true, detail }, go);
  return answer === go;
}

/** A way to go ahead: the button's text and what it means to the caller. */
export interface Choice<C> {
  label: string;
  value: C;
}

/**
 * Like confirmAction, with several ways to go ahead (e.g. "Move Gently" / "Move Fast"): resolves with the value of
 * the choice picked, or undefined when declined. A protected profile types its name, then goes ahead with the first.
 */
export async function confirmChoice<C>(
  profile: ClusterProfile,
  title: string,
  detail: string,
  choices: readonly Choice<C>[],
): Promise<{ value: C } | undefined> {
  if (profile.readOnly || profile.protected)
    return (await confirmAction(profile, title, detail, 'admin')) ? { value: choices[0].value } : undefined;
  const picked = await vscode.window.showWarningMessage(title, { modal: true, detail }, ...choices.map((c) => c.label));
  // The buttons are this list's labels, in order: the one returned maps back here and nowhere else.
  const i = picked === undefined ? -1 : choices.findIndex((c) => c.label === picked);
  return i < 0 ? undefined : { value: choices[i].value };
}
