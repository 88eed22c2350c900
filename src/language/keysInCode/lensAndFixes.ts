// CodeLens above a function whose literal keys land in several slots, and the quick fixes of our warnings.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { type KeysInCodeController, diagnosticCode } from './controller';

export function slotLensProvider(controller: KeysInCodeController): vscode.CodeLensProvider {
  const changed = new vscode.EventEmitter<void>();
  controller.onDidAnalyze(() => changed.fire());
  return {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc) {
      const a = await controller.analysisFor(doc);
      if (!a) return [];
      return a.lenses.map((l) => {
        const shown = l.slots.length > 6 ? `${l.slots.slice(0, 6).join(', ')}, …` : l.slots.join(', ');
        const pos = doc.positionAt(l.start);
        return new vscode.CodeLens(new vscode.Range(pos, pos), {
          title: l10n.t('Redis: keys in {0} land in {1} slots ({2})', l.fnName, l.slots.length, shown),
          tooltip: l10n.t(
            'Literal keys of this function hash to different slots: a multi-key command or MULTI over them fails with CROSSSLOT.',
          ),
          command: '',
        });
      });
    },
  };
}

export function keyFixProvider(controller: KeysInCodeController): vscode.CodeActionProvider {
  return {
    async provideCodeActions(doc, _range, context) {
      const actions: vscode.CodeAction[] = [];
      for (const d of context.diagnostics) {
        if (!diagnosticCode(d)?.startsWith('redis-cluster.')) continue;
        const finding = await controller.findingFor(doc, d);
        for (const fix of finding?.fixes ?? []) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = fix === finding?.fixes[0];
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
          actions.push(action);
        }
      }
      return actions;
    },
  };
}
