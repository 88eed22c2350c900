// Opening a key's value in an editor: the size limit asks first, the language follows the content, and a
// paged collection offers its next page.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { displayKey } from '../../core/keys/keyName';
import { ValueTooLargeError, readValue } from '../../core/keys/values';
import type { BaseServices } from '../../services/base';
import { type KeyDocumentProvider, keyUri } from '../keyDocuments';
import { withKeyContext } from '../../services/keyContext';
import { keySettings } from './provider';

export async function openKeyValue(
  s: BaseServices,
  documents: KeyDocumentProvider,
  profile: string,
  key: Buffer,
  from?: string,
): Promise<vscode.TextEditor | undefined> {
  const { maxValueBytes } = keySettings();
  const read = (force: boolean) =>
    withKeyContext(s, profile, (c) => readValue(c.session, c.topology, key, { maxBytes: maxValueBytes, force, from }));
  let doc;
  try {
    doc = await read(false);
  } catch (e) {
    if (!(e instanceof ValueTooLargeError)) throw e;
    const open = l10n.t('Open Anyway');
    const answer = await vscode.window.showWarningMessage(
      l10n.t('Key {0} is large.', displayKey(key)),
      {
        modal: true,
        detail: l10n.t('{0}. Loading it may take a while and use memory in the editor.', e.message),
      },
      open,
    );
    if (answer !== open) return undefined;
    doc = await read(true);
  }
  const uri = keyUri({ profile, key, from }, doc.language);
  documents.prime(uri, doc);
  const textDoc = await vscode.workspace.openTextDocument(uri);
  if (doc.language === 'json' && textDoc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(textDoc, 'json');
  const editor = await vscode.window.showTextDocument(textDoc, { preview: false });
  const readOnly =
    doc.readOnlyReason ??
    (s.profiles.get(profile)?.profile?.readOnly ? l10n.t('profile "{0}" is read-only', s.profiles.label(profile)) : undefined);
  if (doc.partial?.next) {
    const next = l10n.t('Next Page');
    const text = l10n.t(
      '{0}: showing {1} of {2} elements (read-only).',
      displayKey(key),
      doc.partial.shown.toLocaleString('en-US'),
      doc.partial.total.toLocaleString('en-US'),
    );
    void vscode.window.showInformationMessage(text, next).then((a) => {
      if (a === next) void openKeyValue(s, documents, profile, key, doc.partial?.next);
    });
  } else if (readOnly) void vscode.window.setStatusBarMessage(`$(lock) ${displayKey(key)}: ${readOnly}`, 8000);
  return editor;
}
