// Reads type, exact memory, TTL and element count of a batch of keys on one node. One EVALSHA per batch carries
// the whole batch (a read-only script flagged no-writes, so replicas run it too, and allow-cross-slot-keys, since
// a SCAN batch spans slots): the reply is one flat array instead of four replies per key, which is what makes
// millions of keys affordable for the Node process. Where scripts are refused (ACL, a key moved away mid-batch:
// the script then fails as a whole), the same four commands go as one pipeline, and per-key errors drop just
// that key (its slot is counted where it now lives; see settle.ts).
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { type KeyFacts, type KeyType, KEY_TYPES } from './types';

const SCRIPT = `#!lua flags=no-writes,allow-cross-slot-keys
local out = {}
local n = 0
for i = 1, #ARGV do
  local k = ARGV[i]
  local t = redis.call('TYPE', k)['ok']
  local m = redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') or -1
  local ttl = redis.call('PTTL', k)
  local c = 0
  if t == 'string' then c = redis.call('STRLEN', k)
  elseif t == 'hash' then c = redis.call('HLEN', k)
  elseif t == 'list' then c = redis.call('LLEN', k)
  elseif t == 'set' then c = redis.call('SCARD', k)
  elseif t == 'zset' then c = redis.call('ZCARD', k)
  elseif t == 'stream' then c = redis.call('XLEN', k) end
  out[n + 1] = t
  out[n + 2] = m
  out[n + 3] = ttl
  out[n + 4] = c
  n = n + 4
end
return out`;

const SHA = createHash('sha1').update(SCRIPT).digest('hex');

const COUNT_COMMAND: Record<string, string> = {
  string: 'STRLEN',
  hash: 'HLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  stream: 'XLEN',
};

function keyType(t: string): KeyType | undefined {
  if (t === 'none') return undefined;
  return (KEY_TYPES as readonly string[]).includes(t) ? (t as KeyType) : 'other';
}

/** Per node: whether the script can be used (undefined until tried). */
export class FactReader {
  private scriptOk: boolean | undefined;

  /** asking: the node is importing the keys' slots, so each command goes after ASKING (settle.ts). */
  constructor(
    private readonly client: Redis,
    private readonly asking = false,
  ) {}

  private async evalsha(keys: Buffer[]): Promise<unknown> {
    if (!this.asking) return this.client.callBuffer('EVALSHA', SHA, 0, ...keys);
    const res =
      (await this.client
        .pipeline()
        .call('ASKING')
        .callBuffer('EVALSHA', SHA, 0, ...keys)
        .exec()) ?? [];
    if (res[1]?.[0]) throw res[1][0];
    return res[1]?.[1];
  }

  /** Facts for the keys that still exist (a key deleted since SCAN is simply absent). */
  async read(keys: Buffer[]): Promise<KeyFacts[]> {
    if (!keys.length) return [];
    if (this.scriptOk !== false) {
      try {
        return await this.viaScript(keys);
      } catch (e) {
        // A batch that failed for one of its keys (moved away mid-migration, the cluster briefly down) is read
        // key by key below; any other refusal (NOPERM, scripting disabled) stops using the script on this node.
        if (!/non local key|MOVED|ASK|TRYAGAIN|CLUSTERDOWN/.test(String((e as Error).message))) this.scriptOk = false;
      }
    }
    return this.viaPipeline(keys);
  }

  private async viaScript(keys: Buffer[]): Promise<KeyFacts[]> {
    let reply: unknown;
    try {
      reply = await this.evalsha(keys);
    } catch (e) {
      if (!/NOSCRIPT/.test(String((e as Error).message))) throw e;
      await this.client.call('SCRIPT', 'LOAD', SCRIPT);
      reply = await this.evalsha(keys);
    }
    this.scriptOk = true;
    const flat = reply as (Buffer | number)[];
    const out: KeyFacts[] = [];
    for (let i = 0; i < keys.length; i++) {
      const type = keyType(String(flat[i * 4]));
      if (!type) continue;
      out.push({ key: keys[i], type, bytes: Number(flat[i * 4 + 1]), ttlMs: Number(flat[i * 4 + 2]), elements: Number(flat[i * 4 + 3]) });
    }
    return out;
  }

  private async viaPipeline(keys: Buffer[]): Promise<KeyFacts[]> {
    // With ASKING, every command is preceded by it: its reply sits at the even positions and is skipped.
    const step = this.asking ? 2 : 1;
    const ask = (p: ReturnType<Redis['pipeline']>) => (this.asking ? p.call('ASKING') : p);
    const first = this.client.pipeline();
    for (const k of keys) {
      ask(first).type(k);
      ask(first).call('MEMORY', 'USAGE', k, 'SAMPLES', '0');
      ask(first).pttl(k);
    }
    const res = (await first.exec()) ?? [];
    const at = (i: number) => res[(i + 1) * step - 1] ?? [null, null];
    const found: { key: Buffer; type: KeyType; bytes: number; ttlMs: number }[] = [];
    for (let i = 0; i < keys.length; i++) {
      const [[te, t], [me, m], [pe, p]] = [at(i * 3), at(i * 3 + 1), at(i * 3 + 2)];
      const type = te || me || pe ? undefined : keyType(String(t));
      if (type && m !== null) found.push({ key: keys[i], type, bytes: Number(m), ttlMs: Number(p) });
    }
    const second = this.client.pipeline();
    for (const f of found) ask(second).call(COUNT_COMMAND[f.type] ?? 'EXISTS', f.key);
    const counts = (await second.exec()) ?? [];
    const count = (i: number) => counts[(i + 1) * step - 1];
    return found.map((f, i) => ({ ...f, elements: count(i)?.[0] ? 0 : Number(count(i)?.[1] ?? 0) }));
  }
}
