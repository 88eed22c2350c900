// A remote network on loopback: one TCP listener per cluster node that delays every chunk by `delayMs` each way
// (netem is not in this kernel), so a client pays a round trip of 2 × delayMs per exchange. The nodes announce the
// forwarder's ports (see announceForwarder), so every client, redis-cli included, goes through it.
//
// It also counts round trips as the client process sees them, without timing anything: every chunk a client
// sends gets a depth of 1 + the deepest reply already handed to the client (on any connection), and a reply gets
// the depth of the request it follows on its connection. The deepest answered request is the number of sequential
// round trips on the client's critical path: parallel connections cost one, a pipeline costs one, a TLS handshake
// costs one. Node-to-node traffic (MIGRATE) comes from the nodes' bind-source-addr and is neither delayed nor
// counted, as in a data centre where the nodes sit close together and only the client is far away.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as net from 'node:net';

export interface ForwardTarget {
  host: string;
  port: number;
}

/** Where the nodes' own outgoing connections come from (CONFIG SET bind-source-addr), so they can be told apart. */
export const NODE_SOURCE_ADDR = '127.0.0.2';

/**
 * Whether the loopback connection from `port` belongs to one of the cluster's nodes. MIGRATE's connections ignore
 * bind-source-addr (Redis 7.0 dials them without a source address), so they are told apart by their owner:
 * the socket's inode from /proc/net/tcp, looked for among the nodes' open files. Linux only; elsewhere false.
 */
function ownedByNode(port: number | undefined, pids: readonly number[]): boolean {
  if (!port || !pids.length) return false;
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const line = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .find((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${hexPort}`));
    const inode = line?.trim().split(/\s+/)[9];
    if (!inode || inode === '0') return false;
    const wanted = `socket:[${inode}]`;
    for (const pid of pids) {
      try {
        if (readdirSync(`/proc/${pid}/fd`).some((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`) === wanted)) return true;
      } catch {
        // The process ended meanwhile.
      }
    }
  } catch {
    // No /proc: count everything as the client's.
  }
  return false;
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
}

interface Link {
  client: net.Socket;
  server: net.Socket;
  /** Depth of the last request delivered to the server on this link. */
  lastRequestDepth: number;
  fromNode: boolean;
}

export class DelayForwarder {
  private readonly servers: net.Server[] = [];
  private readonly links = new Set<Link>();
  private paused = false;
  private readonly held: Array<() => void> = [];
  /** Deepest reply handed to a client so far. */
  private known = 0;
  private deepest = 0;
  private chunks = 0;
  /** The cluster's redis-server pids, to recognise their MIGRATE connections (remoteCluster sets them). */
  nodePids: readonly number[] = [];
  /** With DELAY_FORWARDER_TRACE=1: every client chunk as depth, node port and size (to see where round trips go). */
  readonly trace: string[] = [];

  private constructor(
    readonly targets: readonly ForwardTarget[],
    readonly ports: readonly number[],
    public delayMs: number,
  ) {}

  /** Listens on `ports[i]` (127.0.0.1) for `targets[i]`. */
  static async start(targets: readonly ForwardTarget[], ports: readonly number[], delayMs: number): Promise<DelayForwarder> {
    const f = new DelayForwarder(targets, ports, delayMs);
    await f.listen();
    return f;
  }

  private async listen(): Promise<void> {
    await Promise.all(
      this.targets.map(
        (t, i) =>
          new Promise<void>((resolve, reject) => {
            const server = net.createServer((client) => this.accept(client, t));
            server.once('error', reject);
            server.listen(this.ports[i], '127.0.0.1', () => resolve());
            this.servers.push(server);
          }),
      ),
    );
  }

  private accept(client: net.Socket, t: ForwardTarget): void {
    const server = net.connect({ host: t.host, port: t.port });
    const fromNode = client.remoteAddress === NODE_SOURCE_ADDR || ownedByNode(client.remotePort, this.nodePids);
    const link: Link = { client, server, lastRequestDepth: 0, fromNode };
    this.links.add(link);
    client.setNoDelay(true);
    server.setNoDelay(true);
    const close = () => {
      this.links.delete(link);
      client.destroy();
      server.destroy();
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      const depth = link.fromNode ? 0 : this.known + 1;
      if (!link.fromNode) {
        this.chunks++;
        if (process.env.DELAY_FORWARDER_TRACE) this.trace.push(`${depth} ->${t.port} ${chunk.length}B`);
      }
      this.later(link, () => {
        link.lastRequestDepth = depth;
        server.write(chunk);
      });
    });
    server.on('data', (chunk: Buffer) => {
      const depth = link.lastRequestDepth;
      this.later(link, () => {
        // Counted when the reply arrives: a request nobody waits for (TLS close_notify at exit) costs nothing.
        if (!link.fromNode) {
          this.known = Math.max(this.known, depth);
          this.deepest = Math.max(this.deepest, depth);
        }
        client.write(chunk);
      });
    });
  }

  // Each chunk leaves delayMs after it arrived; timers of equal delay fire in arrival order, so order is kept.
  private later(link: Link, deliver: () => void): void {
    const delay = link.fromNode ? 0 : this.delayMs;
    const run = () => (this.paused ? this.held.push(run) : this.links.has(link) && deliver());
    if (delay <= 0) setImmediate(run);
    else setTimeout(run, delay);
  }

  /** Sequential round trips the client side needed since the last reset. */
  roundTrips(): number {
    return this.deepest;
  }

  /** Client chunks forwarded since the last reset (a rough measure of how chatty a command is). */
  clientChunks(): number {
    return this.chunks;
  }

  resetCount(): void {
    this.known = 0;
    this.deepest = 0;
    this.chunks = 0;
    this.trace.length = 0;
    for (const l of this.links) l.lastRequestDepth = 0;
  }

  /** Client connections open right now (node-to-node ones excluded). */
  openClientLinks(): number {
    return [...this.links].filter((l) => !l.fromNode).length;
  }

  /** A stalled link: connections stay open, nothing is delivered until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const run of this.held.splice(0)) run();
  }

  /** A dropped link: every client connection is cut and new ones are refused until restore(). */
  async kill(): Promise<void> {
    this.held.length = 0;
    this.paused = false;
    for (const l of [...this.links]) {
      if (l.fromNode) continue;
      l.client.destroy();
      l.server.destroy();
      this.links.delete(l);
    }
    await this.closeListeners();
  }

  /** The link is back: the same ports accept again. */
  async restore(): Promise<void> {
    if (this.servers.length === 0) await this.listen();
  }

  private async closeListeners(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  async close(): Promise<void> {
    for (const l of this.links) {
      l.client.destroy();
      l.server.destroy();
    }
    this.links.clear();
    this.held.length = 0;
    await this.closeListeners();
  }
}
