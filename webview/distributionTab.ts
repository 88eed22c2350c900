// Distribution tab: heat map with tooltip and a pinned details pane, per-master totals, top slots. Usable from
// the keyboard alone: the map takes focus, arrows move a cursor, Enter pins; the tables sort from their headers.
// Pins, the cursor's slot and status changes are announced through live regions.
import type { DistributionView, MetricsSnapshot } from '../src/shared/protocol';
import { el, setText, stat } from './dom';
import { int, pct, time } from './format';
import { HeatMap, ownerLabel, ownerSwatch } from './heatmap';
import { slotAfterKey } from './slotKeys';
import { seriesColor } from './theme';
import { type Column, type Grid, createBadge, createButton, createGrid, createProgressRing, setColumnTitles } from './ui';
import { formatBytes, shortId } from '../src/core/common/format';

export interface SampleResult {
  keys: string[];
  owner?: string;
  error?: string;
}

export interface DistributionDeps {
  sample(slot: number): Promise<SampleResult>;
  refresh(): void;
  pinned(slot: number | undefined): void;
}

/** A row's display strings plus the raw values its sortable columns sort by. */
interface Row {
  show: Record<string, string>;
  sort: Record<string, number | string>;
}

const MASTER_COLUMNS: Column[] = [
  { key: 'master', title: 'Master', sortable: true },
  { key: 'id', title: 'Id' },
  { key: 'keys', title: 'Keys', sortable: true },
  { key: 'keyShare', title: 'Share of keys' },
  { key: 'slots', title: 'Slots', sortable: true },
  { key: 'slotShare', title: 'Share of slots' },
  { key: 'memory', title: 'Used memory', sortable: true },
  { key: 'status', title: 'Status', sortable: true },
];

const TOP_COLUMNS: Column[] = [
  { key: 'rank', title: '#', sortable: true },
  { key: 'slot', title: 'Slot', sortable: true },
  { key: 'keys', title: 'Keys', sortable: true },
  { key: 'owner', title: 'Owner', sortable: true },
];

const HOT_COLUMNS: Column[] = [
  { key: 'rank', title: '#', sortable: true },
  { key: 'slot', title: 'Slot', sortable: true },
  { key: 'cpu', title: 'CPU µs', sortable: true },
  { key: 'owner', title: 'Owner', sortable: true },
];

type Layer = 'keys' | 'cpuUsec' | 'netBytes';
const LAYER_TITLES: Record<Layer, string> = { keys: 'Keys', cpuUsec: 'CPU time', netBytes: 'Network bytes' };

/** A grid whose rows sort by a column chosen with a click or Enter/Space on its header. */
class SortedGrid {
  readonly grid: Grid;
  private rows: Row[] = [];
  private key: string;
  private descending = false;
  constructor(
    private readonly columns: Column[],
    label: string,
    template: string,
    first: string,
    onRowClick?: (row: Row) => void,
  ) {
    this.key = first;
    this.grid = createGrid(columns, {
      label,
      template,
      onSort: (k) => this.sortBy(k),
      onRowClick: (i) => this.rows[i] && onRowClick?.(this.rows[i]),
    });
    setColumnTitles(this.grid, columns, this.key, this.descending);
  }

  private sortBy(key: string): void {
    this.descending = this.key === key ? !this.descending : false;
    this.key = key;
    setColumnTitles(this.grid, this.columns, this.key, this.descending);
    this.setRows(this.rows);
  }

  setRows(rows: Row[]): void {
    const k = this.key;
    const dir = this.descending ? -1 : 1;
    this.rows = [...rows].sort((a, b) => {
      const x = a.sort[k] ?? a.show[k];
      const y = b.sort[k] ?? b.show[k];
      if (typeof x === 'number' && typeof y === 'number') return dir * (x - y);
      return dir * String(x).localeCompare(String(y), undefined, { numeric: true });
    });
    this.grid.setRows(this.rows.map((r) => r.show));
  }
}

