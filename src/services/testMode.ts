// Hooks for the project's own tests (the Services object as activate()'s exports, internal commands, the webview's
// bench hook) exist only under a test runner. A user's install always runs in ExtensionMode.Production, where another
// extension could otherwise reach live authenticated sessions; there they never exist.
import * as vscode from 'vscode';

/**
 * ExtensionMode.Test: the extension-host suite (extensionTestsPath). The browser tests run the extension from its
 * folder (ExtensionMode.Development, because in Test mode VS Code refuses the modal dialogs they click through) and
 * ask for the hooks with REDIS_CLUSTER_TEST_HOOKS=1; an installed extension never runs in Development mode.
 */
export function testHooksEnabled(context: vscode.ExtensionContext): boolean {
  if (context.extensionMode === vscode.ExtensionMode.Test) return true;
  return context.extensionMode === vscode.ExtensionMode.Development && process.env.REDIS_CLUSTER_TEST_HOOKS === '1';
}
