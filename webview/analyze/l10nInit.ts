// The display language's translations, before any module builds text: the panel puts the bundle in the page
// (body data-l10n, JSON; no script runs from it), and every string of the report goes through the same l10n.t.
import * as l10n from '@vscode/l10n';

const raw = document.body.dataset.l10n;
if (raw) l10n.config({ contents: JSON.parse(raw) as Record<string, string> });
