// Theme colours, read from the CSS variables VS Code sets on the webview: nothing here is hard-coded, so
// light, dark and high-contrast themes all work. Colours are resolved through a canvas to RGBA bytes.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const probe = document.createElement('canvas').getContext('2d');

export function cssVar(name: string): string {
  return (
    getComputedStyle(document.body).getPropertyValue(name).trim() ||
    getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  );
}

/** The first defined variable, as a CSS colour string ('' when none is defined). */
export function themeColor(...names: string[]): string {
  for (const n of names) {
    const v = cssVar(n);
    if (v) return v;
  }
  return '';
}

export function toRgba(color: string): Rgba {
  if (!probe || !color) return { r: 128, g: 128, b: 128, a: 255 };
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = color;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  return { r, g, b, a };
}

export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  const f = (x: number, y: number) => Math.round(x + (y - x) * t);
  return { r: f(a.r, b.r), g: f(a.g, b.g), b: f(a.b, b.b), a: f(a.a, b.a) };
}

/** Little-endian packed pixel for a Uint32Array view over ImageData. */
export function pack(c: Rgba): number {
  return ((c.a << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0;
}

export function rgbaCss(c: Rgba): string {
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${(c.a / 255).toFixed(3)})`;
}

/** VS Code's chart palette, used for owners and chart series. */
export const SERIES_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-orange',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];

export function seriesColor(i: number): string {
  return themeColor(SERIES_VARS[i % SERIES_VARS.length], '--vscode-foreground');
}

/** Calls `fn` whenever the theme changes (VS Code swaps body classes and inline variables). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
