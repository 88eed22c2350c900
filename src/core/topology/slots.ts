// Key -> slot exactly as the server computes it (CRC16/XMODEM of the hash tag or the whole key, mod 16384),
// plus slot-range maths. We do not rely on ioredis' `cluster-key-slot`, which differs on some hash-tag edge cases.

export const SLOT_COUNT = 16384;
export type SlotRange = [start: number, end: number];

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
  return crc;
}

export function toBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
}

/**
 * The hashed part of a key: the bytes between the first '{' and the first '}' after it,
 * if that part is non-empty; otherwise the whole key. Returns [start, end) offsets.
 */
export function hashTagSpan(key: string | Uint8Array): [number, number] | undefined {
  const b = toBytes(key);
  const open = b.indexOf(0x7b);
  if (open < 0) return undefined;
  const close = b.indexOf(0x7d, open + 1);
  if (close < 0 || close === open + 1) return undefined;
  return [open + 1, close];
}

export function keySlot(key: string | Uint8Array): number {
  const b = toBytes(key);
  const span = hashTagSpan(b);
  return (span ? crc16(b, span[0], span[1]) : crc16(b)) & (SLOT_COUNT - 1);
}

export function isValidSlot(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < SLOT_COUNT;
}

/** Sorted, merged ranges from any list of slots. */
export function compactSlots(slots: Iterable<number>): SlotRange[] {
  const sorted = [...new Set(slots)].sort((a, b) => a - b);
  const out: SlotRange[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else out.push([s, s]);
  }
  return out;
}

export function mergeRanges(ranges: SlotRange[]): SlotRange[] {
  const sorted = ranges.map((r) => [r[0], r[1]] as SlotRange).sort((a, b) => a[0] - b[0]);
  const out: SlotRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push(r);
  }
  return out;
}

export function expandRanges(ranges: SlotRange[]): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

export function countSlots(ranges: SlotRange[]): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** "0-5460,5462,6000-6001" */
export function formatRanges(ranges: SlotRange[]): string {
  return ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

/** Slots in [0, 16383] not covered by any of the ranges. */
export function uncoveredSlots(ranges: SlotRange[]): SlotRange[] {
  const out: SlotRange[] = [];
  let next = 0;
  for (const [a, b] of mergeRanges(ranges)) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next < SLOT_COUNT) out.push([next, SLOT_COUNT - 1]);
  return out;
}