export class DistributionTab {
  readonly heatmap = new HeatMap();
  private data: DistributionView | undefined;
  private memory = new Map<string, number>();
  private readonly imbalance = stat('imbalance (max / mean keys per master)');
  private readonly total = stat('keys');
  private readonly counted = stat('counted');
  private readonly state = createBadge('…');
  private readonly ring = createProgressRing();
  private readonly statusText = el('span', 'status-text');
  private readonly tooltip = el('div', 'tooltip');
  private readonly details = el('div', 'details');
  private readonly legend = el('div', 'legend');
  private readonly masters = new SortedGrid(MASTER_COLUMNS, 'Keys per master', '1.6fr 1fr 1fr 1fr 0.8fr 1fr 1.1fr 1fr', 'master');
  private readonly top = new SortedGrid(TOP_COLUMNS, 'Top 20 slots by key count', '0.5fr 1fr 1fr 1.6fr', 'rank', (row) =>
    this.pin(Number(row.sort.slot)),
  );
  private readonly hot = new SortedGrid(HOT_COLUMNS, 'Hottest 20 slots by CPU time', '0.5fr 1fr 1fr 1.6fr', 'rank', (row) =>
    this.pin(Number(row.sort.slot)),
  );
  private readonly hotSection = el('section');
  /** Heat map layer: keys always; CPU and network where CLUSTER SLOT-STATS gives them. */
  private readonly layerSelect = el('select', 'layer-select');
  private readonly layersNote = el('p', 'muted layers-note');
  private layer: Layer = 'keys';
  /** Polite announcements: the cursor's slot, pins. The status line has its own role="status". */
  private readonly announcer = el('div', 'sr-only');
  private pinnedSlot: number | undefined;
  private hoverToken = 0;
  private readonly samples = new Map<number, Promise<SampleResult>>();

  constructor(
    readonly root: HTMLElement,
    private readonly deps: DistributionDeps,
  ) {
    const head = el('div', 'header-row');
    const status = el('div', 'status');
    this.statusText.setAttribute('role', 'status');
    this.announcer.setAttribute('aria-live', 'polite');
    this.announcer.setAttribute('aria-atomic', 'true');
    status.append(this.ring, this.statusText, this.announcer);
    head.append(
      this.imbalance.element,
      this.total.element,
      this.counted.element,
      this.state,
      createButton('Recount', () => deps.refresh()),
      status,
    );
    this.layerSelect.setAttribute('aria-label', 'Heat map layer');
    this.layerSelect.addEventListener('change', () => {
      this.layer = this.layerSelect.value as Layer;
      if (this.data) this.heatmap.draw(this.layered(this.data));
    });
    head.append(this.layerSelect);
    const mapRow = el('div', 'map-row');
    const mapBox = el('div', 'map-box');
    mapBox.append(this.heatmap.element, this.tooltip, this.legend);
    this.details.append(el('div', 'muted', 'Click a slot, or focus the map and press Enter, to pin it here.'));
    mapRow.append(mapBox, this.details);
    const tables = el('div', 'tables');
    const m = el('section');
    m.append(el('h3', undefined, 'Per master'), this.masters.grid.element);
    const t = el('section');
    t.append(el('h3', undefined, 'Top 20 slots'), this.top.grid.element);
    this.hotSection.append(el('h3', undefined, 'Hottest slots'), this.hot.grid.element);
    tables.append(m, t, this.hotSection);
    root.append(head, this.layersNote, mapRow, tables);
    this.tooltip.hidden = true;
    this.wireMouse();
    this.wireKeyboard();
  }

