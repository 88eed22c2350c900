// Key lookup: where a key lives and why. The server's CLUSTER KEYSLOT is the truth; the local computation is
// shown next to it and any disagreement is reported. Per-key facts are read on the owning master.
import { errorText } from '../common/errors';
import { displayKey, keyToBase64 } from './keyName';
import { ownerOfSlot, replicasOf, serverKeySlots } from './keys';
import type { ClusterSession } from '../connection/session';
import { hashTagSpan, keySlot } from '../topology/slots';
import { type Topology, address, discoverTopology } from '../topology/topology';
import { shortId } from '../common/format';

export interface NodeRef {
  id: string;
  address: string;
}

export interface KeyLookup {
  key: Buffer;
  display: string;
  base64: string;
  /** The server's answer (CLUSTER KEYSLOT). */
  slot: number;
  localSlot: number;
  /** Human text when local and server slots differ; never dropped. */
  slotDisagreement?: string;
  /** Byte offsets [start, end) of the hash tag inside the key, and its text. */
  hashTag?: { start: number; end: number; text: string };
  owner?: NodeRef;
  replicas: NodeRef[];
  /** "migrating to <id>" / "importing from <id>" when the slot is being moved. */
  slotState?: string;
  exists?: boolean;
  type?: string;
  /** PTTL semantics: ms left, -1 without expiry, -2 missing. */
  ttlMs?: number;
  memoryUsage?: number;
  encoding?: string;
  /** What could not be read, and why (e.g. the owner refused a command). */
  problems: string[];
}

const ref = (n: { id: string; host: string; port: number }): NodeRef => ({ id: n.id, address: address(n) });

/** Looks keys up in one go: one KEYSLOT pipeline, then one pipeline per owning master. */
export async function lookupKeys(session: ClusterSession, keys: Uint8Array[], topology?: Topology): Promise<KeyLookup[]> {
  const topo = topology ?? (await discoverTopology(session));
  const serverSlots = await serverKeySlots(session, keys);
  const rows = keys.map((k, i): KeyLookup => {
    const key = Buffer.from(k);
    const localSlot = keySlot(key);
    const slot = serverSlots[i];
    const span = hashTagSpan(key);
    const owner = ownerOfSlot(topo, slot);
    const row: KeyLookup = {
      key,
      display: displayKey(key),
      base64: keyToBase64(key),
      slot,
      localSlot,
      hashTag: span ? { start: span[0], end: span[1], text: displayKey(key.subarray(span[0], span[1])) } : undefined,
      owner: owner ? ref(owner) : undefined,
      replicas: owner ? replicasOf(topo, owner).map(ref) : [],
      problems: [],
    };
    if (slot !== localSlot)
      row.slotDisagreement =
        `the server puts this key in slot ${slot} but the local CRC16 says ${localSlot}; ` +
        `commands routed by a client library may bounce with MOVED. Report this key.`;
    if (!owner)
      row.problems.push(
        `no master serves slot ${slot} in the topology read from ${topo.source}; refresh the topology or fix slot coverage`,
      );
    const mig = owner?.migrating.find((m) => m.slot === slot);
    if (mig) row.slotState = `migrating to ${shortId(mig.peer)}`;
    return row;
  });
  await Promise.all(groupByOwner(rows).map(([addr, group]) => readFacts(session, addr, group)));
  return rows;
}

function groupByOwner(rows: KeyLookup[]): [string, KeyLookup[]][] {
  const m = new Map<string, KeyLookup[]>();
  for (const r of rows) if (r.owner) m.set(r.owner.address, [...(m.get(r.owner.address) ?? []), r]);
  return [...m];
}

async function readFacts(session: ClusterSession, addr: string, rows: KeyLookup[]): Promise<void> {
  let results: [Error | null, unknown][];
  try {
    const client = await session.node(addr);
    const pipe = client.pipeline();
    for (const r of rows) {
      pipe.exists(r.key).type(r.key).pttl(r.key).call('MEMORY', 'USAGE', r.key).call('OBJECT', 'ENCODING', r.key);
    }
    results = ((await pipe.exec()) ?? []) as [Error | null, unknown][];
  } catch (e) {
    for (const r of rows) r.problems.push(`could not read the key on its owner ${addr}: ${errorText(e)}`);
    return;
  }
  rows.forEach((r, i) => {
    const [exists, type, pttl, mem, enc] = results.slice(i * 5, i * 5 + 5);
    const moved = [exists, type].find(([e]) => e && /^(MOVED|ASK)/.test(e.message));
    if (moved?.[0]) {
      r.problems.push(`owner ${addr} answered "${moved[0].message}": the topology changed since it was read. Refresh and look up again.`);
      return;
    }
    if (!exists[0]) r.exists = Number(exists[1]) === 1;
    if (!type[0]) r.type = String(type[1]);
    if (!pttl[0]) r.ttlMs = Number(pttl[1]);
    if (r.exists) {
      if (mem[0]) r.problems.push(`MEMORY USAGE failed on ${addr}: ${mem[0].message}`);
      else if (mem[1] !== null) r.memoryUsage = Number(mem[1]);
      if (enc[0]) r.problems.push(`OBJECT ENCODING failed on ${addr}: ${enc[0].message}`);
      else if (enc[1] !== null) r.encoding = String(enc[1]);
    }
    for (const [label, [e]] of [
      ['EXISTS', exists],
      ['TYPE', type],
      ['PTTL', pttl],
    ] as const)
      if (e) r.problems.push(`${label} failed on ${addr}: ${e.message}`);
  });
}

export interface HashTagHint {
  text: string;
  slots: number[];
  /** The same keys rewritten with a shared hash tag, and the one slot they would then share. */
  example: { tag: string; keys: string[]; slot: number };
}

/**
 * When keys looked up in a row land on different slots, explains hash tags: only the part between the first
 * '{' and the next '}' is hashed, so keys sharing that part share a slot (and can be used in one MULTI, MGET...).
 */
export function hashTagHint(keys: Uint8Array[]): HashTagHint | undefined {
  if (keys.length < 2) return undefined;
  const slots = [...new Set(keys.map((k) => keySlot(k)))];
  if (slots.length < 2) return undefined;
  const texts = keys.map((k) => displayKey(k));
  const tag = suggestTag(texts);
  const rewritten = texts.map((t) => (t.startsWith(tag) ? `{${tag}}${t.slice(tag.length)}` : `{${tag}}:${t}`));
  return {
    text:
      `These ${keys.length} keys hash to ${slots.length} different slots, ` +
      `so they may live on different masters and cannot be used together in MULTI, MGET or a Lua script. ` +
      `Only the part of a key between the first "{" and the next "}" is hashed: ` +
      `keys with the same {tag} always share a slot.`,
    slots: slots.sort((a, b) => a - b),
    example: { tag, keys: rewritten, slot: keySlot(`{${tag}}`) },
  };
}

/** The longest common prefix ending at a delimiter, else the first key's first segment. */
function suggestTag(texts: string[]): string {
  let prefix = texts[0];
  for (const t of texts.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < t.length && prefix[i] === t[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const cut = Math.max(prefix.lastIndexOf(':'), prefix.lastIndexOf('/'), prefix.lastIndexOf('.'));
  const trimmed = cut > 0 ? prefix.slice(0, cut) : prefix.replace(/[^A-Za-z0-9_-]+$/, '');
  if (trimmed) return trimmed.replace(/[{}]/g, '');
  const first = texts[0].split(/[:/.]/)[0].replace(/[{}]/g, '');
  return first || 'tag';
}
