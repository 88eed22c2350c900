// Which keys were counted, per slot, as 32-bit FNV-1a hashes of their names (4 bytes a key: 40 MB at 10M keys).
// Only the slots whose owner changed or that were open during the run are looked up again (settle.ts), so a key
// counted on its old owner is not counted twice after it migrated. Two names of one slot colliding (about one
// chance in 2^32 per pair) would make the second one uncounted; with hundreds of keys per slot that is negligible.
import { SLOT_COUNT } from '../topology/slots';

export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class CountedKeys {
  private readonly hashes: (Uint32Array | undefined)[] = new Array(SLOT_COUNT);
  private readonly sizes = new Uint32Array(SLOT_COUNT);

  add(slot: number, key: Uint8Array): void {
    let a = this.hashes[slot];
    const n = this.sizes[slot];
    if (!a || n === a.length) {
      const grown = new Uint32Array(Math.max(16, n * 2));
      if (a) grown.set(a);
      this.hashes[slot] = a = grown;
    }
    a[n] = fnv1a(key);
    this.sizes[slot] = n + 1;
  }

  has(slot: number, key: Uint8Array): boolean {
    const a = this.hashes[slot];
    if (!a) return false;
    const h = fnv1a(key);
    const n = this.sizes[slot];
    for (let i = 0; i < n; i++) if (a[i] === h) return true;
    return false;
  }

  count(slot: number): number {
    return this.sizes[slot];
  }
}
