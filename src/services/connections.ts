// One live connection per profile: its session and the last topology read. Views and commands subscribe to
// onDidChange and never talk to ioredis themselves.
import * as vscode from 'vscode';
import { ClusterConnectionError, classifyError } from '../core/errors';
import type { ClusterProfile } from '../core/profile';
import { ClusterSession } from '../core/session';
import { type Topology, discoverTopology } from '../core/topology';
import type { Log } from './log';
import type { ProfileStore } from './profileStore';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'error';

export interface ClusterConnection {
  name: string;
  state: ConnectionState;
  session?: ClusterSession;
  topology?: Topology;
  error?: ClusterConnectionError;
  refreshing: boolean;
}

/** What every command and view that talks to a cluster needs: the profile, its live session and a topology. */
export interface ClusterTarget {
  profile: ClusterProfile;
  session: ClusterSession;
  topology: Topology;
}

export class ConnectionManager implements vscode.Disposable {
  private readonly connections = new Map<string, ClusterConnection>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the profile name whenever its state or topology changes. */
  readonly onDidChange = this.changed.event;
  private activeName: string | undefined;
  /** In-flight connects and topology reads: concurrent callers (tree expansion, commands, the monitor) share them. */
  private readonly connecting = new Map<string, Promise<ClusterConnection>>();
  private readonly reads = new Map<ClusterSession, Promise<void>>();

  constructor(
    private readonly profiles: ProfileStore,
    private readonly log: Log,
  ) {}

  get active(): string | undefined {
    return this.activeName;
  }

  setActive(name: string | undefined): void {
    this.activeName = name;
    if (name) this.changed.fire(name);
  }

  get(name: string): ClusterConnection | undefined {
    return this.connections.get(name);
  }

  all(): ClusterConnection[] {
    return [...this.connections.values()];
  }

  /** Opens (or reuses) the session for a profile and reads its topology. Never throws: failures land in `error`. */
  connect(name: string): Promise<ClusterConnection> {
    const inflight = this.connecting.get(name);
    if (inflight) return inflight;
    const started = this.openConnection(name).finally(() => this.connecting.delete(name));
    this.connecting.set(name, started);
    return started;
  }

  private async openConnection(name: string): Promise<ClusterConnection> {
    const existing = this.connections.get(name);
    if (existing?.state === 'connected') return existing;
    const entry = this.profiles.get(name);
    const conn: ClusterConnection = existing ?? { name, state: 'connecting', refreshing: false };
    this.connections.set(name, conn);
    if (!entry?.profile) {
      conn.state = 'error';
      conn.error = new ClusterConnectionError('unknown', undefined, entry?.error ?? `no profile named "${name}"`, 'Edit the profile in settings (redisCluster.profiles)');
      this.changed.fire(name);
      return conn;
    }
    conn.state = 'connecting';
    conn.error = undefined;
    this.changed.fire(name);
    const password = await this.profiles.password(entry.profile);
    // A retry after an error starts from a fresh session (the profile or password may have changed).
    void conn.session?.close();
    conn.session = new ClusterSession(entry.profile, { password });
    this.log.info(`connecting to "${name}" (${entry.profile.nodes.join(', ')})${entry.profile.tls ? ' over TLS' : ''}`);
    if (this.activeName === undefined) this.activeName = name;
    await this.refresh(name);
    return conn;
  }

  async disconnect(name: string): Promise<void> {
    const conn = this.connections.get(name);
    this.connections.delete(name);
    if (this.activeName === name) this.activeName = undefined;
    await conn?.session?.close();
    this.log.info(`disconnected from "${name}"`);
    this.changed.fire(name);
  }

  /** Re-reads the topology (with `read`, by default the full discovery); concurrent calls share one read. */
  refresh(name: string, read: (session: ClusterSession) => Promise<Topology> = discoverTopology): Promise<void> {
    const conn = this.connections.get(name);
    if (!conn?.session) return Promise.resolve();
    const session = conn.session;
    const running = this.reads.get(session);
    if (running) return running;
    const reading = this.readTopology(name, conn, read).finally(() => this.reads.delete(session));
    this.reads.set(session, reading);
    return reading;
  }

  private async readTopology(name: string, conn: ClusterConnection, read: (session: ClusterSession) => Promise<Topology>): Promise<void> {
    if (!conn.session) return;
    conn.refreshing = true;
    try {
      conn.topology = await read(conn.session);
      conn.state = 'connected';
      conn.error = undefined;
    } catch (e) {
      conn.error = classifyError(e, undefined, { tls: !!conn.session.profile.tls });
      conn.state = 'error';
      this.log.error(`"${name}": ${conn.error.message}`);
    } finally {
      conn.refreshing = false;
      this.changed.fire(name);
    }
  }

  /**
   * The one way from a profile name to a connected cluster. Connects when needed; `fresh` asks for a topology
   * read during this call rather than the cached one (a connect that happens here is such a read, and a read
   * already in flight is shared). Throws the connection or topology error.
   */
  async target(name: string, opts: { fresh?: boolean } = {}): Promise<ClusterTarget> {
    const profile = this.profiles.get(name)?.profile;
    if (!profile) {
      throw new ClusterConnectionError('unknown', undefined, `no valid profile named "${name}"`, 'Check redisCluster.profiles in settings');
    }
    const before = this.connections.get(name);
    const cold = !before?.session || before.state !== 'connected';
    const conn = await this.connect(name);
    if (conn.session && conn.state !== 'error' && ((opts.fresh && !cold) || !conn.topology)) await this.refresh(name);
    const { session, topology, state, error } = conn;
    if (!session || !topology || state === 'error') throw error ?? new Error(`cannot read the topology of "${name}": not connected`);
    return { profile, session, topology };
  }

  /** Just the session of target(name), for callers that need no topology. */
  async session(name: string): Promise<ClusterSession> {
    return (await this.target(name)).session;
  }

  dispose(): void {
    for (const c of this.connections.values()) void c.session?.close();
    this.connections.clear();
    this.changed.dispose();
  }
}
