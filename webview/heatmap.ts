// The 16384-slot heat map: 128 rows of 128 slots. Each cell shows the key count (theme colours, square-root
// scale); a thin band under each cell shows the owning master in its colour AND its dash pattern (so owners
// differ without colour too), a tick marks where ownership changes, and migrating/importing slots are outlined.
// The map is one focusable widget: a keyboard cursor moves over the slots (see DistributionTab). Redraws write
// pixels straight into an ImageData, so a new count array costs a few milliseconds; hover, pin and keyboard cursor
// highlights live on a separate overlay canvas.
import * as l10n from '@vscode/l10n';
import type { DistributionView } from '../src/shared/protocol';
import { type Rgba, mix, pack, rgbaCss, seriesColor, themeColor, toRgba } from './theme';

export const COLS = 128;
export const ROWS = 128;
const CELL_W = 6;
const COUNT_H = 3;
const BAND_H = 2;
const ROW_H = COUNT_H + BAND_H;
export const WIDTH = COLS * CELL_W;
export const HEIGHT = ROWS * ROW_H;
const LEVELS = 256;
/** Dash patterns of the owner band, one bit per pixel column of a cell (5 drawn columns); owner i uses i mod 6. */
export const OWNER_PATTERNS = [0b11111, 0b10101, 0b11011, 0b10001, 0b11100, 0b01010];
const PATTERN_W = CELL_W - 1;

export function ownerPatternOn(owner: number, column: number): boolean {
  return ((OWNER_PATTERNS[owner % OWNER_PATTERNS.length] >> (PATTERN_W - 1 - (column % PATTERN_W))) & 1) === 1;
}

/** "M1", "M2", …: the owner label used by the legend, the tooltip, the details and the per-master table. */
export function ownerLabel(owner: number): string {
  return `M${owner + 1}`;
}

/** A legend swatch: the owner's colour in its band pattern, enlarged. */
export function ownerSwatch(owner: number, color: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const unit = 3;
  c.width = PATTERN_W * unit * 2;
  c.height = 2 * unit;
  c.className = 'owner-swatch';
  const ctx = c.getContext('2d');
  if (ctx) {
    ctx.fillStyle = color;
    for (let x = 0; x < PATTERN_W * 2; x++) if (ownerPatternOn(owner, x)) ctx.fillRect(x * unit, 0, unit, c.height);
  }
  return c;
}

interface Palette {
  empty: number;
  unassigned: number;
  heat: Uint32Array;
  owners: number[];
  boundary: number;
  migrating: string;
  importing: string;
  focus: string;
  heatCss: [string, string];
}

function readPalette(masters: number): Palette {
  const bg = toRgba(themeColor('--vscode-editor-background'));
  const empty = toRgba(themeColor('--vscode-editorWidget-background', '--vscode-input-background', '--vscode-editor-background'));
  const hot = toRgba(themeColor('--vscode-charts-red', '--vscode-errorForeground'));
  const low = mix(bg, hot, 0.18);
  const heat = new Uint32Array(LEVELS);
  for (let i = 0; i < LEVELS; i++) heat[i] = pack(mix(low, hot, i / (LEVELS - 1)));
  const owners: number[] = [];
  for (let i = 0; i < Math.max(1, masters); i++) owners.push(pack(toRgba(seriesColor(i))));
  const unassigned: Rgba = toRgba(themeColor('--vscode-disabledForeground', '--vscode-descriptionForeground'));
  return {
    empty: pack(empty),
    unassigned: pack(mix(bg, unassigned, 0.35)),
    heat,
    owners,
    boundary: pack(toRgba(themeColor('--vscode-editor-foreground', '--vscode-foreground'))),
    migrating: themeColor('--vscode-editorWarning-foreground', '--vscode-charts-yellow'),
    importing: themeColor('--vscode-charts-purple', '--vscode-editorInfo-foreground'),
    // High-contrast themes define contrastActiveBorder (their focus colour); the others leave it empty.
    focus: themeColor('--vscode-contrastActiveBorder', '--vscode-focusBorder', '--vscode-foreground'),
    heatCss: [rgbaCss(low), rgbaCss(hot)],
  };
}

