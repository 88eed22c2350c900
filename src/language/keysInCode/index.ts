// Keys in code: diagnostics, hovers, lenses and quick fixes over the vscode-free analyzer in src/core/keysInCode.
import * as vscode from 'vscode';
import type { BaseServices } from '../../services/base';
import { KeysInCodeController } from './controller';
import { keyHoverProvider } from './hover';
import { keyFixProvider, slotLensProvider } from './lensAndFixes';

export const KEYS_IN_CODE_SELECTOR: vscode.DocumentSelector = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'java',
  'kotlin',
  'python',
].map((language) => ({ language }));

export function createKeysInCode(s: BaseServices): KeysInCodeController {
  const controller = new KeysInCodeController(s.log);
  s.context.subscriptions.push(
    controller,
    vscode.languages.registerHoverProvider(KEYS_IN_CODE_SELECTOR, keyHoverProvider(s, controller)),
    vscode.languages.registerCodeLensProvider(KEYS_IN_CODE_SELECTOR, slotLensProvider(controller)),
    vscode.languages.registerCodeActionsProvider(KEYS_IN_CODE_SELECTOR, keyFixProvider(controller), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
  return controller;
}
