// Misbehaving endpoints on loopback for the bad-input cases: a TLS server presenting a given certificate
// (expired, wrong host name), a TCP server that accepts and never answers (a blackhole: neither Redis nor a
// TLS handshake ever completes), and a standalone redis-server that is not in cluster mode.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface Closable {
  close(): Promise<void>;
}

function listen(server: net.Server, port: number): Promise<Closable> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => s.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** Completes the TLS handshake with `cert` (so the client judges the certificate), then says nothing. */
export function tlsServer(port: number, cert: string, key: string): Promise<Closable> {
  return listen(tls.createServer({ cert: readFileSync(cert), key: readFileSync(key) }), port);
}

/** Accepts TCP connections and never sends a byte. */
export function blackhole(port: number): Promise<Closable> {
  return listen(
    net.createServer(() => undefined),
    port,
  );
}

/** A plain standalone redis-server (cluster-enabled no) with a password. */
export async function standaloneRedis(port: number, password: string, dir: string): Promise<Closable> {
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--dbfilename',
      `standalone-${port}.rdb`,
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    close: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}
