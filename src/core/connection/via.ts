// The seam for connections that do not dial the node themselves (an SSH bastion): ioredis takes a Connector
// class, and this one asks a StreamDialer for a byte stream to the node's own address, then runs TLS over it.
// TLS is checked against the node's real name or IP, and the address stays the one the cluster announces, so
// MIGRATE and MEET (which the nodes run among themselves) need no mapping.
import type { Duplex } from 'node:stream';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { AbstractConnector, type RedisOptions } from 'ioredis';
import { type HostPort, address } from '../common/format';
import { ClusterConnectionError } from '../common/errors';

/** Opens a byte stream to `hp` as the far side of the tunnel sees it. */
export interface StreamDialer {
  dial(hp: HostPort, timeoutMs: number): Promise<Duplex>;
  close(): Promise<void>;
}

type NetStream = Awaited<ReturnType<AbstractConnector['connect']>>;
type ConnectorClass = NonNullable<RedisOptions['Connector']>;

/** disconnect() came while the stream was being opened (ioredis says "Connection is closed" in that case too). */
const closed = (hp: HostPort) =>
  new ClusterConnectionError('unreachable', address(hp), 'Connection is closed while it was being opened', 'Connect again');

/**
 * A tunnelled stream is no socket: ioredis calls setNoDelay/setKeepAlive/setTimeout on what it gets, which
 * mean nothing here (the tunnel's own socket has them), so they become no-ops.
 */
function socketLike(stream: Duplex): NetStream {
  const noop = function (this: Duplex) {
    return this;
  };
  return Object.assign(stream, { setNoDelay: noop, setKeepAlive: noop, setTimeout: noop }) as unknown as NetStream;
}

function handshake(stream: Duplex, hp: HostPort, tls: ConnectionOptions, timeoutMs: number): Promise<NetStream> {
  return new Promise((resolve, reject) => {
    // host is what the certificate is checked against when no servername is given (as for a direct connection).
    const secure = tlsConnect({ ...tls, socket: stream, host: hp.host, port: hp.port });
    const timer = setTimeout(
      () =>
        fail(
          new ClusterConnectionError(
            'timeout',
            address(hp),
            `no TLS handshake within ${timeoutMs} ms`,
            'Check that the node is not overloaded',
          ),
        ),
      timeoutMs,
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      secure.destroy();
      stream.destroy();
      reject(e);
    };
    secure.once('error', fail);
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeListener('error', fail);
      resolve(secure as NetStream);
    });
  });
}

/** An ioredis Connector class whose connections go through `dialer`. */
export function connectorVia(dialer: StreamDialer): ConnectorClass {
  return class ViaConnector extends AbstractConnector {
    private readonly options: RedisOptions;

    constructor(options: unknown) {
      // ioredis hands every Connector the client's own (already defaulted) RedisOptions.
      const o = options as RedisOptions;
      super(o.disconnectTimeout ?? 2000);
      this.options = o;
    }

    async connect(): Promise<NetStream> {
      this.connecting = true;
      const hp = { host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 6379 };
      const timeoutMs = this.options.connectTimeout ?? 10000;
      const raw = await dialer.dial(hp, timeoutMs);
      if (!this.connecting) {
        raw.destroy();
        throw closed(hp);
      }
      const stream = this.options.tls ? await handshake(raw, hp, this.options.tls, timeoutMs) : socketLike(raw);
      if (!this.connecting) {
        stream.destroy();
        throw closed(hp);
      }
      this.stream = stream;
      return stream;
    }
  };
}
