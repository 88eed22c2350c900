// A session is one profile plus its password, with one pooled client per node address.
// Admin and per-slot commands go to a named node; the routed cluster client is made on demand.
import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';
import { type ConnectOptions, authenticated, connectAnySeed, connectCluster, probeNode } from './connect';
import { address as addressOf } from '../common/format';
import { ClusterStateError, InputError } from '../common/errors';
import { dialTarget } from './natMap';
import { unreachableAnnounced } from './reachability';
import { type ClusterProfile, type HostPort, isInsecure, parseHostPort } from '../profiles/profile';
import { SshTunnel } from './ssh/tunnel';

export class ClusterSession {
  private readonly nodes = new Map<string, Promise<Redis>>();
  private routed?: Promise<Cluster>;
  /** Host names the nodes announce (cluster-announce-hostname), by announced ip:port. */
  private readonly hostnames = new Map<string, string>();
  private closed = false;
  private readonly opts: ConnectOptions;
  /** The tunnel this session opened (and closes); a `via` passed in belongs to the caller. */
  private readonly tunnel?: SshTunnel;

  constructor(
    readonly profile: ClusterProfile,
    opts: ConnectOptions = {},
  ) {
    // A bastion: one SSH connection for the whole session, opened at the first connect, closed with the session.
    if (profile.ssh && !opts.via) this.tunnel = new SshTunnel(profile.ssh, opts.ssh);
    this.opts = this.tunnel ? { ...opts, via: this.tunnel } : opts;
  }

  /** Username and password of the profile, for commands that pass them on to another node (MIGRATE ... AUTH2). */
  get credentials(): { username?: string; password?: string } {
    return { username: this.profile.username, password: this.opts.password };
  }

  /** Connection options (timeouts, store passwords) for probes made on this session's behalf. */
  get connectOptions(): ConnectOptions {
    return this.opts;
  }

  get insecure(): boolean {
    return isInsecure(this.profile);
  }

  /** A connected client for one node; the connection is reused until it fails. */
  node(address: string | HostPort): Promise<Redis> {
    if (this.closed) {
      const hint = 'Connect the profile again; a closed session opens no new connection';
      return Promise.reject(new ClusterStateError(`session for profile "${this.profile.name}" is closed`, hint));
    }
    const hp = typeof address === 'string' ? parseHostPort(address) : address;
    if (typeof hp === 'string') return Promise.reject(new InputError(hp, 'Give the node as host:port ([v6]:port for IPv6)'));
    const key = addressOf(hp);
    const existing = this.nodes.get(key);
    if (existing) return existing;
    // The one place where an address learnt from the cluster becomes a connection: natMap and TLS names apply here.
    const target = dialTarget(this.profile, hp, this.hostnames.get(key));
    const created = probeNode(this.profile, target.hp, this.opts, target.servername)
      .catch((e: unknown) => {
        throw unreachableAnnounced(e, this.profile, hp, target, this.hostnames.get(key));
      })
      .then((client) => {
        client.once('end', () => {
          if (this.nodes.get(key) === created) this.nodes.delete(key);
        });
        // AUTH rides with the first command (connect.ts); a refused one must not leave the client pooled.
        authenticated(client).catch(() => this.forget(key));
        return client;
      });
    created.catch(() => this.nodes.delete(key));
    this.nodes.set(key, created);
    return created;
  }

  /** Remembers the host names nodes announce, so their connections get natMap entries and TLS names by host name. */
  learnHostnames(nodes: readonly { host: string; port: number; hostname?: string }[]): void {
    for (const n of nodes) {
      if (n.hostname && n.port > 0) this.hostnames.set(addressOf(n), n.hostname);
    }
  }

  /** The first seed that answers in cluster mode, reusing a pooled client (except those in `skip`). */
  async anySeed(skip?: ReadonlySet<string>): Promise<{ client: Redis; address: string }> {
    for (const [address, pending] of this.nodes) {
      if (skip?.has(address)) continue;
      const client = await pending.catch(() => undefined);
      if (client && client.status === 'ready') return { client, address };
    }
    // Every seed is dialled at once and pooled as it starts, so reads that follow find the others connecting.
    const unpooled: Promise<Redis>[] = [];
    const { client, seed } = await connectAnySeed(this.profile, this.opts, (hp, attempt) => {
      const key = addressOf(hp);
      if (this.closed || (this.nodes.has(key) && !skip?.has(key))) return void unpooled.push(attempt);
      this.nodes.set(key, attempt);
      const drop = () => {
        if (this.nodes.get(key) === attempt) this.nodes.delete(key);
      };
      attempt.then((c) => c.once('end', drop), drop);
    });
    for (const a of unpooled) a.then((c) => c !== client && c.disconnect()).catch(() => undefined);
    const address = addressOf(seed);
    if (this.closed) client.disconnect();
    else if (unpooled.length) this.nodes.set(address, Promise.resolve(client));
    return { client, address };
  }

  /** Routed client for key commands (follows MOVED/ASK). */
  cluster(): Promise<Cluster> {
    if (!this.routed) {
      this.routed = connectCluster(this.profile, this.opts);
      this.routed.catch(() => (this.routed = undefined));
    }
    return this.routed;
  }

  /** Drops the pooled client for a node (after it failed or was removed). */
  forget(address: string): void {
    const pending = this.nodes.get(address);
    this.nodes.delete(address);
    pending?.then((c) => c.disconnect()).catch(() => undefined);
  }

  /**
   * Drops every connection but keeps the session open: what waits on a stalled link fails at once, and the next
   * read dials again (linkWatch.ts).
   */
  dropConnections(): void {
    const all = [...this.nodes.values()];
    this.nodes.clear();
    const routed = this.routed;
    this.routed = undefined;
    for (const p of all) p.then((c) => c.disconnect()).catch(() => undefined);
    routed?.then((c) => c.disconnect()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.nodes.values()];
    this.nodes.clear();
    const routed = this.routed;
    this.routed = undefined;
    await Promise.all(all.map((p) => p.then((c) => c.disconnect()).catch(() => undefined)));
    if (routed) await routed.then((c) => c.disconnect()).catch(() => undefined);
    await this.tunnel?.close();
  }
}
