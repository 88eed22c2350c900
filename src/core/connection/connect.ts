// Connections for a profile: per-node clients (admin, per-slot commands) and a routed cluster client (keys).
// ioredis reports most TLS failures as "Connection is closed", so a failed connect probes one seed directly
// and reports the real cause.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { type ConnectionOptions, type SecureContext, type SecureContextOptions, createSecureContext } from 'node:tls';
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import { ClusterConnectionError, classifyError } from '../common/errors';
import { type StorePasswords, explainTrustFailure, keyStoreTlsOptions } from './javaStores';
import { dialTarget, seedServername } from './natMap';
import { askView } from './firstView';
import { type ClusterProfile, type HostPort, parseHostPort } from '../profiles/profile';
import { address } from '../common/format';
import { type StreamDialer, connectorVia } from './via';
import type { SshSecrets } from './ssh/tunnel';

export interface ConnectOptions {
  password?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Passwords of tls.pfx / tls.trustStore (SecretStorage or their ...PasswordEnv variables). */
  storePasswords?: StorePasswords;
  /** CLIENT SETNAME on every connection, so an operator (or a test) can tell this session's connections apart. */
  connectionName?: string;
  /** Dials every node through this instead of directly (the session sets it for a profile with an SSH bastion). */
  via?: StreamDialer;
  /** Passphrase and host key answers for the profile's SSH bastion. */
  ssh?: SshSecrets;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 10000;

export function seeds(profile: ClusterProfile): HostPort[] {
  return profile.nodes.map((n) => {
    const hp = parseHostPort(n);
    if (typeof hp === 'string') throw new ClusterConnectionError('unknown', n, hp, 'Fix the nodes list of the profile');
    return hp;
  });
}

// Key stores are opened once per profile object and password pair, not once per node connection.
const tlsCache = new WeakMap<ClusterProfile, { key: string; value: ConnectionOptions }>();

export function tlsOptions(profile: ClusterProfile, storePasswords: StorePasswords = {}): ConnectionOptions | undefined {
  if (!profile.tls) return undefined;
  const cacheKey = JSON.stringify([storePasswords.pfx, storePasswords.trustStore]);
  const cached = tlsCache.get(profile);
  if (cached?.key === cacheKey) return cached.value;
  const value = readTlsOptions(profile, storePasswords);
  tlsCache.set(profile, { key: cacheKey, value });
  return value;
}

function readTlsOptions(profile: ClusterProfile, storePasswords: StorePasswords): ConnectionOptions {
  const t = profile.tls || {};
  const read = (p: string | undefined, field: string) => {
    if (!p) return undefined;
    try {
      return readFileSync(p);
    } catch (e) {
      throw new ClusterConnectionError(
        'unknown',
        undefined,
        `cannot read tls.${field} file ${p} (${(e as NodeJS.ErrnoException).code})`,
        'Fix the path in the profile',
      );
    }
  };
  // Key stores (tls.trustStore, tls.pfx) stand in for the PEM files; all of it goes into the one secure context,
  // since Node ignores ca/cert/key/pfx options once a secureContext is given.
  const stores = keyStoreTlsOptions(t, storePasswords);
  return {
    secureContext: sharedSecureContext({
      ca: stores.ca ?? read(t.ca, 'ca'),
      cert: stores.cert ?? read(t.cert, 'cert'),
      key: stores.key ?? read(t.key, 'key'),
      pfx: stores.pfx,
      passphrase: stores.passphrase,
    }),
    servername: t.servername,
    rejectUnauthorized: t.rejectUnauthorized !== false,
  };
}

/**
 * Building a secure context parses the CA and key every time; with one per connection, a 100-node check spent
 * more CPU on that than on talking to the nodes. Keyed by the files' contents, so a renewed certificate is
 * picked up at the next connection.
 */
const contexts = new Map<string, SecureContext>();

type ContextMaterial = Pick<SecureContextOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase'>;

function sharedSecureContext(material: ContextMaterial): SecureContext {
  const hash = createHash('sha256');
  const feed = (v: unknown): void => {
    if (v === undefined) hash.update('-');
    else if (Buffer.isBuffer(v) || typeof v === 'string') hash.update(v);
    else if (Array.isArray(v)) v.forEach(feed);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(feed);
    hash.update('|');
  };
  for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase'] as const) feed(material[k]);
  const id = hash.digest('hex');
  let ctx = contexts.get(id);
  if (!ctx) {
    if (contexts.size >= 16) contexts.clear();
    ctx = createSecureContext(material);
    contexts.set(id, ctx);
  }
  return ctx;
}

/** Options shared by every client of a profile. RESP2 keeps reply shapes plain (arrays, strings). */
export function baseRedisOptions(profile: ClusterProfile, opts: ConnectOptions): RedisOptions {
  return {
    username: profile.username,
    password: opts.password,
    tls: tlsOptions(profile, opts.storePasswords),
    protocol: 2,
    connectTimeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    commandTimeout: opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableReadyCheck: false,
    // CLIENT SETINFO is two more commands per connection, and 7.0 servers reject it anyway.
    disableClientInfo: true,
    connectionName: opts.connectionName,
    // ioredis waits this long (default 2 s) for a socket that already failed to close, keeping the CLI alive meanwhile.
    disconnectTimeout: 100,
    ...(opts.via ? { Connector: connectorFor(opts.via) } : {}),
  };
}

// One Connector class per dialer, not one per client.
const connectors = new WeakMap<StreamDialer, NonNullable<RedisOptions['Connector']>>();

function connectorFor(via: StreamDialer): NonNullable<RedisOptions['Connector']> {
  let c = connectors.get(via);
  if (!c) connectors.set(via, (c = connectorVia(via)));
  return c;
}

/** One node, no reconnect loop: failures surface at once. */
function nodeClient(profile: ClusterProfile, hp: HostPort, opts: ConnectOptions = {}, servername?: string): Redis {
  // AUTH and CLIENT SETNAME are sent by prelude() in the same write as the first commands: ioredis would wait
  // for their replies before sending anything else, one round trip more per connection on a remote link.
  const { username, password, connectionName, ...base } = baseRedisOptions(profile, opts);
  const client = new Redis({
    ...base,
    tls: base.tls && servername ? { ...base.tls, servername } : base.tls,
    host: hp.host,
    port: hp.port,
    lazyConnect: true,
    retryStrategy: () => null,
    enableOfflineQueue: true,
  });
  // Errors are reported through the failing command; an unhandled 'error' event would crash the host.
  // The socket-level cause is kept, because the failing command itself only says "Connection is closed".
  client.on('error', (e: Error) => lastErrors.set(client, e));
  // A duplicate (a dedicated connection for WATCH/MULTI) has no prelude: ioredis authenticates it itself.
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override?: Partial<RedisOptions>) => duplicate({ username, password, connectionName, ...override });
  return client;
}

