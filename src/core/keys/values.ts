// Key values as documents: read on the key's owner into the stable format of valueFormat.ts, and write back
// atomically (WATCH + MULTI/EXEC on a dedicated connection to the owner) only if the value is still the one the
// document was made from. TTLs survive writes. Big values need an explicit "force"; big collections are paged.
import type Redis from 'ioredis';
import { assertWritable, errorText, NodeCommandError, RedisClusterError } from '../common/errors';
import { displayKey } from './keyName';
import { ownerClient } from './keys';
import type { ClusterSession } from '../connection/session';
import type { Topology } from '../topology/topology';
import {
  type ParsedValue,
  type StringFormat,
  type ValueType,
  WRITABLE_TYPES,
  ValueFormatError,
  fingerprint,
  looksLikeJson,
  parseDocument,
  renderHash,
  renderList,
  renderSet,
  renderStream,
  renderString,
  renderZset,
} from './valueFormat';
import { formatBytes } from '../common/format';

export { ValueFormatError };
export const DEFAULT_MAX_VALUE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PAGE_ELEMENTS = 10000;
const CHUNK = 1000;

export interface ValueDocument {
  key: Buffer;
  type: ValueType;
  text: string;
  language: 'json' | 'plaintext';
  stringFormat?: StringFormat;
  /** Version of the value the text was made from (sha256 of type + canonical text). */
  fingerprint: string;
  /** PTTL at read time: ms left, -1 without expiry. */
  ttlMs: number;
  /** STRLEN for strings, MEMORY USAGE otherwise. */
  bytes: number;
  /** Total elements (collections). */
  length?: number;
  /** Set when only part of a collection was read; such documents are read-only. */
  partial?: { shown: number; total: number; next?: string };
  /** Why this document cannot be saved, if it cannot. */
  readOnlyReason?: string;
  owner: string;
}

export class KeyMissingError extends RedisClusterError {
  override name = 'KeyMissingError';
  constructor(key: Uint8Array, owner: string) {
    super(
      'key-missing',
      `key ${displayKey(key)} does not exist on its owner ${owner} (deleted or expired). Refresh the key list.`,
      'Refresh the key list',
    );
  }
}

/** Rename or copy onto a key that exists, without overwriting allowed. */
export class KeyExistsError extends RedisClusterError {
  override name = 'KeyExistsError';
  constructor(key: Uint8Array, owner?: string) {
    const hint = 'Choose another name or allow overwriting';
    super('conflict', `key ${displayKey(key)} already exists${owner ? ` on ${owner}` : ''}; ${hint.toLowerCase()}`, hint);
  }
}

export class ValueTooLargeError extends RedisClusterError {
  override name = 'ValueTooLargeError';
  constructor(
    readonly key: Uint8Array,
    readonly bytes: number,
    readonly limit: number,
  ) {
    const hint = 'confirm to open it anyway (setting redisCluster.maxValueBytes)';
    super(
      'value-too-large',
      `key ${displayKey(key)} holds about ${formatBytes(bytes)}, above the ${formatBytes(limit)} limit; ${hint}`,
      hint,
    );
  }
}

/** The value changed since the document was read; `current` is what Redis holds now (undefined: key gone). */
export class ConflictError extends RedisClusterError {
  override name = 'ConflictError';
  constructor(
    readonly key: Uint8Array,
    readonly current?: ValueDocument,
  ) {
    const hint = 'Overwrite their change, or reload.';
    super('conflict', `key ${displayKey(key)} was changed by someone else since it was opened; nothing was written. ${hint}`, hint);
  }
}

export interface ReadOptions {
  maxBytes?: number;
  /** Open even above maxBytes (after the user confirmed). */
  force?: boolean;
  /** Collections longer than this are read one page at a time. */
  pageElements?: number;
  /** Where the page starts: a list/zset offset, a hash/set SCAN cursor, or a stream id (exclusive). */
  from?: string;
}

const buf = (v: unknown) => v as Buffer;
const bufs = (v: unknown) => v as Buffer[];

