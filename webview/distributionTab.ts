// Distribution tab: heat map with tooltip and a pinned details pane, per-master totals, top slots.
import type { DistributionView, MetricsSnapshot } from '../src/shared/protocol';
import { el, setText, stat } from './dom';
import { int, pct, time } from './format';
import { HeatMap } from './heatmap';
import { seriesColor } from './theme';
import { type Column, createBadge, createButton, createGrid, createProgressRing } from './ui';
import { formatBytes, shortId } from '../src/core/format';
import { nodeById } from '../src/core/nodeLookup';

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

const MASTER_COLUMNS: Column[] = [
  { key: 'master', title: 'Master' },
  { key: 'id', title: 'Id' },
  { key: 'keys', title: 'Keys' },
  { key: 'keyShare', title: 'Share of keys' },
  { key: 'slots', title: 'Slots' },
  { key: 'slotShare', title: 'Share of slots' },
  { key: 'memory', title: 'Used memory' },
  { key: 'status', title: 'Status' },
];

const TOP_COLUMNS: Column[] = [
  { key: 'rank', title: '#' },
  { key: 'slot', title: 'Slot' },
  { key: 'keys', title: 'Keys' },
  { key: 'owner', title: 'Owner' },
];

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
  private readonly masters = createGrid(MASTER_COLUMNS, { label: 'Keys per master', template: '1.6fr 1fr 1fr 1fr 0.8fr 1fr 1.1fr 1fr' });
  private readonly top = createGrid(TOP_COLUMNS, { label: 'Top 20 slots by key count', template: '0.5fr 1fr 1fr 1.6fr', onRowClick: (i) => this.pin(this.data?.top[i]?.slot) });
  private pinnedSlot: number | undefined;
  private hoverToken = 0;
  private readonly samples = new Map<number, Promise<SampleResult>>();

  constructor(readonly root: HTMLElement, private readonly deps: DistributionDeps) {
    const head = el('div', 'header-row');
    const status = el('div', 'status');
    status.append(this.ring, this.statusText);
    head.append(this.imbalance.element, this.total.element, this.counted.element, this.state, createButton('Recount', () => deps.refresh()), status);
    const mapRow = el('div', 'map-row');
    const mapBox = el('div', 'map-box');
    mapBox.append(this.heatmap.element, this.tooltip, this.legend);
    this.details.append(el('div', 'muted', 'Click a slot to pin it here.'));
    mapRow.append(mapBox, this.details);
    const tables = el('div', 'tables');
    const m = el('section');
    m.append(el('h3', undefined, 'Per master'), this.masters.element);
    const t = el('section');
    t.append(el('h3', undefined, 'Top 20 slots'), this.top.element);
    tables.append(m, t);
    root.append(head, mapRow, tables);
    this.tooltip.hidden = true;
    this.wireMouse();
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
    this.fillSlotInfo(this.details, slot, true);
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
    const owner = d.masters[this.heatmap.ownerOf(slot)];
    box.append(el('div', 'slot-title', `Slot ${slot}${pinned ? ' (pinned)' : ''}`));
    box.append(el('div', undefined, `Owner: ${owner ? `${owner.address} (${shortId(owner.id)})` : 'unassigned'}`));
    box.append(el('div', undefined, `Keys: ${int(d.counts[slot] ?? 0)}`));
    for (const o of d.open.filter((x) => x.slot === slot)) {
      box.append(el('div', `open-${o.kind}`, `${o.kind === 'migrating' ? 'Migrating to' : 'Importing from'} ${shortId(o.peer)} (on ${o.node})`));
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
    const drawMs = this.heatmap.draw(d);
    setText(this.imbalance.value, d.imbalance.toFixed(2));
    setText(this.total.value, int(d.total));
    setText(this.counted.value, `${time(d.fetchedAt)} · ${Math.round(d.elapsedMs)} ms`);
    setText(this.state, d.complete ? `${d.masters.length} masters` : 'incomplete');
    this.state.classList.toggle('bad', !d.complete);
    this.renderMasters(d);
    this.top.setRows(d.top.map((t, i) => ({
      rank: String(i + 1), slot: String(t.slot), keys: int(t.keys),
      owner: nodeById(d.masters, t.owner)?.address ?? '–',
    })));
    this.renderLegend(d);
    for (const box of [this.details, this.tooltip]) box.dataset.filled = '0';
    if (this.pinnedSlot !== undefined) this.pin(this.pinnedSlot);
    return drawMs;
  }

  private renderMasters(d: DistributionView): void {
    this.masters.setRows(d.masters.map((m) => ({
      master: m.address, id: shortId(m.id), keys: int(m.keys), keyShare: pct(m.keys, d.total),
      slots: int(m.slots), slotShare: pct(m.slots, 16384),
      memory: this.memory.has(m.id) ? formatBytes(this.memory.get(m.id) ?? 0) : '–', status: m.error ?? 'ok',
    })));
  }

  private renderLegend(d: DistributionView): void {
    this.legend.replaceChildren();
    d.masters.forEach((m, i) => {
      const item = el('span', 'legend-item');
      const sw = el('span', 'swatch');
      sw.style.backgroundColor = seriesColor(i);
      item.append(sw, document.createTextNode(m.address));
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
    return this.masters.rowCount();
  }

  get topRows(): number {
    return this.top.rowCount();
  }

  get pinnedSlotValue(): number | undefined {
    return this.pinnedSlot;
  }
}
