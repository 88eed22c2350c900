// One live connection per profile: its session and the last topology read. Views and commands subscribe to
// onDidChange and never talk to ioredis themselves.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { StorePasswords } from '../core/connection/javaStores';
import type { SshSecrets } from '../core/connection/ssh/tunnel';
import { ClusterConnectionError, classifyError } from '../core/common/errors';
import type { ClusterProfile } from '../core/profiles/profile';
import { ClusterSession } from '../core/connection/session';
import { LinkWatch } from '../core/connection/linkWatch';
import { type Topology, discoverTopology } from '../core/topology/topology';
import type { Log } from './log';
import type { ProfileStore, UsableEntry } from './profileStore';

/** `reconnecting`: was connected, the link stalled or dropped; the last topology stays, reads fail fast (linkWatch.ts). */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export interface ClusterConnection {
  /** The profile's id (`user:prod`, `workspace:prod`): connections are keyed by identity, never by bare name. */
  name: string;
  state: ConnectionState;
  session?: ClusterSession;
  /** Judges the link from the periodic reads; made with the session. */
  link?: LinkWatch;
  topology?: Topology;
  /** How long the read that gave `topology` took, in ms (the first one includes connecting to every master). */
  readMs?: number;
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
  /** Fires with the profile id whenever its state or topology changes. */
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

  /** Every method takes a profile id or a bare name that only one profile has; state is kept under the id. */
  private key(ref: string): string {
    return this.profiles.idOf(ref);
  }

  /** A profile as messages show it: its name, plus the scope when two profiles share it. */
  label(ref: string): string {
    return this.profiles.label(ref);
  }

  setActive(ref: string | undefined): void {
    const name = ref === undefined ? undefined : this.key(ref);
    this.activeName = name;
    if (name) this.changed.fire(name);
  }

  get(ref: string): ClusterConnection | undefined {
    return this.connections.get(this.key(ref));
  }

  all(): ClusterConnection[] {
    return [...this.connections.values()];
  }

  /** Opens (or reuses) the session for a profile and reads its topology. Never throws: failures land in `error`. */
  connect(ref: string): Promise<ClusterConnection> {
    const name = this.key(ref);
    const inflight = this.connecting.get(name);
    if (inflight) return inflight;
    const started = this.openConnection(name).finally(() => this.connecting.delete(name));
    this.connecting.set(name, started);
    return started;
  }

  private async openConnection(name: string): Promise<ClusterConnection> {
    const existing = this.connections.get(name);
    // A reconnecting profile keeps its session: the periodic read is its reconnect (no second loop, no new session).
    if (existing?.state === 'connected' || existing?.state === 'reconnecting') return existing;
    const conn: ClusterConnection = existing ?? { name, state: 'connecting', refreshing: false };
    this.connections.set(name, conn);
    const fail = (e: unknown) => {
      conn.state = 'error';
      conn.error =
        e instanceof ClusterConnectionError
          ? e
          : new ClusterConnectionError('unknown', undefined, String(e), l10n.t('Check redisCluster.profiles in settings'));
      this.changed.fire(name);
      return conn;
    };
    // The one gate: unknown, ambiguous, invalid and untrusted-workspace profiles stop here, before any socket or file.
    let entry: UsableEntry;
    try {
      entry = this.profiles.usable(name);
    } catch (e) {
      return fail(e);
    }
    conn.state = 'connecting';
    conn.error = undefined;
    this.changed.fire(name);
    let password: string | undefined;
    let storePasswords: StorePasswords;
    let ssh: SshSecrets | undefined;
    try {
      password = await this.profiles.password(entry);
      storePasswords = await this.profiles.storePasswords(entry);
      ssh = await this.profiles.sshSecrets(entry);
    } catch (e) {
      return fail(e);
    }
    // A retry after an error starts from a fresh session (the profile or password may have changed).
    void conn.session?.close();
    conn.session = new ClusterSession(entry.profile, { password, storePasswords, ssh });
    conn.link = new LinkWatch(conn.session);
    const via = entry.profile.ssh ? ` through SSH bastion ${entry.profile.ssh.host}:${entry.profile.ssh.port ?? 22}` : '';
    this.log.info(`connecting to "${name}" (${entry.profile.nodes.join(', ')})${entry.profile.tls ? ' over TLS' : ''}${via}`);
    if (this.activeName === undefined) this.activeName = name;
    await this.refresh(name);
    return conn;
  }

  async disconnect(ref: string): Promise<void> {
    const name = this.key(ref);
    const conn = this.connections.get(name);
    this.connections.delete(name);
    if (this.activeName === name) this.activeName = undefined;
    await conn?.session?.close();
    this.log.info(`disconnected from "${name}"`);
    this.changed.fire(name);
  }

  /** Re-reads the topology (with `read`, by default the full discovery); concurrent calls share one read. */
  refresh(ref: string, read: (session: ClusterSession) => Promise<Topology> = discoverTopology): Promise<void> {
    const name = this.key(ref);
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
    const { session, link } = conn;
    if (!session) return;
    conn.refreshing = true;
    const started = performance.now();
    // Only a cluster that answered once can be "reconnecting"; a first connect that fails is an error to fix.
    const watched = link && (conn.state === 'connected' || conn.state === 'reconnecting');
    const was = conn.state;
    try {
      conn.topology = await (watched ? link.watch(() => read(session)) : read(session));
      conn.readMs = Math.round(performance.now() - started);
      conn.state = 'connected';
      conn.error = undefined;
      if (was === 'reconnecting') this.log.info(`"${name}": the link is back, reconnected`);
    } catch (e) {
      conn.error = classifyError(e, undefined, { tls: !!session.profile.tls });
      conn.state = watched && link.state === 'reconnecting' ? 'reconnecting' : 'error';
      // One line per transition: a link down for a day must not write a line per poll.
      if (conn.state !== was || was !== 'reconnecting') {
        this.log.error(`"${name}": ${conn.error.message}${conn.state === 'reconnecting' ? ' (reconnecting)' : ''}`);
      }
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
  async target(ref: string, opts: { fresh?: boolean } = {}): Promise<ClusterTarget> {
    const { profile, id: name } = this.profiles.usable(ref);
    const before = this.connections.get(name);
    const cold = !before?.session || before.state !== 'connected';
    const conn = await this.connect(name);
    // While the link is down a read would only wait: say so now (the periodic read reconnects).
    if (conn.state === 'reconnecting') conn.link?.assertUp();
    if (conn.session && conn.state !== 'error' && ((opts.fresh && !cold) || !conn.topology)) await this.refresh(name);
    const { session, topology, state, error } = conn;
    if (!session || !topology || state === 'error') throw error ?? new Error(`cannot read the topology of "${name}": not connected`);
    return { profile, session, topology };
  }

  /** Just the session of target(name), for callers that need no topology. */
  async session(ref: string): Promise<ClusterSession> {
    return (await this.target(ref)).session;
  }

  dispose(): void {
    for (const c of this.connections.values()) void c.session?.close();
    this.connections.clear();
    this.changed.dispose();
  }
}
