// Health → codicon and theme colour, so failing nodes stand out the same way everywhere in the tree.
import * as vscode from 'vscode';
import { type Health, severity } from '../../core/topology/nodeHealth';

export function healthIcon(h: Health, okIcon: string): vscode.ThemeIcon {
  switch (severity(h)) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    default:
      return new vscode.ThemeIcon(okIcon);
  }
}

export const ERROR_ICON = (): vscode.ThemeIcon => new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
export const WARNING_ICON = (): vscode.ThemeIcon => new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
export const LOADING_ICON = (): vscode.ThemeIcon => new vscode.ThemeIcon('loading~spin');
