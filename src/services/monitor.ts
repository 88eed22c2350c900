// Keeps connected clusters fresh and tells the user once when something breaks. The periodic poll is the light
// one (src/core/monitoring/lightPoll.ts): topology, node figures and dashboard metrics from one pass. It owns the only
// cadence (redisCluster.refreshIntervalSeconds): the explorer and every dashboard subscribe to it. It runs only while a
// consumer (the explorer, a dashboard) is visible and the window has focus, one poll at a time
// (src/core/monitoring/pollScheduler.ts). Topology reads made on request (connect, refresh, admin work) get their node
// figures read after them.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { LightPoller } from '../core/monitoring/lightPoll';
import type { MetricsSnapshot } from '../core/monitoring/metrics';
import { PollScheduler } from '../core/monitoring/pollScheduler';
import type { ClusterSession } from '../core/connection/session';
import { nodeHealth } from '../core/topology/nodeHealth';
import { type NodeStats, readAllNodeStats } from '../core/monitoring/nodeStats';
import { type Topology, address } from '../core/topology/topology';
import type { ClusterConnection, ConnectionManager } from './connections';
import type { Log } from './log';
import { shortId } from '../core/common/format';

export const REFRESH_SETTING = 'redisCluster.refreshIntervalSeconds';
const STATS_TIMEOUT_MS = 3000;

interface Seen {
  errorKey?: string;
  state?: string;
  failIds: Set<string>;
  statsFor?: number;
}

export interface Notice {
  profile: string;
  severity: 'error' | 'warning';
  text: string;
}

export interface StatsEntry {
  stats?: NodeStats;
  loading: boolean;
}

