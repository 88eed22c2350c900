// Metrics tab: cluster-level state, time-series charts, a sortable table of all nodes, and the merged slow log.
import type { MetricsSnapshot, NodeMetrics, SlowlogView } from '../src/shared/protocol';
import { TimeChart } from './charts';
import { el, setText, stat } from './dom';
import { clip, int, ms, time } from './format';
import { type Column, createBadge, createButton, createGrid, setColumnTitles } from './ui';
import { formatBytes } from '../src/core/common/format';
import { serverLabel } from '../src/core/topology/server';

type SortValue = (n: NodeMetrics) => number | string;

type NodeColumn = Column & { value: SortValue; show: (n: NodeMetrics) => string };

const NODE_COLUMNS: NodeColumn[] = (
  [
    { key: 'node', title: 'Node', value: (n) => n.address, show: (n) => n.address },
    { key: 'role', title: 'Role', value: (n) => n.role, show: (n) => n.role },
    { key: 'server', title: 'Server', value: (n) => serverLabel(n.server), show: (n) => (n.server ? serverLabel(n.server) : '–') },
    { key: 'status', title: 'Status', value: (n) => (n.ok ? 0 : 1), show: (n) => (n.ok ? 'ok' : n.timedOut ? 'slow' : 'error') },
    { key: 'ops', title: 'Ops/s', value: (n) => n.opsPerSec, show: (n) => int(n.opsPerSec) },
    { key: 'mem', title: 'Memory', value: (n) => n.usedMemory, show: (n) => formatBytes(n.usedMemory) },
    { key: 'peak', title: 'Peak', value: (n) => n.usedMemoryPeak, show: (n) => formatBytes(n.usedMemoryPeak) },
    { key: 'clients', title: 'Clients', value: (n) => n.connectedClients, show: (n) => int(n.connectedClients) },
    { key: 'keys', title: 'Keys', value: (n) => n.keys, show: (n) => int(n.keys) },
    {
      key: 'hit',
      title: 'Hit ratio',
      value: (n) => n.hitRatio ?? -1,
      show: (n) => (n.hitRatio === null ? '–' : `${(100 * n.hitRatio).toFixed(1)}%`),
    },
    { key: 'hits', title: 'Hits / misses', value: (n) => n.hits, show: (n) => `${int(n.hits)} / ${int(n.misses)}` },
    { key: 'expired', title: 'Expired', value: (n) => n.expired, show: (n) => int(n.expired) },
    { key: 'evicted', title: 'Evicted', value: (n) => n.evicted, show: (n) => int(n.evicted) },
    { key: 'offset', title: 'Repl. offset', value: (n) => n.replOffset, show: (n) => int(n.replOffset) },
    {
      key: 'lag',
      title: 'Lag',
      value: (n) => n.lagBytes ?? -1,
      show: (n) => (n.role === 'replica' ? `${int(n.lagBytes ?? 0)} B · ${n.lagSeconds ?? '–'} s` : '–'),
    },
    {
      key: 'latency',
      title: 'PING min/avg/max ms',
      value: (n) => n.latency?.avgMs ?? Infinity,
      show: (n) => (n.latency ? `${ms(n.latency.minMs)} / ${ms(n.latency.avgMs)} / ${ms(n.latency.maxMs)}` : '–'),
    },
    { key: 'bus', title: 'Bus sent / recv', value: (n) => n.busSent, show: (n) => `${int(n.busSent)} / ${int(n.busReceived)}` },
  ] satisfies NodeColumn[]
).map((c) => ({ ...c, sortable: true }));

const SLOW_COLUMNS: Column[] = [
  { key: 'time', title: 'Time' },
  { key: 'node', title: 'Node' },
  { key: 'duration', title: 'Duration µs' },
  { key: 'command', title: 'Command' },
  { key: 'client', title: 'Client' },
];