const lastErrors = new WeakMap<Redis, Error>();
const preludes = new WeakMap<Redis, Promise<unknown>>();

/**
 * Queues AUTH (and CLIENT SETNAME) on a client that is connecting, so they leave with whatever is asked next.
 * The returned promise settles with AUTH's reply; a failure is also kept as the client's last error.
 */
function prelude(client: Redis, profile: ClusterProfile, opts: ConnectOptions): Promise<unknown> {
  const steps: Promise<unknown>[] = [];
  if (opts.password) {
    const auth = profile.username ? client.call('AUTH', profile.username, opts.password) : client.call('AUTH', opts.password);
    // Only a reply (WRONGPASS...) is kept: a socket that failed already left its own, better cause.
    steps.push(auth.catch((e: Error) => (/^[A-Z]+ /.test(e.message) && lastErrors.set(client, e), Promise.reject(e))));
  }
  if (opts.connectionName) steps.push(client.call('CLIENT', 'SETNAME', opts.connectionName).catch(() => undefined));
  const done = Promise.all(steps);
  done.catch(() => undefined);
  preludes.set(client, done);
  return done;
}

/** Settles when the client's AUTH was answered (at once for clients without one); rejects with WRONGPASS and the like. */
export function authenticated(client: Redis): Promise<unknown> {
  return preludes.get(client) ?? Promise.resolve();
}

