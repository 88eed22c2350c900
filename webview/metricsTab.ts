// Metrics tab: cluster-level state, time-series charts, a sortable table of all nodes, and the merged slow log.
import * as l10n from '@vscode/l10n';
import type { MetricsSnapshot, NodeMetrics, SlowlogView } from '../src/shared/protocol';
import { TimeChart } from './charts';
import { el, setText, stat } from './dom';
import { clip, int, ms, time } from './format';
import { type Column, createBadge, createButton, createGrid, setColumnTitles } from './ui';
import { formatBytes } from '../src/core/common/format';
import { serverLabel } from '../src/core/topology/server';

type SortValue = (n: NodeMetrics) => number | string;

type NodeColumn = Column & { value: SortValue; show: (n: NodeMetrics) => string };

// Functions, not constants: titles are translated once init has configured l10n (main.ts).
const nodeColumns = (): NodeColumn[] =>
  (
    [
      { key: 'node', title: l10n.t('Node'), value: (n) => n.address, show: (n) => n.address },
      { key: 'role', title: l10n.t('Role'), value: (n) => n.role, show: (n) => n.role },
      {
        key: 'server',
        title: l10n.t('Server'),
        value: (n) => serverLabel(n.server),
        show: (n) => (n.server ? serverLabel(n.server) : '–'),
      },
      {
        key: 'status',
        title: l10n.t('Status'),
        value: (n) => (n.ok ? 0 : 1),
        show: (n) => (n.ok ? l10n.t('ok') : n.timedOut ? l10n.t('slow') : l10n.t('error')),
      },
      { key: 'ops', title: l10n.t('Ops/s'), value: (n) => n.opsPerSec, show: (n) => int(n.opsPerSec) },
      { key: 'mem', title: l10n.t('Memory'), value: (n) => n.usedMemory, show: (n) => formatBytes(n.usedMemory) },
      { key: 'peak', title: l10n.t('Peak'), value: (n) => n.usedMemoryPeak, show: (n) => formatBytes(n.usedMemoryPeak) },
      { key: 'clients', title: l10n.t('Clients'), value: (n) => n.connectedClients, show: (n) => int(n.connectedClients) },
      { key: 'keys', title: l10n.t('Keys'), value: (n) => n.keys, show: (n) => int(n.keys) },
      {
        key: 'hit',
        title: l10n.t('Hit ratio'),
        value: (n) => n.hitRatio ?? -1,
        show: (n) => (n.hitRatio === null ? '–' : `${(100 * n.hitRatio).toFixed(1)}%`),
      },
      { key: 'hits', title: l10n.t('Hits / misses'), value: (n) => n.hits, show: (n) => `${int(n.hits)} / ${int(n.misses)}` },
      { key: 'expired', title: l10n.t('Expired'), value: (n) => n.expired, show: (n) => int(n.expired) },
      { key: 'evicted', title: l10n.t('Evicted'), value: (n) => n.evicted, show: (n) => int(n.evicted) },
      { key: 'offset', title: l10n.t('Repl. offset'), value: (n) => n.replOffset, show: (n) => int(n.replOffset) },
      {
        key: 'lag',
        title: l10n.t('Lag'),
        value: (n) => n.lagBytes ?? -1,
        show: (n) => (n.role === 'replica' ? l10n.t('{0} B · {1} s', int(n.lagBytes ?? 0), n.lagSeconds ?? '–') : '–'),
      },
      {
        key: 'latency',
        title: l10n.t('PING min/avg/max ms'),
        value: (n) => n.latency?.avgMs ?? Infinity,
        show: (n) => (n.latency ? `${ms(n.latency.minMs)} / ${ms(n.latency.avgMs)} / ${ms(n.latency.maxMs)}` : '–'),
      },
      { key: 'bus', title: l10n.t('Bus sent / recv'), value: (n) => n.busSent, show: (n) => `${int(n.busSent)} / ${int(n.busReceived)}` },
    ] satisfies NodeColumn[]
  ).map((c) => ({ ...c, sortable: true }));

