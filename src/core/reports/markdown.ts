// The one way reports become Markdown: Check and its Fix preview, Diagnose, the rebalance/reshard/merge/create plan
// previews and the topology export all build their documents from these pieces, so a table, a code block or an
// escaped key name looks the same everywhere. Text from the cluster (key names, node flags, error replies) is
// untrusted: the editor's Markdown preview renders inline HTML, so every piece escapes it unless told otherwise.
// Pure and vscode-free: the CLI and the editor share it; translated words are passed in by the caller.

/** Running text with HTML neutralised: `<`, `>` and an `&` that would start an entity. Markdown syntax is kept. */
export function text(s: string): string {
  return s
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const oneLine = (s: string) => s.replace(/\r?\n/g, ' ');

/** One table cell: escaped like text, with `|` escaped and line breaks folded so the row stays one line. */
export function cell(s: string): string {
  return text(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `# title` (level 1) to `### title`; the title is escaped like text and kept on one line. */
export function heading(level: 1 | 2 | 3, title: string): string {
  return `${'#'.repeat(level)} ${oneLine(text(title))}`;
}

/**
 * A table as lines: header, separator, one line per row. Cells are escaped with cell(); a cell given as
 * `{ md: '...' }` is trusted Markdown (bold words, `code`) written by the caller, and is not escaped.
 */
export function table(head: string[], rows: Array<Array<string | { md: string }>>): string[] {
  const one = (c: string | { md: string }) => (typeof c === 'string' ? cell(c) : c.md.replace(/\|/g, '\\|'));
  return [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(one).join(' | ')} |`)];
}

/** A fenced code block; the fence is longer than any run of backticks in the content, so nothing can close it early. */
export function codeBlock(lines: string[], lang = 'text'): string[] {
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

/** `- item` lines, each escaped like text and kept on one line. */
export function bullets(items: string[]): string[] {
  return items.map((i) => `- ${oneLine(text(i))}`);
}

/** `1. step` lines, each escaped like text and kept on one line. */
export function numbered(items: string[]): string[] {
  return items.map((s, i) => `${i + 1}. ${oneLine(text(s))}`);
}

/** A command line to copy, as an indented code line under a lead-in (e.g. "Equivalent command line:"). */
export function commandLine(leadIn: string, line: string): string[] {
  return ['---', text(leadIn), '', `    ${line}`, ''];
}

/** Joins blocks (lines or line lists) into one document. */
export function document(...blocks: Array<string | string[]>): string {
  return blocks.flat().join('\n');
}
