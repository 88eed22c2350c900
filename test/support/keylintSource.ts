// A realistic large source file per language for the keys-in-code bench and its unit-test bound: many small
// methods, most of them ordinary code, about one in three with a Redis call (some CROSSSLOT, one KEYS).
import type { KeylintLanguage } from '../../src/core/keysInCode';

type Gen = { head: string; method: (i: number) => string; tail: string };

const GENS: Record<Exclude<KeylintLanguage, 'javascript'>, Gen> = {
  java: {
    head: 'package bench;\n\nimport java.util.*;\nimport org.springframework.data.redis.core.RedisTemplate;\n\npublic class Big {\n',
    method: (i) =>
      [
        `  public List<String> method${i}(String id, int n) {`,
        `    List<String> out = new ArrayList<>();`,
        `    for (int k = 0; k < n; k++) { out.add(String.valueOf(k * ${i})); }`,
        i % 3 === 0
          ? `    out.addAll(redisTemplate.opsForValue().multiGet(Arrays.asList("user:" + id + ":a${i}", "user:" + id + ":b${i}")));`
          : `    log.debug("method ${i} {}", id);`,
        i % 3 === 1
          ? `    jedis.mset("{cart:${i}}:a", "1", "{cart:${i}}:b", "2");`
          : `    if (out.isEmpty()) { return Collections.emptyList(); }`,
        i === 7 ? `    Set<String> all = redisTemplate.keys("user:*");` : `    String s = String.format("%s-%d", id, n);`,
        `    out.sort(Comparator.naturalOrder());`,
        `    return out;`,
        `  }`,
        ``,
      ].join('\n'),
    tail: '}\n',
  },
  kotlin: {
    head:
      'package bench\n\nimport org.springframework.data.redis.core.StringRedisTemplate\n\n' +
      'class Big(private val redisTemplate: StringRedisTemplate) {\n',
    method: (i) =>
      [
        `    fun method${i}(id: String, n: Int): List<String> {`,
        `        val out = mutableListOf<String>()`,
        `        for (k in 0 until n) out.add((k * ${i}).toString())`,
        i % 3 === 0
          ? `        redisTemplate.opsForValue().multiGet(listOf("user:$id:a${i}", "user:$id:b${i}"))`
          : `        log.debug("method ${i} {}", id)`,
        i % 3 === 1
          ? `        redisTemplate.opsForValue().multiGet(listOf("{cart:${i}}:a", "{cart:${i}}:b"))`
          : `        if (out.isEmpty()) return emptyList()`,
        i === 7 ? `        val all = redisTemplate.keys("user:*")` : `        val s = "$id-$n"`,
        `        out.sort()`,
        `        return out`,
        `    }`,
        ``,
      ].join('\n'),
    tail: '}\n',
  },
  python: {
    head: 'import redis\n\nr = redis.RedisCluster()\n\n\n',
    method: (i) =>
      [
        `def method${i}(user_id, n):`,
        `    out = []`,
        `    for k in range(n):`,
        `        out.append(str(k * ${i}))`,
        i % 3 === 0 ? `    out += r.mget([f"user:{user_id}:a${i}", f"user:{user_id}:b${i}"])` : `    log.debug("method ${i} %s", user_id)`,
        i % 3 === 1 ? `    r.mset({"{cart:${i}}:a": 1, "{cart:${i}}:b": 2})` : `    if not out:\n        return []`,
        i === 7 ? `    everything = r.keys("user:*")` : `    s = "%s-%d" % (user_id, n)`,
        `    return sorted(out)`,
        ``,
        ``,
      ].join('\n'),
    tail: '',
  },
  typescript: {
    head: "import Redis from 'ioredis';\n\nconst redis = new Redis.Cluster([]);\n\nexport class Big {\n",
    method: (i) =>
      [
        `  async method${i}(id: string, n: number): Promise<string[]> {`,
        `    const out: string[] = [];`,
        `    for (let k = 0; k < n; k++) out.push(String(k * ${i}));`,
        i % 3 === 0
          ? `    out.push(...((await redis.mget(\`user:\${id}:a${i}\`, \`user:\${id}:b${i}\`)) as string[]));`
          : `    log.debug(\`method ${i} \${id}\`);`,
        i % 3 === 1 ? `    await redis.mset({ '{cart:${i}}:a': '1', '{cart:${i}}:b': '2' });` : `    if (out.length === 0) return [];`,
        i === 7 ? `    const all = await redis.keys('user:*');` : `    const s = \`\${id}-\${n}\`;`,
        `    out.sort();`,
        `    return out;`,
        `  }`,
        ``,
      ].join('\n'),
    tail: '}\n',
  },
};

/** About `lines` lines of `lang` source; `.redisCalls` counts the Redis calls in it. */
export function bigSource(lang: Exclude<KeylintLanguage, 'javascript'>, lines = 5000): string {
  const g = GENS[lang];
  const parts = [g.head];
  let count = g.head.split('\n').length;
  for (let i = 0; count < lines - 12; i++) {
    const m = g.method(i);
    parts.push(m, '\n');
    count += m.split('\n').length;
  }
  parts.push(g.tail);
  return parts.join('');
}
