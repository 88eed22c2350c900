// "Replace KEYS with SCAN": a drop-in expression per client family, so the surrounding code keeps its types.
import type { Call, KeylintLanguage, Parsed, QuickFix, TextEdit } from './types';

function importEdit(parsed: Parsed, lang: KeylintLanguage, name: string): TextEdit[] {
  if (parsed.imports.includes(name) || parsed.importAt === undefined) return [];
  return [{ start: parsed.importAt, end: parsed.importAt, text: `\nimport ${name}${lang === 'java' ? ';' : ''}` }];
}

export function scanFix(lang: KeylintLanguage, call: Call, source: string, parsed: Parsed): QuickFix | undefined {
  if (call.receiver === undefined) return undefined;
  const r = call.receiver;
  const arg = call.args[0] ?? call.named?.pattern;
  const pattern = arg ? source.slice(arg.start, arg.end) : lang === 'python' ? '"*"' : undefined;
  if (pattern === undefined) return undefined;
  const replace = (text: string, title: string, more: TextEdit[] = []): QuickFix => ({
    title,
    edits: [{ start: call.start, end: call.end, text }, ...more],
  });
  switch (lang) {
    case 'typescript':
    case 'javascript': {
      const found = lang === 'typescript' ? 'found: string[]' : 'found';
      return replace(
        `Promise.all(${r}.nodes('master').map(async (node) => { const ${found} = []; ` +
          `for await (const page of node.scanStream({ match: ${pattern}, count: 1000 })) found.push(...page); return found; }))` +
          '.then((pages) => pages.flat())',
        'Replace KEYS with SCAN on every master (ioredis Cluster)',
      );
    }
    case 'python':
      return replace(`list(${r}.scan_iter(match=${pattern}, count=1000))`, 'Replace keys() with scan_iter()');
    case 'kotlin':
      return replace(
        `${r}.scan(ScanOptions.scanOptions().match(${pattern}).count(1000).build()).use { it.asSequence().toSet() }`,
        'Replace keys() with a SCAN cursor (Spring Data Redis)',
        importEdit(parsed, lang, 'org.springframework.data.redis.core.ScanOptions'),
      );
    case 'java':
      if (!/template/i.test(r)) return undefined;
      return replace(
        `${r}.scan(ScanOptions.scanOptions().match(${pattern}).count(1000).build()).stream().collect(Collectors.toSet())`,
        'Replace keys() with a SCAN cursor (Spring Data Redis)',
        [
          ...importEdit(parsed, lang, 'org.springframework.data.redis.core.ScanOptions'),
          ...importEdit(parsed, lang, 'java.util.stream.Collectors'),
        ],
      );
  }
}