export class MetricsTab {
  private readonly state = createBadge('…');
  private readonly slots = stat('slots assigned / ok / pfail / fail');
  private readonly epoch = stat('current epoch');
  private readonly known = stat('known nodes');
  private readonly polled = stat('polled');
  private readonly agree = el('span', 'muted');
  readonly charts = [
    new TimeChart({ title: 'Ops/sec', unit: 'ops/s', value: (n) => n.opsPerSec }),
    new TimeChart({ title: 'Used memory', unit: 'MiB', value: (n) => n.usedMemory / 1048576 }),
    new TimeChart({ title: 'PING latency (avg)', unit: 'ms', value: (n) => n.latency?.avgMs ?? null }),
  ];
  private readonly nodes = createGrid(NODE_COLUMNS, { label: 'All nodes', onSort: (k) => this.sortBy(k) });
  private readonly slow = createGrid(SLOW_COLUMNS, { label: 'Slow log, all nodes, newest first' });
  private readonly slowNote = el('div', 'muted');
  private sortKey = 'node';
  private descending = false;
  private latest: MetricsSnapshot | undefined;
  firstOps: string | undefined;

  constructor(
    readonly root: HTMLElement,
    refresh: () => void,
  ) {
    const head = el('div', 'header-row');
    head.append(
      this.state,
      this.slots.element,
      this.epoch.element,
      this.known.element,
      this.polled.element,
      this.agree,
      createButton('Poll now', refresh),
    );
    const charts = el('div', 'charts');
    for (const c of this.charts) charts.append(c.element);
    const n = el('section');
    n.append(el('h3', undefined, 'Nodes (click a column to sort)'), this.nodes.element);
    const s = el('section');
    s.append(el('h3', undefined, 'Slow log (all nodes, newest first)'), this.slowNote, this.slow.element);
    root.append(head, charts, n, s);
    setColumnTitles(this.nodes, NODE_COLUMNS, this.sortKey, this.descending);
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
  }

  private sortBy(key: string): void {
    this.descending = this.sortKey === key ? !this.descending : key !== 'node' && key !== 'role';
    this.sortKey = key;
    setColumnTitles(this.nodes, NODE_COLUMNS, this.sortKey, this.descending);
    if (this.latest) this.renderNodes(this.latest);
  }

  update(snap: MetricsSnapshot, history: MetricsSnapshot[]): void {
    this.latest = snap;
    const c = snap.cluster;
    setText(this.state, `cluster_state: ${c.state}`);
    this.state.classList.toggle('bad', c.state !== 'ok');
    setText(this.slots.value, `${int(c.slotsAssigned)} / ${int(c.slotsOk)} / ${c.slotsPfail} / ${c.slotsFail}`);
    setText(this.epoch.value, String(c.currentEpoch));
    setText(this.known.value, `${c.knownNodes} (${c.size} shards)`);
    setText(this.polled.value, `${time(snap.at)} · ${Math.round(snap.elapsedMs)} ms`);
    setText(this.agree, c.agree ? `read from ${c.source ?? '–'}` : 'nodes disagree on cluster_state!');
    this.renderNodes(snap);
    for (const chart of this.charts) chart.update(history);
  }

  private renderNodes(snap: MetricsSnapshot): void {
    const col = NODE_COLUMNS.find((x) => x.key === this.sortKey) ?? NODE_COLUMNS[0];
    const dir = this.descending ? -1 : 1;
    const sorted = [...snap.nodes].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      return (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))) * dir;
    });
    const rows = sorted.map((n) =>
      Object.fromEntries(
        NODE_COLUMNS.map((x) => [x.key, x.key === 'status' && n.error ? `${x.show(n)}: ${clip(n.error, 80)}` : x.show(n)]),
      ),
    );
    this.nodes.setRows(rows);
    this.firstOps = rows[0]?.ops;
  }

  updateSlowlog(s: SlowlogView): void {
    setText(
      this.slowNote,
      s.errors.length
        ? `Not read from: ${s.errors.map((e) => `${e.node} (${e.error})`).join(', ')}`
        : `${s.entries.length} entries at ${time(s.fetchedAt)}`,
    );
    this.slow.setRows(
      s.entries.map((e) => ({
        time: time(e.time * 1000),
        node: e.node,
        duration: int(e.durationUs),
        command: clip(e.args.join(' '), 160),
        client: [e.client, e.clientName].filter(Boolean).join(' '),
      })),
    );
  }

  get nodeRows(): number {
    return this.nodes.rowCount();
  }

  get slowRows(): number {
    return this.slow.rowCount();
  }
}
