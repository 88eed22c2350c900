// How the cluster's values are written for people: one rule each, shared by the tree, the dashboard, the CLI and
// the messages of the core. Pure, with no Node import, so the browser-side webview bundle can use it as well.

export interface HostPort {
  host: string;
  port: number;
}

/** Parses "host:port", "[v6]:port". Returns a reason string on failure. */
export function parseHostPort(text: string): HostPort | string {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\s[\]]+):(\d+)$/.exec(text);
  if (!m) return `"${text}" is not host:port`;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `"${text}" has port ${m[2]}, outside 1-65535`;
  return { host: m[1], port };
}

/** host:port, an IPv6 host in brackets ([::1]:7000) so the port stays readable, as Redis itself prints it. */
export function address(n: { host: string; port: number }): string {
  return n.host.includes(':') ? `[${n.host}]:${n.port}` : `${n.host}:${n.port}`;
}

/** How many hex digits of a 40-digit node id are shown: enough to tell apart the nodes of any real cluster. */
export const SHORT_ID_LENGTH = 8;

/** The first digits of a node id, for labels and messages (a full id is still accepted wherever one is typed). */
export function shortId(id: string): string {
  return id.slice(0, SHORT_ID_LENGTH);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * Binary units with two or three significant digits: whole bytes, one decimal below 10 ("1.5 KiB"), none from 10 on
 * ("300 MiB"). A value that rounds up to 1024 moves to the next unit ("1.0 MiB", never "1024 KiB"). Missing: "?".
 */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '?';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  let text = roundBytes(v, u);
  if (Number(text) >= 1024 && u < BYTE_UNITS.length - 1) text = roundBytes(v / 1024, ++u);
  return `${n < 0 ? '-' : ''}${text} ${BYTE_UNITS[u]}`;
}

function roundBytes(v: number, unit: number): string {
  if (unit === 0) return String(Math.round(v));
  return v < 9.95 ? v.toFixed(1) : v.toFixed(0);
}
