// A loopback TCP listener that records every byte it receives and answers each chunk with a Redis error, so a
// client that does connect fails fast. Tests use it as the "hosts a repository chose" and grep what arrived.
import * as net from 'node:net';

export interface RecordingListener {
  port: number;
  /** How many connections were accepted. */
  connections(): number;
  /** Everything received so far, as latin1 text (AUTH arguments arrive verbatim over plain TCP). */
  received(): string;
  close(): Promise<void>;
}

export function startRecordingListener(port = 0): Promise<RecordingListener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('data', (d) => {
      chunks.push(d);
      socket.write('-ERR recording listener\r\n');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        connections: () => accepted,
        received: () => Buffer.concat(chunks).toString('latin1'),
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
