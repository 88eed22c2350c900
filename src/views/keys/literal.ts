// Finds the string literal around a cursor position in one line of code, for prefilling "Look Up Key".
// Handles '...', "..." and `...` with backslash escapes; returns the literal's raw inner text.

export function stringLiteralAt(line: string, column: number): string | undefined {
  let i = 0;
  while (i < line.length) {
    const quote = line[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < line.length && line[j] !== quote) j += line[j] === '\\' ? 2 : 1;
    if (j >= line.length) return undefined;
    if (column > i && column <= j) return unescapeJs(line.slice(i + 1, j));
    i = j + 1;
  }
  return undefined;
}

function unescapeJs(text: string): string {
  return text.replace(/\\(["'`\\])/g, '$1');
}