export class Monitor implements vscode.Disposable {
  private readonly stats = new Map<string, Map<string, NodeStats>>();
  private readonly pending = new Map<string, Set<string>>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly seen = new Map<string, Seen>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the profile name when node figures arrive. */
  readonly onDidChangeStats = this.changed.event;
  private readonly noticed = new vscode.EventEmitter<Notice>();
  /** Fires for every notification shown (connection errors, cluster or node failures). */
  readonly onDidNotify = this.noticed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly scheduler: PollScheduler;
  private readonly pollers = new Map<string, { session: ClusterSession; poller: LightPoller }>();
  /** fetchedAt of topologies the light poll read (their node figures came with them). */
  private readonly lightReads = new Map<string, number>();
  private readonly latestMetrics = new Map<string, MetricsSnapshot>();
  private readonly polled = new vscode.EventEmitter<string>();
  /** Fires with the profile name after each periodic poll of it (metrics() then has its figures). */
  readonly onDidPoll = this.polled.event;
  /** Lets a notification's "Reveal" action reach the tree without the monitor knowing the view. */
  revealNode: ((profile: string, nodeId: string) => Promise<void>) | undefined;
  /** Lets the explorer hold a figures read back until it has drawn the topology the figures follow. */
  beforeFigures: (() => Promise<void>) | undefined;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly log: Log,
  ) {
    this.scheduler = new PollScheduler({ intervalMs: () => this.intervalMs(), poll: () => this.pollAll() });
    this.scheduler.setFocused(vscode.window.state.focused);
    this.disposables.push(
      connections.onDidChange((name) => this.onConnection(name)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(REFRESH_SETTING)) this.scheduler.restart();
      }),
      vscode.window.onDidChangeWindowState((w) => this.scheduler.setFocused(w.focused)),
    );
  }

  /** Interval in ms; 0 turns automatic refresh off. */
  intervalMs(): number {
    const v = vscode.workspace.getConfiguration().get<number>(REFRESH_SETTING, 5);
    return Number.isFinite(v) && v > 0 ? Math.max(1, v) * 1000 : 0;
  }

  /** The explorer reports its visibility; refreshing a tree nobody sees only costs the cluster. */
  setVisible(visible: boolean): void {
    this.setConsumerVisible('explorer', visible);
  }

  /** Any view that shows polled figures (the explorer, a dashboard) reports whether it can be seen. */
  setConsumerVisible(consumer: string, visible: boolean): void {
    this.scheduler.setVisible(consumer, visible);
  }

  get paused(): boolean {
    return !this.scheduler.active;
  }

  /** The periodic scheduler's counters (polls started, requests folded into a running poll, most in flight). */
  get pollCounters(): PollScheduler['counters'] {
    return this.scheduler.counters;
  }

  /**
   * Polls every connected cluster now, or joins the poll already running: a view that needs figures at once
   * (a dashboard opening, a Refresh button) asks here instead of reading the nodes itself.
   */
  pollNow(): Promise<void> {
    return this.scheduler.pollNow();
  }

  /** The latest metrics of a profile from the periodic poll. */
  metrics(profile: string): MetricsSnapshot | undefined {
    return this.latestMetrics.get(profile);
  }

  private async pollAll(): Promise<void> {
    await Promise.all(
      this.connections
        .all()
        .filter((c) => c.session && (c.state === 'connected' || c.state === 'reconnecting'))
        .map(async (c) => {
          const session = c.session as ClusterSession;
          let entry = this.pollers.get(c.name);
          if (entry?.session !== session) this.pollers.set(c.name, (entry = { session, poller: new LightPoller(session) }));
          const poller = entry.poller;
          await this.connections.refresh(c.name, async () => {
            const r = await poller.poll({ timeoutMs: STATS_TIMEOUT_MS });
            const store = this.stats.get(c.name) ?? new Map<string, NodeStats>();
            for (const [addr, st] of r.stats) store.set(addr, st);
            this.stats.set(c.name, store);
            this.lightReads.set(c.name, r.topology.fetchedAt);
            this.latestMetrics.set(c.name, r.metrics);
            return r.topology;
          });
          this.changed.fire(c.name);
          this.polled.fire(c.name);
        }),
    );
  }

  stat(profile: string, addr: string): StatsEntry {
    return { stats: this.stats.get(profile)?.get(addr), loading: this.pending.get(profile)?.has(addr) ?? false };
  }

  /** Topology of every live connection, then (through onConnection) their node figures. */
  async refreshAll(): Promise<void> {
    await Promise.all(
      this.connections
        .all()
        .filter((c) => c.session)
        .map((c) => this.connections.refresh(c.name)),
    );
  }

  private onConnection(name: string): void {
    const conn = this.connections.get(name);
    if (!conn) {
      this.forget(name);
      return;
    }
    const seen = this.seen.get(name) ?? { failIds: new Set<string>() };
    this.seen.set(name, seen);
    if (conn.state === 'error' && conn.error) {
      const key = `${conn.error.kind}:${conn.error.message}`;
      if (seen.errorKey !== key) this.notifyError(conn);
      seen.errorKey = key;
      return;
    }
    seen.errorKey = undefined;
    if (conn.state !== 'connected' || !conn.topology) return;
    this.notifyTransitions(name, conn.topology, seen);
    if (seen.statsFor !== conn.topology.fetchedAt) {
      seen.statsFor = conn.topology.fetchedAt;
      if (this.lightReads.get(name) !== conn.topology.fetchedAt) void this.readStats(conn, conn.topology);
    }
  }

  private async readStats(conn: ClusterConnection, topology: Topology): Promise<void> {
    if (!conn.session) return;
    this.aborts.get(conn.name)?.abort();
    const abort = new AbortController();
    this.aborts.set(conn.name, abort);
    const addresses = topology.nodes.filter((n) => n.host && n.port && !n.flags.includes('noaddr')).map(address);
    this.pending.set(conn.name, new Set(addresses));
    const store = this.stats.get(conn.name) ?? new Map<string, NodeStats>();
    this.stats.set(conn.name, store);
    // The tree's rows first: on 100 nodes the figures are 100 INFO replies and 50 new TLS connections (to the
    // replicas) on this same thread, and started together with the draw they held it back by 200-500 ms.
    await this.beforeFigures?.();
    if (abort.signal.aborted || !conn.session) return;
    await readAllNodeStats(conn.session, addresses, {
      timeoutMs: STATS_TIMEOUT_MS,
      signal: abort.signal,
      onNode: (s) => {
        if (abort.signal.aborted) return;
        store.set(s.address, s);
        this.pending.get(conn.name)?.delete(s.address);
        this.changed.fire(conn.name);
      },
    });
  }

  private notifyError(conn: ClusterConnection): void {
    const err = conn.error;
    if (!err) return;
    const setPassword = l10n.t('Set Password');
    const editProfile = l10n.t('Edit Profile');
    const showLog = l10n.t('Show Log');
    const fix = err.kind === 'auth' || err.kind === 'noauth' || err.kind === 'unknown-user' ? setPassword : editProfile;
    const text = l10n.t('Redis Cluster "{0}": {1}', this.connections.label(conn.name), err.message);
    this.noticed.fire({ profile: conn.name, severity: 'error', text });
    void vscode.window.showErrorMessage(text, fix, showLog).then((a) => {
      if (a === setPassword) void vscode.commands.executeCommand('redisCluster.setPassword', { profile: conn.name });
      if (a === editProfile) void vscode.commands.executeCommand('redisCluster.editProfile', { profile: conn.name });
      if (a === showLog) this.log.show();
    });
  }

  /** Only changes after the first read are news: a cluster found failing is shown by the tree, not announced. */
  private notifyTransitions(name: string, t: Topology, seen: Seen): void {
    const failing = t.nodes.filter((n) => nodeHealth(n) === 'fail');
    const fresh = failing.filter((n) => !seen.failIds.has(n.id));
    const known = seen.state !== undefined;
    if (known && seen.state === 'ok' && t.info.state !== 'ok') {
      const who = failing.map((n) => `${address(n)} (${n.role} ${shortId(n.id)})`).join(', ');
      this.log.error(`"${name}": cluster_state went ${t.info.state}${who ? `; failing: ${who}` : ''}`);
      const down = who
        ? l10n.t('Redis Cluster "{0}" is down (cluster_state:{1}): {2} failing.', this.connections.label(name), t.info.state, who)
        : l10n.t('Redis Cluster "{0}" is down (cluster_state:{1}).', this.connections.label(name), t.info.state);
      this.announce(name, down, failing[0]?.id);
    } else if (known) {
      for (const n of fresh) {
        this.log.warn(`"${name}": node ${address(n)} (${n.role} ${n.id}) is marked FAIL`);
        const text = l10n.t(
          'Redis Cluster "{0}": {1} {2} ({3}) is marked FAIL by the cluster.',
          this.connections.label(name),
          n.role,
          address(n),
          shortId(n.id),
        );
        this.announce(name, text, n.id);
      }
    }
    seen.state = t.info.state;
    seen.failIds = new Set(failing.map((n) => n.id));
  }

  private announce(name: string, text: string, nodeId: string | undefined): void {
    const reveal = l10n.t('Reveal in Tree');
    const showLog = l10n.t('Show Log');
    const dashboard = l10n.t('Open Dashboard');
    const actions = nodeId ? [reveal, showLog] : [showLog];
    this.noticed.fire({ profile: name, severity: 'warning', text });
    void vscode.commands.getCommands(true).then(async (all) => {
      if (all.includes('redisCluster.openDashboard')) actions.push(dashboard);
      const a = await vscode.window.showWarningMessage(text, ...actions);
      if (a === reveal && nodeId) await this.revealNode?.(name, nodeId);
      if (a === showLog) this.log.show();
      if (a === dashboard) await vscode.commands.executeCommand('redisCluster.openDashboard', { profile: name });
    });
  }

  private forget(name: string): void {
    this.aborts.get(name)?.abort();
    this.aborts.delete(name);
    this.stats.delete(name);
    this.pending.delete(name);
    this.seen.delete(name);
    this.pollers.delete(name);
    this.lightReads.delete(name);
    this.latestMetrics.delete(name);
  }

  dispose(): void {
    this.scheduler.dispose();
    this.polled.dispose();
    for (const a of this.aborts.values()) a.abort();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    this.noticed.dispose();
  }
}