/**
 * The count that gets the hottest colour: the 99.5th percentile of non-empty slots, so that one hot slot
 * does not wash out the rest (hotter slots saturate). Found from a histogram, without sorting.
 */
export function scaleMax(counts: ArrayLike<number>): number {
  let max = 0;
  let nonEmpty = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (n > 0) nonEmpty++;
    if (n > max) max = n;
  }
  if (max <= 1) return Math.max(1, max);
  const buckets = new Uint32Array(1025);
  const per = max / 1024;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) buckets[Math.floor(counts[i] / per)]++;
  let above = 0;
  const limit = Math.ceil(nonEmpty * 0.005);
  for (let b = 1024; b > 0; b--) {
    above += buckets[b];
    if (above > limit) return Math.max(1, Math.ceil((b + 1) * per));
  }
  return max;
}

export function slotAt(x: number, y: number): number | undefined {
  const col = Math.floor(x / CELL_W);
  const row = Math.floor(y / ROW_H);
  if (col < 0 || col >= COLS || row < 0 || row >= ROWS) return undefined;
  return row * COLS + col;
}

export class HeatMap {
  readonly element: HTMLElement;
  private readonly base: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private palette: Palette | undefined;
  private data: DistributionView | undefined;
  private owners = new Int16Array(COLS * ROWS).fill(-1);
  private hover: number | undefined;
  private pinned: number | undefined;
  private cursor: number | undefined;
  private scale = 1;
  lastDrawMs = 0;
  max = 0;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'heatmap';
    this.base = document.createElement('canvas');
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'overlay';
    // One focusable widget; the canvases are pictures of it. The live region next to it says where the cursor is.
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'application');
    this.element.setAttribute('aria-roledescription', l10n.t('slot map'));
    // Three whole sentences, each translated on its own.
    const help = [
      l10n.t('Key count per slot, 16384 slots, 128 per row.'),
      l10n.t('Arrow keys move between slots, Page Up and Page Down by 16 rows, Home and End to the row ends.'),
      l10n.t('Control+Home and Control+End go to the first and last slot, and Enter pins the slot.'),
    ];
    this.element.setAttribute('aria-label', help.join(' '));
    for (const c of [this.base, this.overlay]) c.setAttribute('aria-hidden', 'true');
    this.element.append(this.base, this.overlay);
    this.resize();
  }

  private resize(): void {
    this.scale = Math.max(1, Math.round(window.devicePixelRatio || 1));
    for (const c of [this.base, this.overlay]) {
      c.width = WIDTH * this.scale;
      c.height = HEIGHT * this.scale;
      c.style.width = `${WIDTH}px`;
      c.style.height = `${HEIGHT}px`;
    }
  }

  /** Colours are re-read on theme changes; the next draw uses them. */
  themeChanged(): void {
    this.palette = undefined;
    if (this.data) this.draw(this.data);
  }

  get heatColors(): [string, string] {
    return (this.palette ?? readPalette(1)).heatCss;
  }

  ownerOf(slot: number): number {
    return this.owners[slot];
  }

  /** Draws a distribution; returns the time taken in ms. */
  draw(data: DistributionView): number {
    const t0 = performance.now();
    if (Math.max(1, Math.round(window.devicePixelRatio || 1)) !== this.scale) this.resize();
    if (!this.palette || this.palette.owners.length < data.masters.length) this.palette = readPalette(data.masters.length);
    const p = this.palette;
    if (this.data?.ranges !== data.ranges) {
      this.owners.fill(-1);
      for (const r of data.ranges) this.owners.fill(r.master, r.start, r.end + 1);
    }
    this.data = data;
    const counts = data.counts;
    const max = scaleMax(counts);
    this.max = max;
    const s = this.scale;
    const w = WIDTH * s;
    const ctx = this.base.getContext('2d');
    if (!ctx) return 0;
    const img = ctx.createImageData(w, HEIGHT * s);
    const px = new Uint32Array(img.data.buffer);
    const cw = CELL_W * s;
    const ch = COUNT_H * s;
    const rh = ROW_H * s;
    const inv = max > 0 ? 1 / Math.sqrt(max) : 0;
    for (let slot = 0; slot < COLS * ROWS; slot++) {
      const owner = this.owners[slot];
      const n = counts[slot] ?? 0;
      const cell =
        owner < 0
          ? p.unassigned
          : n === 0
            ? p.empty
            : p.heat[Math.min(LEVELS - 1, Math.round(Math.sqrt(Math.min(n, max)) * inv * (LEVELS - 1)))];
      const band = owner < 0 ? p.unassigned : p.owners[owner % p.owners.length];
      const patterned = owner >= 0;
      const x0 = (slot % COLS) * cw;
      const y0 = Math.floor(slot / COLS) * rh;
      // A one-pixel gap on the right keeps cells apart; the first column of a new owner gets a boundary tick.
      const boundary = slot > 0 && this.owners[slot - 1] !== owner;
      for (let y = 0; y < rh; y++) {
        const color = y < ch ? cell : band;
        let o = (y0 + y) * w + x0;
        if (y < ch || !patterned) {
          for (let x = 0; x < cw - 1; x++) px[o++] = boundary && x < s ? p.boundary : color;
        } else {
          for (let x = 0; x < cw - 1; x++) {
            px[o++] = boundary && x < s ? p.boundary : ownerPatternOn(owner, Math.floor(x / s)) ? color : p.empty;
          }
        }
      }
    }
    ctx.putImageData(img, 0, 0);
    ctx.lineWidth = s;
    for (const open of data.open) {
      ctx.strokeStyle = open.kind === 'migrating' ? p.migrating : p.importing;
      const x = (open.slot % COLS) * cw;
      const y = Math.floor(open.slot / COLS) * rh;
      ctx.strokeRect(x + s / 2, y + s / 2, cw - s, rh - s);
    }
    this.drawOverlay();
    this.lastDrawMs = performance.now() - t0;
    return this.lastDrawMs;
  }

  setHover(slot: number | undefined): void {
    if (slot === this.hover) return;
    this.hover = slot;
    this.drawOverlay();
  }

  setPinned(slot: number | undefined): void {
    this.pinned = slot;
    this.drawOverlay();
  }

  /** The keyboard cursor (drawn while the map has focus), or undefined to hide it. */
  setCursor(slot: number | undefined): void {
    if (slot === this.cursor) return;
    this.cursor = slot;
    this.drawOverlay();
  }

  get cursorSlot(): number | undefined {
    return this.cursor;
  }

  /** Where a slot's cell is, in CSS pixels from the map's top left. */
  cellPosition(slot: number): { x: number; y: number } {
    return { x: (slot % COLS) * CELL_W, y: Math.floor(slot / COLS) * ROW_H };
  }

  private drawOverlay(): void {
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    const s = this.scale;
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    ctx.strokeStyle = (this.palette ?? readPalette(1)).focus;
    for (const [slot, width] of [
      [this.pinned, 2],
      [this.hover, 1],
    ] as const) {
      if (slot === undefined) continue;
      ctx.lineWidth = width * s;
      const x = (slot % COLS) * CELL_W * s;
      const y = Math.floor(slot / COLS) * ROW_H * s;
      ctx.strokeRect(x - s, y - s, (CELL_W + 1) * s, (ROW_H + 1) * s);
    }
    if (this.cursor !== undefined) {
      // A larger square than the pin's, so both show when they are on the same slot.
      const x = (this.cursor % COLS) * CELL_W * s;
      const y = Math.floor(this.cursor / COLS) * ROW_H * s;
      ctx.lineWidth = 2 * s;
      ctx.setLineDash([2 * s, s]);
      ctx.strokeRect(x - 3 * s, y - 3 * s, (CELL_W + 5) * s, (ROW_H + 5) * s);
      ctx.setLineDash([]);
    }
  }

  /** Slot under a mouse event on the map, if any. */
  slotFromEvent(e: MouseEvent): number | undefined {
    const r = this.base.getBoundingClientRect();
    return slotAt(e.clientX - r.left, e.clientY - r.top);
  }
}
