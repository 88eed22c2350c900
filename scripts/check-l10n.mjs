// Localization stays wired: the committed l10n/bundle.l10n.json equals what @vscode/l10n-dev extracts from the
// l10n.t calls in src/ and webview/ (a new string without a regenerated bundle fails); there is one way to translate
// (@vscode/l10n's l10n.t, see src/services/l10n.ts), so vscode.l10n.t is refused; the webview's visible texts go
// through l10n.t (a literal handed to a text sink is reported); and every %key% that package.json references
// exists in package.nls.json. Exit code 1 on any mismatch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const problems = [];
const out = mkdtempSync(join(tmpdir(), 'l10n-'));
try {
  const r = spawnSync('npx', ['--no-install', 'vscode-l10n-dev', 'export', '--outDir', out, './src', './webview'], { encoding: 'utf8' });
  if (r.status !== 0) problems.push(`l10n-dev export failed: ${r.stderr || r.stdout}`);
  else {
    const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8'));
    const committed = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8'));
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in fresh));
    if (missing.length) problems.push(`not in l10n/bundle.l10n.json: ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
    if (stale.length) problems.push(`no longer in src/: ${stale.map((k) => JSON.stringify(k)).join(', ')}`);
    if (!missing.length && !stale.length && JSON.stringify(fresh) !== JSON.stringify(committed)) {
      problems.push('l10n/bundle.l10n.json differs from a fresh export (order or values)');
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const sources = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
for (const file of [...sources('src'), ...sources('webview')]) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/\bvscode\.l10n\.t\(/.test(line)) problems.push(`${file}:${i + 1}: vscode.l10n.t; use l10n.t from @vscode/l10n`);
    });
}
// The webview's text sinks: an English literal reaching one of them was not translated.
const SINKS = [
  String.raw`setText\([^,]+,`,
  String.raw`createButton\(`,
  String.raw`createBadge\(`,
  String.raw`stat\(`,
  'title:',
  'label:',
  String.raw`setAttribute\('aria-(?:label|roledescription|description)',`,
  String.raw`el\('[a-z0-9]+', (?:'[^']*'|undefined),`,
];
// A literal that starts with a placeholder (figures, addresses) is not English.
const SINK = new RegExp(String.raw`\b(?:${SINKS.join('|')})\s*(['"${'`'}])(?!\$\{|□ \$\{)[^'"${'`'}]*[A-Za-z]{3}`);
for (const file of sources('webview')) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (SINK.test(line) && !/l10n\.t\(/.test(line)) problems.push(`${file}:${i + 1}: visible text not translated: ${line.trim()}`);
    });
}
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
const keys = [...readFileSync('package.json', 'utf8').matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
const unknown = [...new Set(keys.filter((k) => !(k in nls)))];
if (unknown.length) problems.push(`package.json references keys missing from package.nls.json: ${unknown.join(', ')}`);
const unused = Object.keys(nls).filter((k) => !keys.includes(k));
if (unused.length) problems.push(`package.nls.json keys no longer used: ${unused.join(', ')}`);
if (problems.length) {
  console.error(`l10n check failed (run \`npm run l10n:export\` after changing strings):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `l10n: bundle matches src/ and webview/ (${Object.keys(JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8'))).length} strings), ` +
    `${keys.length} manifest keys resolved`,
);