  private wireKeyboard(): void {
    const map = this.heatmap.element;
    map.addEventListener('focus', () => this.moveCursor(this.heatmap.cursorSlot ?? this.pinnedSlot ?? 0));
    map.addEventListener('blur', () => {
      this.heatmap.setCursor(undefined);
      this.tooltip.hidden = true;
    });
    map.addEventListener('keydown', (e) => {
      const at = this.heatmap.cursorSlot ?? 0;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.pin(at);
        return;
      }
      if (e.key === 'Escape') {
        this.tooltip.hidden = true;
        return;
      }
      const next = slotAfterKey(at, e.key, e.ctrlKey || e.metaKey);
      if (next === undefined) return;
      e.preventDefault();
      this.moveCursor(next);
    });
  }

  /** The keyboard cursor: drawn, described in the tooltip beside its cell, and announced. */
  private moveCursor(slot: number): void {
    this.heatmap.setCursor(slot);
    if (!this.data) return;
    const { x, y } = this.heatmap.cellPosition(slot);
    const width = this.heatmap.element.getBoundingClientRect().width;
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(x + 14, width - 220)}px`;
    this.tooltip.style.top = `${y + 14}px`;
    this.fillSlotInfo(this.tooltip, slot, false);
    setText(this.announcer, this.describe(slot));
  }

  /** "Slot 123, owner M1 127.0.0.1:7100, 45 keys": what the announcements say. */
  private describe(slot: number): string {
    const d = this.data;
    if (!d) return `Slot ${slot}`;
    const i = this.heatmap.ownerOf(slot);
    const owner = d.masters[i];
    const open = d.open
      .filter((o) => o.slot === slot)
      .map((o) => o.kind)
      .join(', ');
    const who = owner ? `owner ${ownerLabel(i)} ${owner.address}` : 'unassigned';
    return `Slot ${slot}, ${who}, ${int(d.counts[slot] ?? 0)} keys${open ? `, ${open}` : ''}`;
  }

  private wireMouse(): void {
    const map = this.heatmap.element;
    map.addEventListener('mousemove', (e) => {
      const slot = this.heatmap.slotFromEvent(e);
      this.heatmap.setHover(slot);
      if (slot === undefined || !this.data) {
        this.tooltip.hidden = true;
        return;
      }
      this.tooltip.hidden = false;
      const r = map.getBoundingClientRect();
      this.tooltip.style.left = `${Math.min(e.clientX - r.left + 14, r.width - 220)}px`;
      this.tooltip.style.top = `${e.clientY - r.top + 14}px`;
      this.fillSlotInfo(this.tooltip, slot, false);
    });
    map.addEventListener('mouseleave', () => {
      this.heatmap.setHover(undefined);
      this.tooltip.hidden = true;
    });
    map.addEventListener('click', (e) => this.pin(this.heatmap.slotFromEvent(e)));
  }

  pin(slot: number | undefined): void {
    if (slot === undefined) return;
    this.pinnedSlot = slot;
    this.heatmap.setPinned(slot);
    this.deps.pinned(slot);
    const again = this.details.dataset.slot === String(slot);
    this.fillSlotInfo(this.details, slot, true);
    if (!again) setText(this.announcer, `Pinned ${this.describe(slot)}`);
  }

  private sample(slot: number): Promise<SampleResult> {
    let p = this.samples.get(slot);
    if (!p) {
      p = this.deps.sample(slot);
      this.samples.set(slot, p);
    }
    return p;
  }

  /** Slot facts, then sample keys once they arrive (as text: key names are untrusted). */
  private fillSlotInfo(box: HTMLElement, slot: number, pinned: boolean): void {
    const d = this.data;
    if (!d) return;
    const token = pinned ? 0 : ++this.hoverToken;
    if (box.dataset.slot === String(slot) && box.dataset.filled === '1') return;
    box.dataset.slot = String(slot);
    box.dataset.filled = '0';
    box.replaceChildren();
    const ownerIndex = this.heatmap.ownerOf(slot);
    const owner = d.masters[ownerIndex];
    box.append(el('div', 'slot-title', `Slot ${slot}${pinned ? ' (pinned)' : ''}`));
    const who = owner ? `${ownerLabel(ownerIndex)} · ${owner.address} (${shortId(owner.id)})` : 'unassigned';
    box.append(el('div', undefined, `Owner: ${who}`));
    box.append(el('div', undefined, `Keys: ${int(d.counts[slot] ?? 0)}`));
    for (const o of d.open.filter((x) => x.slot === slot)) {
      box.append(
        el('div', `open-${o.kind}`, `${o.kind === 'migrating' ? 'Migrating to' : 'Importing from'} ${shortId(o.peer)} (on ${o.node})`),
      );
    }
    const list = el('ul', 'keys');
    box.append(el('div', 'muted', (d.counts[slot] ?? 0) > 0 ? 'Sample keys:' : 'No keys.'), list);
    if (!(d.counts[slot] > 0)) {
      box.dataset.filled = '1';
      return;
    }
    list.append(el('li', 'muted', 'loading…'));
    void this.sample(slot).then((r) => {
      if (box.dataset.slot !== String(slot) || (!pinned && token !== this.hoverToken)) return;
      list.replaceChildren(...(r.error ? [el('li', 'error', r.error)] : r.keys.map((k) => el('li', 'key', k))));
      box.dataset.filled = '1';
    });
  }

  setStatus(busy: boolean, text: string, error?: string): void {
    this.ring.hidden = !busy;
    setText(this.statusText, error ? `${text}: ${error}` : text);
    this.statusText.classList.toggle('error', !!error);
  }

  setMetrics(snap: MetricsSnapshot): void {
    this.memory = new Map(snap.nodes.filter((n) => n.ok).map((n) => [n.id, n.usedMemory]));
    if (this.data) this.renderMasters(this.data);
  }

  /** Patches everything that depends on the counts; returns the heat map redraw time. */
  update(d: DistributionView): number {
    this.data = d;
    this.samples.clear();
    this.renderLayers(d);
    const drawMs = this.heatmap.draw(this.layered(d));
    setText(this.imbalance.value, d.imbalance.toFixed(2));
    setText(this.total.value, int(d.total));
    setText(this.counted.value, `${time(d.fetchedAt)} · ${Math.round(d.elapsedMs)} ms`);
    setText(this.state, d.complete ? `${d.masters.length} masters` : 'incomplete');
    this.state.classList.toggle('bad', !d.complete);
    this.renderMasters(d);
    this.top.setRows(
      d.top.map((t, i) => {
        const o = d.masters.findIndex((m) => m.id === t.owner);
        const owner = o >= 0 ? `${ownerLabel(o)} · ${d.masters[o].address}` : '–';
        return {
          show: { rank: String(i + 1), slot: String(t.slot), keys: int(t.keys), owner },
          sort: { rank: i, slot: t.slot, keys: t.keys, owner },
        };
      }),
    );
    this.renderLegend(d);
    for (const box of [this.details, this.tooltip]) box.dataset.filled = '0';
    if (this.pinnedSlot !== undefined) this.pin(this.pinnedSlot);
    return drawMs;
  }

  /** The layer picker offers what this count has; the note says why CPU and network are absent. */
  private renderLayers(d: DistributionView): void {
    const have = (['keys', 'cpuUsec', 'netBytes'] as Layer[]).filter((l) => l === 'keys' || d.layers?.[l]);
    if (!have.includes(this.layer)) this.layer = 'keys';
    this.layerSelect.replaceChildren(
      ...have.map((l) => {
        const o = el('option', undefined, LAYER_TITLES[l]) as HTMLOptionElement;
        o.value = l;
        o.selected = l === this.layer;
        return o;
      }),
    );
    this.layerSelect.hidden = have.length < 2;
    setText(this.layersNote, d.layersNote ?? '');
    this.layersNote.hidden = !d.layersNote;
    this.hotSection.hidden = !d.hottest?.length;
    this.hot.setRows(
      (d.hottest ?? []).map((h, i) => {
        const o = d.masters.findIndex((m) => m.id === h.owner);
        const owner = o >= 0 ? `${ownerLabel(o)} · ${d.masters[o].address}` : '–';
        return {
          show: { rank: String(i + 1), slot: String(h.slot), cpu: int(h.cpuUsec), owner },
          sort: { rank: i, slot: h.slot, cpu: h.cpuUsec, owner },
        };
      }),
    );
  }

  /** The data the heat map draws: the key counts, or the chosen load layer in their place. */
  private layered(d: DistributionView): DistributionView {
    const values = this.layer === 'keys' ? undefined : d.layers?.[this.layer];
    return values ? { ...d, counts: values } : d;
  }

  private renderMasters(d: DistributionView): void {
    this.masters.setRows(
      d.masters.map((m, i) => ({
        show: {
          master: `${ownerLabel(i)} · ${m.address}`,
          id: shortId(m.id),
          keys: int(m.keys),
          keyShare: pct(m.keys, d.total),
          slots: int(m.slots),
          slotShare: pct(m.slots, 16384),
          memory: this.memory.has(m.id) ? formatBytes(this.memory.get(m.id) ?? 0) : '–',
          status: m.error ?? 'ok',
        },
        sort: { master: i, keys: m.keys, slots: m.slots, memory: this.memory.get(m.id) ?? -1, status: m.error ?? 'ok' },
      })),
    );
  }

  private renderLegend(d: DistributionView): void {
    this.legend.replaceChildren();
    d.masters.forEach((m, i) => {
      const item = el('span', 'legend-item');
      const sw = ownerSwatch(i, seriesColor(i));
      sw.setAttribute('aria-hidden', 'true');
      item.append(el('strong', undefined, ownerLabel(i)), sw, document.createTextNode(m.address));
      this.legend.append(item);
    });
    const [lo, hi] = this.heatmap.heatColors;
    const scale = el('span', 'legend-item');
    const a = el('span', 'swatch');
    a.style.backgroundColor = lo;
    const b = el('span', 'swatch');
    b.style.backgroundColor = hi;
    scale.append(a, document.createTextNode(' 1 → '), b, document.createTextNode(` ≥ ${int(this.heatmap.max)} keys (√ scale)`));
    const mig = el('span', 'legend-item open-migrating', '□ migrating');
    const imp = el('span', 'legend-item open-importing', '□ importing');
    this.legend.append(scale, mig, imp);
  }

  get masterRows(): number {
    return this.masters.grid.rowCount();
  }

  get topRows(): number {
    return this.top.grid.rowCount();
  }

  get pinnedSlotValue(): number | undefined {
    return this.pinnedSlot;
  }
}