async function call(c: Redis, owner: string, cmd: string, ...args: (string | Buffer | number)[]): Promise<unknown> {
  try {
    return await c.callBuffer(cmd, ...args);
  } catch (e) {
    const moved = /^(MOVED|ASK)/.test(errorText(e));
    const hint = moved ? 'The topology changed; refresh and retry' : `Check that ${owner} is up and reachable, then retry`;
    throw new NodeCommandError(owner, `${cmd} failed: ${errorText(e)}`, e, hint);
  }
}

const LEN: Record<string, string> = { hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

/** Renders the value (or one page of it) as a document. `c` may be a WATCHing connection. */
async function render(c: Redis, owner: string, key: Buffer, opts: ReadOptions): Promise<ValueDocument | undefined> {
  // Three round trips at most (type and TTL, then size and length, then the value): each costs the link's RTT.
  const [typeReply, ttlReply] = await Promise.all([call(c, owner, 'TYPE', key), call(c, owner, 'PTTL', key)]);
  const type = String(typeReply) as ValueType | 'none';
  if (type === 'none') return undefined;
  if (!(type in LEN) && type !== 'string') {
    const hint = `Read it in the console with the commands of the ${type} type`;
    throw new ValueFormatError(`key ${displayKey(key)} has type ${type}, which cannot be shown as a document. ${hint}`, hint);
  }
  const ttlMs = Number(ttlReply);
  const [size, lengthReply] = await Promise.all([
    type === 'string' ? call(c, owner, 'STRLEN', key) : call(c, owner, 'MEMORY', 'USAGE', key),
    type === 'string' ? undefined : call(c, owner, LEN[type as ValueType], key),
  ]);
  const bytes = Number(size ?? 0);
  const limit = opts.maxBytes ?? DEFAULT_MAX_VALUE_BYTES;
  if (bytes > limit && !opts.force) throw new ValueTooLargeError(key, bytes, limit);
  const base = { key, type, ttlMs, bytes, owner };
  if (type === 'string') {
    const { text, format } = renderString(buf(await call(c, owner, 'GET', key)));
    return {
      ...base,
      text,
      stringFormat: format,
      language: format === 'text' && looksLikeJson(text) ? 'json' : 'plaintext',
      fingerprint: fingerprint(type, text),
    };
  }
  const length = Number(lengthReply);
  const page = opts.pageElements ?? DEFAULT_PAGE_ELEMENTS;
  const paged = length > page || opts.from !== undefined;
  const { text, next, shown } = paged ? await readPage(c, owner, key, type, page, opts.from) : await readAll(c, owner, key, type, length);
  const doc: ValueDocument = { ...base, text, language: 'json', length, fingerprint: fingerprint(type, text) };
  if (paged) {
    doc.partial = { shown, total: length, next };
    doc.readOnlyReason = `only ${shown} of ${length} elements are shown; a partial document cannot be saved`;
  } else if (!WRITABLE_TYPES.includes(type)) doc.readOnlyReason = `${type} values are shown read-only`;
  return doc;
}

async function readAll(
  c: Redis,
  owner: string,
  key: Buffer,
  type: ValueType,
  length: number,
): Promise<{ text: string; shown: number; next?: string }> {
  switch (type) {
    case 'hash':
      return { text: renderHash(bufs(await call(c, owner, 'HGETALL', key))), shown: length };
    case 'list':
      return { text: renderList(bufs(await call(c, owner, 'LRANGE', key, 0, -1))), shown: length };
    case 'set':
      return { text: renderSet(bufs(await call(c, owner, 'SMEMBERS', key))), shown: length };
    case 'zset':
      return { text: renderZset(bufs(await call(c, owner, 'ZRANGE', key, 0, -1, 'WITHSCORES'))), shown: length };
    default:
      return { text: renderStream((await call(c, owner, 'XRANGE', key, '-', '+')) as [Buffer, Buffer[]][]), shown: length };
  }
}

async function readPage(
  c: Redis,
  owner: string,
  key: Buffer,
  type: ValueType,
  n: number,
  from?: string,
): Promise<{ text: string; next?: string; shown: number }> {
  if (type === 'list' || type === 'zset') {
    const start = Number(from ?? 0);
    const reply = bufs(
      type === 'list'
        ? await call(c, owner, 'LRANGE', key, start, start + n - 1)
        : await call(c, owner, 'ZRANGE', key, start, start + n - 1, 'WITHSCORES'),
    );
    const shown = type === 'list' ? reply.length : reply.length / 2;
    return { text: type === 'list' ? renderList(reply) : renderZset(reply), shown, next: shown === n ? String(start + n) : undefined };
  }
  if (type === 'stream') {
    const reply = (await call(c, owner, 'XRANGE', key, from ? `(${from}` : '-', '+', 'COUNT', n)) as [Buffer, Buffer[]][];
    return { text: renderStream(reply), shown: reply.length, next: reply.length === n ? reply[reply.length - 1][0].toString() : undefined };
  }
  // Hash and set pages follow the server's SCAN cursor; a page holds at least n elements or the rest.
  let cursor = from ?? '0';
  const items: Buffer[] = [];
  const per = type === 'hash' ? 2 : 1;
  do {
    const [next, batch] = (await call(c, owner, type === 'hash' ? 'HSCAN' : 'SSCAN', key, cursor, 'COUNT', CHUNK)) as [Buffer, Buffer[]];
    items.push(...batch);
    cursor = next.toString();
  } while (cursor !== '0' && items.length / per < n);
  return {
    text: type === 'hash' ? renderHash(items) : renderSet(items),
    shown: items.length / per,
    next: cursor === '0' ? undefined : cursor,
  };
}

/** Reads a key's value (or its first page) from the key's owner. */
export async function readValue(
  session: ClusterSession,
  topology: Topology,
  key: Uint8Array,
  opts: ReadOptions = {},
): Promise<ValueDocument> {
  const k = Buffer.from(key);
  const { client, address } = await ownerClient(session, topology, k);
  const doc = await render(client, address, k, opts);
  if (!doc) throw new KeyMissingError(k, address);
  return doc;
}

function writeCommands(key: Buffer, v: ParsedValue): (string | Buffer | number)[][] {
  const out: (string | Buffer | number)[][] = [];
  const chunks = <T>(items: T[], cmd: string, flat: (t: T) => (string | Buffer | number)[]) => {
    for (let i = 0; i < items.length; i += CHUNK) out.push([cmd, key, ...items.slice(i, i + CHUNK).flatMap(flat)]);
  };
  switch (v.type) {
    case 'string':
      return [['SET', key, v.value, 'KEEPTTL']];
    case 'hash':
      chunks(v.pairs, 'HSET', (p) => p);
      break;
    case 'list':
      chunks(v.items, 'RPUSH', (i) => [i]);
      break;
    case 'set':
      chunks(v.items, 'SADD', (i) => [i]);
      break;
    case 'zset':
      chunks(v.entries, 'ZADD', ([s, m]) => [typeof s === 'number' ? String(s) : s, m]);
      break;
  }
  if (out.length === 0) throw new ValueFormatError(`an empty ${v.type} cannot exist in Redis; delete the key instead`);
  return [['DEL', key], ...out];
}

/**
 * Saves an edited document. Throws ConflictError if the value differs from `doc` (unless `overwrite`), or if it
 * changes between our check and EXEC. Returns the document re-read after the write.
 */
export async function writeValue(
  session: ClusterSession,
  topology: Topology,
  doc: ValueDocument,
  newText: string,
  opts: { overwrite?: boolean } = {},
): Promise<ValueDocument> {
  assertWritable(session.profile, `saving key ${displayKey(doc.key)}`);
  if (doc.readOnlyReason) {
    const hint = 'Nothing was written; change such a value in the console';
    throw new ValueFormatError(`cannot save key ${displayKey(doc.key)}: ${doc.readOnlyReason}. ${hint}`, hint);
  }
  const parsed = parseDocument(doc.type, newText, doc.stringFormat);
  const commands = writeCommands(doc.key, parsed);
  const { client: pooled, address } = await ownerClient(session, topology, doc.key);
  // WATCH state is per connection; a private connection keeps other callers' commands from resetting it.
  const c = pooled.duplicate();
  c.on('error', () => undefined);
  try {
    await c.connect();
    await call(c, address, 'WATCH', doc.key);
    const current = await render(c, address, doc.key, { force: true });
    if (!opts.overwrite && (current?.fingerprint !== doc.fingerprint || current.type !== doc.type)) {
      await c.unwatch();
      throw new ConflictError(doc.key, current);
    }
    const expireAt = current ? Number(await call(c, address, 'PEXPIRETIME', doc.key)) : -1;
    const tx = c.multi();
    for (const [cmd, ...args] of commands) tx.callBuffer(String(cmd), ...args);
    if (expireAt > 0 && parsed.type !== 'string') tx.callBuffer('PEXPIREAT', doc.key, expireAt);
    const result = await tx.exec();
    if (result === null) throw new ConflictError(doc.key, await render(c, address, doc.key, { force: true }));
    const failed = result.find(([e]) => e);
    if (failed?.[0]) {
      const hint = 'Redis does not roll back the other commands of a transaction: reopen the key to see what it holds now';
      throw new NodeCommandError(address, `writing key ${displayKey(doc.key)} failed inside MULTI: ${failed[0].message}`, failed[0], hint);
    }
    const after = await render(c, address, doc.key, { force: true });
    if (!after) throw new KeyMissingError(doc.key, address);
    return after;
  } finally {
    c.disconnect();
  }
}

export async function deleteKey(session: ClusterSession, topology: Topology, key: Uint8Array): Promise<boolean> {
  assertWritable(session.profile, `deleting key ${displayKey(key)}`);
  const { client, address } = await ownerClient(session, topology, key);
  return Number(await call(client, address, 'DEL', Buffer.from(key))) === 1;
}

export interface RenameResult {
  mode: 'rename' | 'dump-restore';
  /** Set for cross-slot renames, which are not atomic. */
  warning?: string;
}

/**
 * Renames a key. Same slot: RENAME/RENAMENX on the owner (atomic). Different slots: DUMP + RESTORE on the new
 * owner + DEL on the old one, which is not atomic (a concurrent writer can lose an update in between).
 */
export async function renameKey(
  session: ClusterSession,
  topology: Topology,
  from: Uint8Array,
  to: Uint8Array,
  opts: { overwrite?: boolean } = {},
): Promise<RenameResult> {
  assertWritable(session.profile, `renaming key ${displayKey(from)}`);
  const src = await ownerClient(session, topology, from);
  const dst = await ownerClient(session, topology, to);
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (src.slot === dst.slot) {
    if (opts.overwrite) await call(src.client, src.address, 'RENAME', a, b);
    else if (Number(await call(src.client, src.address, 'RENAMENX', a, b)) === 0) throw new KeyExistsError(b);
    return { mode: 'rename' };
  }
  const dump = await call(src.client, src.address, 'DUMP', a);
  if (dump === null) throw new KeyMissingError(a, src.address);
  const pttl = Number(await call(src.client, src.address, 'PTTL', a));
  const args: (string | Buffer | number)[] = [b, pttl > 0 ? pttl : 0, buf(dump)];
  if (opts.overwrite) args.push('REPLACE');
  try {
    await call(dst.client, dst.address, 'RESTORE', ...args);
  } catch (e) {
    if (/BUSYKEY/.test(errorText(e))) throw new KeyExistsError(b, dst.address);
    throw e;
  }
  await call(src.client, src.address, 'DEL', a);
  return {
    mode: 'dump-restore',
    warning:
      `slot ${src.slot} -> ${dst.slot}: copied with DUMP/RESTORE to ${dst.address}, then deleted from ${src.address}. ` +
      `This is not atomic: a write to the old key in between is lost.`,
  };
}
