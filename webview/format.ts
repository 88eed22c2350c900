// Display formatting for numbers, bytes, shares and times.

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
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
