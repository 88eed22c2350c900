// `lint-keys FILE... [--json]`: the keys-in-code analyzer over files (CROSSSLOT, KEYS). Offline; exit 1 when
// there is any warning, so CI can gate on it. Lines and columns are 1-based, as editors and compilers print them.
import { readFileSync } from 'node:fs';
import { analyze, languageOfFile, lineIndex } from '../core/keysInCode';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json } from './context';

export interface LintRow {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  slots: number[];
}

export const lintKeysSpec = defineCommand({
  name: 'lint-keys',
  summary: 'Find cross-slot multi-key commands and KEYS calls in source files (offline).',
  usage: 'lint-keys FILE... [--json]',
  positionals: 'FILE...: .ts .tsx .js .jsx .mjs .cjs .java .kt .kts .py files.',
  options: { json: common.json },
  examples: ['redis-cluster lint-keys src/main/java/com/acme/CartRepository.java'],
  exitCodes: { 1: 'at least one warning (so CI can gate on it)' },
});

export async function lintKeysCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, lintKeysSpec);
  if (positionals.length === 0) throw new UsageError('lint-keys needs at least one FILE (.ts .js .java .kt .py)');
  const rows: LintRow[] = [];
  for (const file of positionals) {
    const lang = languageOfFile(file);
    if (!lang) throw new UsageError(`${file}: unsupported file type (use .ts .tsx .js .jsx .mjs .cjs .java .kt .kts .py)`);
    const source = readFileSync(file, 'utf8');
    const at = lineIndex(source);
    for (const f of (await analyze(source, lang)).findings) {
      const { line, column } = at(f.start);
      rows.push({ file, line: line + 1, column: column + 1, code: f.code, message: f.message, slots: f.slots });
    }
  }
  if (values.json) io.out(json(rows));
  else for (const r of rows) io.out(`${r.file}:${r.line}:${r.column}: warning ${r.code}: ${r.message}`);
  return rows.length ? 1 : 0;
}