const slowColumns = (): Column[] => [
  { key: 'time', title: l10n.t('Time') },
  { key: 'node', title: l10n.t('Node') },
  { key: 'duration', title: l10n.t('Duration µs') },
  { key: 'command', title: l10n.t('Command') },
  { key: 'client', title: l10n.t('Client') },
];

export class MetricsTab {
  private readonly columns = nodeColumns();
  private readonly state = createBadge('…');
  private readonly slots = stat(l10n.t('slots assigned / ok / pfail / fail'));
  private readonly epoch = stat(l10n.t('current epoch'));
  private readonly known = stat(l10n.t('known nodes'));
  private readonly polled = stat(l10n.t('polled'));
  private readonly agree = el('span', 'muted');
  readonly charts = [
    new TimeChart({ title: l10n.t('Ops/sec'), unit: 'ops/s', value: (n) => n.opsPerSec }),
    new TimeChart({ title: l10n.t('Used memory'), unit: 'MiB', value: (n) => n.usedMemory / 1048576 }),
    new TimeChart({ title: l10n.t('PING latency (avg)'), unit: 'ms', value: (n) => n.latency?.avgMs ?? null }),
  ];
  private readonly nodes = createGrid(this.columns, { label: l10n.t('All nodes'), onSort: (k) => this.sortBy(k) });
  private readonly slow = createGrid(slowColumns(), { label: l10n.t('Slow log, all nodes, newest first') });
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
      createButton(l10n.t('Poll now'), refresh),
    );
    const charts = el('div', 'charts');
    for (const c of this.charts) charts.append(c.element);
    const n = el('section');
    n.append(el('h3', undefined, l10n.t('Nodes (click a column to sort)')), this.nodes.element);
    const s = el('section');
    s.append(el('h3', undefined, l10n.t('Slow log (all nodes, newest first)')), this.slowNote, this.slow.element);
    root.append(head, charts, n, s);
    setColumnTitles(this.nodes, this.columns, this.sortKey, this.descending);
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
  }

  private sortBy(key: string): void {
    this.descending = this.sortKey === key ? !this.descending : key !== 'node' && key !== 'role';
    this.sortKey = key;
    setColumnTitles(this.nodes, this.columns, this.sortKey, this.descending);
    if (this.latest) this.renderNodes(this.latest);
  }

  update(snap: MetricsSnapshot, history: MetricsSnapshot[]): void {
    this.latest = snap;
    const c = snap.cluster;
    setText(this.state, l10n.t('cluster_state: {0}', c.state));
    this.state.classList.toggle('bad', c.state !== 'ok');
    setText(this.slots.value, `${int(c.slotsAssigned)} / ${int(c.slotsOk)} / ${c.slotsPfail} / ${c.slotsFail}`);
    setText(this.epoch.value, String(c.currentEpoch));
    setText(this.known.value, l10n.t('{0} ({1} shards)', c.knownNodes, c.size));
    setText(this.polled.value, `${time(snap.at)} · ${Math.round(snap.elapsedMs)} ms`);
    setText(this.agree, c.agree ? l10n.t('read from {0}', c.source ?? '–') : l10n.t('nodes disagree on cluster_state!'));
    this.renderNodes(snap);
    for (const chart of this.charts) chart.update(history);
  }

  private renderNodes(snap: MetricsSnapshot): void {
    const col = this.columns.find((x) => x.key === this.sortKey) ?? this.columns[0];
    const dir = this.descending ? -1 : 1;
    const sorted = [...snap.nodes].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      return (typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))) * dir;
    });
    const rows = sorted.map((n) =>
      Object.fromEntries(
        this.columns.map((x) => [x.key, x.key === 'status' && n.error ? l10n.t('{0}: {1}', x.show(n), clip(n.error, 80)) : x.show(n)]),
      ),
    );
    this.nodes.setRows(rows);
    this.firstOps = rows[0]?.ops;
  }

  updateSlowlog(s: SlowlogView): void {
    setText(
      this.slowNote,
      s.errors.length
        ? l10n.t('Not read from: {0}', s.errors.map((e) => `${e.node} (${e.error})`).join(', '))
        : l10n.t('{0} entries at {1}', s.entries.length, time(s.fetchedAt)),
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
