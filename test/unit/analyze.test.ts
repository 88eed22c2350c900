// Analyze Keyspace without a server: option validation, Redis-compatible globbing, the bounded aggregates (top-N heap,
// namespace tree caps, families, TTL buckets, audits), the exporters and the webview message check.
import { strict as assert } from 'node:assert';
import { Aggregator, ttlBucket } from '../../src/core/analyze/aggregate';
import { CountedKeys } from '../../src/core/analyze/counted';
import { exportReport, flattenNamespaces } from '../../src/core/analyze/export';
import { analyzeOptions, globMatch } from '../../src/core/analyze/options';
import { ANALYZE_DEFAULTS, AnalyzeInputError, type KeyFacts } from '../../src/core/analyze/types';
import { isAnalyzeWebviewMessage } from '../../src/shared/analyzeProtocol';

const fact = (key: string | Buffer, bytes: number, ttlMs = -1, type: KeyFacts['type'] = 'string'): KeyFacts => ({
  key: Buffer.isBuffer(key) ? key : Buffer.from(key),
  type,
  bytes,
  ttlMs,
  elements: 1,
});

describe('analyze: options', () => {
  it('defaults, and gentle on a protected profile unless told otherwise', () => {
    assert.equal(analyzeOptions({}, {}).pace, 'fast');
    assert.equal(analyzeOptions({}, { protected: true }).pace, 'gentle');
    assert.equal(analyzeOptions({ pace: 'fast' }, { protected: true }).pace, 'fast');
    assert.equal(analyzeOptions({}, {}).top, ANALYZE_DEFAULTS.top);
  });
  it('rejects bad input with a hint', () => {
    for (const bad of [{ type: 'blob' }, { match: '' }, { top: 0 }, { top: 1.5 }, { on: 'slaves' }, { pace: 'turbo' }, { delimiter: '' }]) {
      assert.throws(
        () => analyzeOptions(bad, {}),
        (e: unknown) => e instanceof AnalyzeInputError && e.hint.length > 0,
        JSON.stringify(bad),
      );
    }
  });
});

describe('analyze: glob like Redis', () => {
  const cases: [string, string, boolean][] = [
    ['a*', 'abc', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a[bx]c', 'axc', true],
    ['a[^b]c', 'abc', false],
    ['a[a-c]z', 'abz', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['*:*:*', 'x:y:z', true],
    ['*', '', true],
  ];
  for (const [p, t, want] of cases) it(`${p} ~ ${t}: ${want}`, () => assert.equal(globMatch(p, t), want));
});

describe('analyze: aggregates', () => {
  const opts = { ...ANALYZE_DEFAULTS, top: 3, maxWidth: 2, maxNamespaces: 100 };

  it('keeps exactly the top N by memory', () => {
    const a = new Aggregator(opts);
    [5, 1, 9, 3, 7, 8].forEach((b, i) => a.add(fact(`k:${i}`, b), 0, 's', 'n'));
    assert.deepEqual(
      a.result().top.map((k) => k.bytes),
      [9, 8, 7],
    );
  });

  it('folds id-like segments, caps the width into "other", and finds split families', () => {
    const a = new Aggregator(opts);
    a.add(fact('user:1000:cart', 10), 1, 's', 'n');
    a.add(fact('user:1000:profile', 10), 2, 's', 'n');
    a.add(fact('user:1001:cart', 10), 3, 's', 'n');
    a.add(fact('user:1001:profile', 10), 3, 's', 'n');
    a.add(fact('a:x', 1), 0, 's', 'n');
    a.add(fact('b:x', 1), 0, 's', 'n');
    a.add(fact('c:x', 1), 0, 's', 'n');
    a.add(fact('plain', 1), 0, 's', 'n');
    const r = a.result();
    const names = flattenNamespaces(r.namespaces).map((n) => n.name);
    assert.ok(names.includes('user:*'), names.join());
    assert.equal(r.namespaces.children.length, 2);
    assert.equal(r.namespaces.otherKeys, 2);
    assert.deepEqual(r.audit.splitFamilies, [
      { pattern: 'user:*', families: 2, split: 1, examples: [{ family: 'user:1000', keys: 2, slots: 2 }] },
    ]);
    assert.equal(r.audit.noDelimiter.count, 1);
    assert.equal(flattenNamespaces(r.namespaces).find((n) => n.name === 'user:*')?.match, 'user:*:*');
  });

  it('buckets TTLs and flags namespaces where most keys expire but some never do', () => {
    assert.deepEqual([-1, 1000, 3600_000, 86400_000, 8 * 86400_000].map(ttlBucket), ['none', 'lt1h', 'lt1d', 'lt1w', 'longer']);
    const a = new Aggregator(ANALYZE_DEFAULTS);
    for (let i = 0; i < 10; i++) a.add(fact(`s:${i}`, 1, i < 2 ? -1 : 60_000), 0, 's', 'n');
    assert.deepEqual(a.result().audit.mixedTtl, [{ namespace: 's', match: 's:*', keys: 10, noTtl: 2 }]);
  });

  it('splits binary names by the delimiter bytes and escapes them for display; exports CSV with quoting', () => {
    const a = new Aggregator(ANALYZE_DEFAULTS);
    a.add(fact(Buffer.from([0xff, 0x3a, 0x41, 0x2c]), 2_000_000), 0, 's', 'n');
    const r = a.result();
    assert.equal(r.audit.bigValues.count, 1);
    assert.equal(r.namespaces.children[0].name, '"\\xff"');
    const report = {
      ...r,
      profile: 'p',
      startedAt: '',
      elapsedMs: 1,
      options: { delimiter: ':', top: 3, on: 'masters' as const, pace: 'fast' as const },
      partial: false,
      failedNodes: [],
      notes: [],
      shards: [],
      migration: { unsettledSlots: 0, recountedKeys: 0 },
    };
    assert.match(exportReport(report, 'csv'), /^top,"""\\xff:A,""",1,2000000,/m);
    assert.match(exportReport(report, 'markdown'), /Values over 1 MB: 1/);
  });

  it('remembers counted keys per slot', () => {
    const c = new CountedKeys();
    for (let i = 0; i < 100; i++) c.add(7, Buffer.from(`k${i}`));
    assert.ok(c.has(7, Buffer.from('k42')));
    assert.ok(!c.has(7, Buffer.from('k100')));
    assert.ok(!c.has(8, Buffer.from('k1')));
    assert.equal(c.count(7), 100);
  });
});

describe('analyze: webview messages', () => {
  it('accepts only well-formed messages', () => {
    assert.ok(isAnalyzeWebviewMessage({ type: 'openKey', base64: 'YWI=' }));
    assert.ok(isAnalyzeWebviewMessage({ type: 'export', format: 'csv' }));
    assert.ok(!isAnalyzeWebviewMessage({ type: 'export', format: 'exe' }));
    assert.ok(!isAnalyzeWebviewMessage({ type: 'openKey', base64: '<script>' }));
    assert.ok(!isAnalyzeWebviewMessage({ type: 'openNamespace', match: '' }));
    assert.ok(!isAnalyzeWebviewMessage({ type: 'eval' }));
    assert.ok(!isAnalyzeWebviewMessage(null));
  });
});
