// Display formatting for numbers, shares and times (bytes, ids and addresses: src/core/common/format.ts, shared with the tree).

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

export function ms(n: number | undefined): string {
  return n === undefined ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(0);
}

export function time(unixMs: number): string {
  return new Date(unixMs).toLocaleTimeString('en-GB', { hour12: false });
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
