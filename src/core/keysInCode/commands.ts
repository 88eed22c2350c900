// Which arguments of which client methods are keys. Names are compared lower-cased, so ioredis `mget`,
// node-redis `mGet`, Jedis/Lettuce `mget` and redis-py `mget` share a row; Spring's names have their own.

/** How a method's arguments name keys. */
export type KeySpec =
  | 'all' // every argument (lists flattened) is a key
  | 'pairs' // key, value, key, value... or one map/object/dict whose keys are keys
  | 'allButLast' // blocking pops: keys..., timeout
  | 'first2' // SMOVE/LMOVE: source and destination
  | 'numkeys' // EVAL script numkeys key... arg...; ZUNIONSTORE dest numkeys key...
  | 'first'; // single-key command, relevant inside MULTI/pipeline blocks only

const MULTI: Record<string, KeySpec> = {
  mget: 'all',
  del: 'all',
  unlink: 'all',
  sunion: 'all',
  sinter: 'all',
  sdiff: 'all',
  sunionstore: 'all',
  sinterstore: 'all',
  sdiffstore: 'all',
  pfcount: 'all',
  pfmerge: 'all',
  renamenx: 'all',
  rpoplpush: 'all',
  brpoplpush: 'first2',
  smove: 'first2',
  lmove: 'first2',
  blmove: 'first2',
  mset: 'pairs',
  msetnx: 'pairs',
  blpop: 'allButLast',
  brpop: 'allButLast',
  bzpopmin: 'allButLast',
  bzpopmax: 'allButLast',
  eval: 'numkeys',
  evalsha: 'numkeys',
  zunionstore: 'numkeys',
  zinterstore: 'numkeys',
  zdiffstore: 'numkeys',
  // Spring Data Redis
  multiget: 'all',
  multiset: 'pairs',
  multisetifabsent: 'pairs',
  unionandstore: 'all',
  intersectandstore: 'all',
  differenceandstore: 'all',
};

/** Names that also belong to everyday APIs (Map.delete, os.rename, Set.union): judged only on a Redis-like receiver. */
const AMBIGUOUS: Record<string, KeySpec> = {
  delete: 'all',
  exists: 'all',
  rename: 'all',
  copy: 'first2',
  touch: 'all',
  watch: 'all',
  union: 'all',
  intersect: 'all',
  difference: 'all',
};

const SINGLE = new Set(
  (
    'get set setex psetex setnx getset getdel getex incr incrby incrbyfloat decr decrby append strlen expire pexpire ' +
    'expireat pexpireat ttl pttl persist type hget hset hsetnx hmset hmget hgetall hdel hincrby hincrbyfloat hexists ' +
    'hkeys hvals hlen lpush rpush lpop rpop lrange llen lrem ltrim lindex lset linsert sadd srem smembers sismember ' +
    'scard spop srandmember zadd zrem zrange zrangebyscore zrevrange zscore zincrby zcard zrank zrevrank zcount xadd ' +
    'xrange xlen xdel xtrim pfadd getbit setbit bitcount getrange setrange ' +
    // Spring Data Redis operations (judged only on a Redis-like receiver such as opsForHash())
    'entries haskey getexpire members leftpush rightpush leftpop rightpop increment put putall'
  ).split(' '),
);

export function keySpec(method: string, redisLike: boolean, inBlock: boolean): KeySpec | undefined {
  const m = method.toLowerCase();
  if (m in MULTI) return MULTI[m];
  if (redisLike && m in AMBIGUOUS) return AMBIGUOUS[m];
  if (inBlock && (SINGLE.has(m) || m in AMBIGUOUS)) return m in AMBIGUOUS ? AMBIGUOUS[m] : 'first';
  return undefined;
}

export const BLOCK_OPENERS = new Set(['multi', 'pipeline', 'pipelined']);
export const BLOCK_CLOSERS = new Set(['exec', 'execute', 'sync', 'syncandreturnall', 'exec_command']);

/** Receivers that are never a Redis client, whatever the method is called. */
const NOT_REDIS =
  /^(Object|Reflect|JSON|Math|Array|Promise|Set|Map|WeakMap|os|os\.path|shutil|Files|_|lodash|path|fs|dict|self\.__dict__)$/;

/** Receiver names that Redis code uses: the heuristic behind AMBIGUOUS and KEYS. */
const REDIS_WORDS = /redis|jedis|lettuce|template|client|conn|commands|cmds|cluster|pipe|multi|\btx\b|transaction|opsfor|ops\b|^r$/i;

export function receiverKind(receiver: string | undefined, boundToRedis: (name: string) => boolean): 'redis' | 'maybe' | 'never' {
  if (receiver === undefined) return 'never';
  if (NOT_REDIS.test(receiver)) return 'never';
  const root = receiver.split(/[.([]/)[0];
  if (REDIS_WORDS.test(receiver) || boundToRedis(root)) return 'redis';
  return 'maybe';
}

/** Calls whose arguments a rule may read; every other call keeps only its name, receiver and span. */
export function readsArguments(method: string): boolean {
  const m = method.toLowerCase();
  return m === 'keys' || keySpec(m, true, true) !== undefined;
}

/** `x = new Redis(...)`, `r = redis.RedisCluster()`, `client = createClient()`: a name the rules treat as Redis. */
export const REDIS_FACTORY = /redis|jedis|lettuce|createclient|createcluster|cluster/i;