/** The most recent socket/TLS error a client saw, if any. */
export function lastSocketError(client: Redis): Error | undefined {
  return lastErrors.get(client);
}

/** Connects to one node and checks it answers PING; throws a classified error otherwise. */
export async function probeNode(profile: ClusterProfile, hp: HostPort, opts: ConnectOptions = {}, servername?: string): Promise<Redis> {
  const client = nodeClient(profile, hp, opts, servername);
  const connectMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    // A peer that accepts TCP but never answers (a blackhole) must cost the connect timeout, not the longer
    // command timeout. With a password, the TLS handshake is the first answer and AUTH rides with the caller's
    // first command (authenticated() has its reply); without one, PING is the first reply (and shows NOAUTH).
    const connected = client.connect();
    const auth = prelude(client, profile, opts);
    // Without TLS, a connect says nothing about the peer: wait for AUTH's reply there.
    const work = connected.then(() => (!opts.password ? client.ping() : profile.tls ? undefined : auth));
    work.catch(() => undefined); // the loser of the race must not become an unhandled rejection
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no reply within ${connectMs} ms`), { code: 'ETIMEDOUT' })), connectMs);
      }),
    ]);
    return client;
  } catch (e) {
    client.disconnect();
    const classified = explainFailure(profile, hp, client, e, opts);
    // A TLS handshake that is reset or never completes may be a plain port (Redis waits for a newline that a
    // ClientHello never sends): ask the port in plain text.
    const ambiguous = (classified.kind === 'client-cert-required' && /reset/.test(classified.message)) || classified.kind === 'timeout';
    // (Not through a bastion: that probe would need a channel of its own; the TLS error is reported as it is.)
    if (profile.tls && ambiguous && !opts.via && (await speaksPlainRedis(hp, connectMs))) {
      throw new ClusterConnectionError(
        'tls-on-plain-port',
        address(hp),
        'TLS handshake failed: the port answers plain (non-TLS) Redis',
        'Remove "tls" from the profile or use the TLS port',
        e,
      );
    }
    throw classified;
  } finally {
    clearTimeout(timer);
  }
}

/** The most telling cause of a failed exchange: a reply error, else the socket's own error (a TLS alert), else `e`. */
function explainFailure(profile: ClusterProfile, hp: HostPort, client: Redis, e: unknown, opts: ConnectOptions): ClusterConnectionError {
  const replyError = e instanceof Error && /^[A-Z]+ /.test(e.message) ? e : undefined;
  return explainTrustFailure(
    classifyError(replyError ?? lastSocketError(client) ?? e, address(hp), { tls: !!profile.tls }),
    profile.tls,
    opts.storePasswords,
  );
}

/** True when the port answers a plain-text PING like Redis does (+PONG, or an error such as -NOAUTH). */
function speaksPlainRedis(hp: HostPort, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: hp.host, port: hp.port });
    const done = (v: boolean) => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(Math.min(timeoutMs, 2000), () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => done(/^[+-]/.test(d.toString('latin1'))));
  });
}

/**
 * Connects to every seed at once and settles with the first that answers in cluster mode; over a remote link,
 * trying them in turn cost a timeout per dead seed. `started` sees each seed's attempt as it begins (a session
 * pools them, so the next reads find the other seeds connecting already); without it the others are closed.
 * When none answers, throws the most specific cause seen (auth and TLS problems outrank "refused").
 */
export function connectAnySeed(
  profile: ClusterProfile,
  opts: ConnectOptions = {},
  started?: (seed: HostPort, attempt: Promise<Redis>) => void,
): Promise<{ client: Redis; seed: HostPort }> {
  const list = seeds(profile);
  const failures: (ClusterConnectionError | undefined)[] = [];
  let pending = list.length;
  let won = false;
  return new Promise((resolve, reject) => {
    if (!list.length) reject(mostSpecific([]));
    list.forEach((hp, i) => {
      const attempt = connectSeed(profile, hp, opts);
      started?.(hp, attempt);
      attempt.then(
        (client) => {
          pending--;
          if (!won) {
            won = true;
            resolve({ client, seed: hp });
          } else if (!started) client.disconnect();
        },
        (e: unknown) => {
          pending--;
          failures[i] = classifyError(e, address(hp), { tls: !!profile.tls });
          if (!won && pending === 0) reject(mostSpecific(failures.filter((f): f is ClusterConnectionError => !!f)));
        },
      );
    });
  });
}

async function connectSeed(profile: ClusterProfile, hp: HostPort, opts: ConnectOptions): Promise<Redis> {
  let client: Redis | undefined;
  try {
    client = await probeNode(profile, hp, opts, seedServername(profile, hp));
    // INFO and the cluster's view leave with AUTH; AUTH's reply comes first, so a wrong password is what this reports.
    const info = client.info('cluster');
    info.catch(() => undefined);
    askView(client);
    await authenticated(client);
    if (!/cluster_enabled:1/.test(await info)) {
      throw new ClusterConnectionError(
        'not-cluster',
        address(hp),
        'this Redis server is not in cluster mode (cluster_enabled:0)',
        'Point the profile at cluster nodes, or enable cluster mode on the server',
      );
    }
    return client;
  } catch (e) {
    if (!client) throw e;
    client.disconnect();
    // Under mutual TLS 1.3 a missing client certificate is refused after the handshake, with the first reply.
    throw e instanceof ClusterConnectionError ? e : explainFailure(profile, hp, client, e, opts);
  }
}

const GENERIC = new Set(['refused', 'timeout', 'unreachable', 'unknown']);

function mostSpecific(failures: ClusterConnectionError[]): ClusterConnectionError {
  if (!failures.length)
    return new ClusterConnectionError('unknown', undefined, 'the profile lists no seed node', 'Add nodes to the profile');
  const specific = failures.find((f) => !GENERIC.has(f.kind));
  if (specific) return specific;
  if (failures.length === 1) return failures[0];
  const nodes = failures.map((f) => `${f.node} (${f.kind})`).join(', ');
  return new ClusterConnectionError(
    failures[0]?.kind ?? 'unreachable',
    undefined,
    `no seed node answered: ${nodes}`,
    'Check that the cluster is running and the profile lists its addresses',
    failures[0],
  );
}

/** Routed cluster client for key commands. Connect failures are diagnosed through a direct seed probe. */
export async function connectCluster(profile: ClusterProfile, opts: ConnectOptions = {}): Promise<Cluster> {
  const base = baseRedisOptions(profile, opts);
  // Seeds and announced addresses alike get their TLS server name; announced ones also go through natMap.
  const withServername = (hp: HostPort, servername: string | undefined) =>
    base.tls && servername ? { ...hp, tls: { ...base.tls, servername } } : { ...hp };
  const cluster = new Cluster(
    seeds(profile).map((hp) => withServername(hp, seedServername(profile, hp))),
    {
      redisOptions: base,
      natMap: (key: string) => {
        const hp = parseHostPort(key);
        if (typeof hp === 'string') return null;
        const target = dialTarget(profile, hp);
        return withServername(target.hp, target.servername);
      },
      dnsLookup: (address, cb) => cb(null, address),
      lazyConnect: true,
      enableReadyCheck: true,
      slotsRefreshTimeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      clusterRetryStrategy: () => null,
      maxRedirections: 16,
      // Kept on: ioredis sends a command redirected (MOVED/ASK) to a node it is still connecting to through this
      // queue, and without it such a redirect loops until maxRedirections (seen behind NAT, nat-docker test).
      // While the link is down, reads are refused before they reach this client (linkWatch.ts).
      enableOfflineQueue: true,
    },
  );
  cluster.on('error', () => undefined);
  try {
    await cluster.connect();
    return cluster;
  } catch (e) {
    cluster.disconnect();
    // The cluster client's own message is usually "Connection is closed"; a direct probe says why.
    const { client } = await connectAnySeed(profile, opts);
    client.disconnect();
    throw classifyError(e, undefined, { tls: !!profile.tls });
  }
}
