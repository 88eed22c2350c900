// One shard's keys with their facts, a batch per round trip: a read-only script runs SCAN itself and reads each
// key it returned (type, MEMORY USAGE SAMPLES 0, PTTL, element count), so key names cross the network once and the
// Node process parses one flat reply of numbers and names. Where the script cannot run (refused by ACL; a batch that
// touches a key of a slot being imported, which only ASKING would allow) the batch is read the plain way: SCAN
// then FactReader, with the same cursor, so nothing is skipped or repeated.
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { FactReader } from './facts';
import { type KeyFacts, type KeyType, KEY_TYPES } from './types';

const SCRIPT = `#!lua flags=no-writes,allow-cross-slot-keys
local args = {ARGV[1], 'COUNT', ARGV[2]}
if ARGV[3] ~= '' then args[#args + 1] = 'MATCH'; args[#args + 1] = ARGV[3] end
if ARGV[4] ~= '' then args[#args + 1] = 'TYPE'; args[#args + 1] = ARGV[4] end
local r = redis.call('SCAN', unpack(args))
local out = {r[1]}
local n = 1
local codes = {string = 1, hash = 2, list = 3, set = 4, zset = 5, stream = 6}
for _, k in ipairs(r[2]) do
  local t = redis.call('TYPE', k)['ok']
  local code = codes[t] or (t == 'none' and 0 or 7)
  if code > 0 then
    local c = 0
    if code == 1 then c = redis.call('STRLEN', k)
    elseif code == 2 then c = redis.call('HLEN', k)
    elseif code == 3 then c = redis.call('LLEN', k)
    elseif code == 4 then c = redis.call('SCARD', k)
    elseif code == 5 then c = redis.call('ZCARD', k)
    elseif code == 6 then c = redis.call('XLEN', k) end
    out[n + 1] = k
    out[n + 2] = code
    out[n + 3] = redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') or 0
    out[n + 4] = redis.call('PTTL', k)
    out[n + 5] = c
    n = n + 5
  end
end
return out`;

const SHA = createHash('sha1').update(SCRIPT).digest('hex');
const CODES: KeyType[] = ['other', ...KEY_TYPES, 'other'];

export interface ScanFilter {
  match?: string;
  type?: string;
}

export class ShardScanner {
  private scriptOk = true;
  private readonly plain: FactReader;

  constructor(
    private readonly client: Redis,
    private readonly filter: ScanFilter,
  ) {
    this.plain = new FactReader(client);
  }

  /** One SCAN step from `cursor` with its keys' facts; the next cursor ('0' at the end). */
  async next(cursor: string, count: number): Promise<{ cursor: string; facts: KeyFacts[] }> {
    if (this.scriptOk) {
      try {
        return await this.viaScript(cursor, count);
      } catch (e) {
        if (!/non local key|MOVED|ASK|TRYAGAIN|CLUSTERDOWN/.test(String((e as Error).message))) this.scriptOk = false;
      }
    }
    const args: (string | number)[] = [cursor];
    if (this.filter.match) args.push('MATCH', this.filter.match);
    args.push('COUNT', count);
    if (this.filter.type) args.push('TYPE', this.filter.type);
    const [next, keys] = (await this.client.callBuffer('SCAN', ...args)) as [Buffer, Buffer[]];
    return { cursor: next.toString(), facts: await this.plain.read(keys) };
  }

  private async viaScript(cursor: string, count: number): Promise<{ cursor: string; facts: KeyFacts[] }> {
    const args = [cursor, count, this.filter.match ?? '', this.filter.type ?? ''];
    let reply: unknown;
    try {
      reply = await this.client.callBuffer('EVALSHA', SHA, 0, ...args);
    } catch (e) {
      if (!/NOSCRIPT/.test(String((e as Error).message))) throw e;
      await this.client.call('SCRIPT', 'LOAD', SCRIPT);
      reply = await this.client.callBuffer('EVALSHA', SHA, 0, ...args);
    }
    const flat = reply as (Buffer | number)[];
    const facts: KeyFacts[] = [];
    for (let i = 1; i + 4 < flat.length; i += 5) {
      facts.push({
        key: flat[i] as Buffer,
        type: CODES[flat[i + 1] as number] ?? 'other',
        bytes: flat[i + 2] as number,
        ttlMs: flat[i + 3] as number,
        elements: flat[i + 4] as number,
      });
    }
    return { cursor: String(flat[0]), facts };
  }
}
