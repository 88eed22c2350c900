import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintKeysCommand } from '../../src/cli/lintKeys';
import {
  type Analysis,
  KeyLinter,
  type KeylintLanguage,
  type TextEdit,
  analyze,
  identity,
  languageOfFile,
  lineIndex,
  mentionsRedis,
} from '../../src/core/keysInCode';
import { keySlot } from '../../src/core/topology/slots';
import { bigSource } from '../support/keylintSource';

const FIXTURES = join(__dirname, 'fixtures/keylint');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Lines (1-based) marked `expect: <code>` in a fixture, against the lines the analyzer reports. */
function expected(source: string): string[] {
  return source.split('\n').flatMap((l, i) => {
    const m = /expect: ([a-z-]+)/.exec(l);
    return m ? [`${i + 1} redis-cluster.${m[1]}`] : [];
  });
}
function reported(source: string, a: Analysis): string[] {
  const at = lineIndex(source);
  return a.findings.map((f) => `${at(f.start).line + 1} ${f.code}`);
}
function apply(source: string, edits: TextEdit[]): string {
  return [...edits].sort((x, y) => y.start - x.start).reduce((s, e) => s.slice(0, e.start) + e.text + s.slice(e.end), source);
}

describe('keylint: fixtures per language (true and false positives)', () => {
  for (const file of ['OrderService.java', 'CartRepository.kt', 'cache.py', 'session.ts']) {
    it(`${file}: warns exactly on the marked lines`, async () => {
      const source = read(file);
      const a = await analyze(source, languageOfFile(file) as KeylintLanguage);
      assert.ok(expected(source).length >= 3, 'fixture has marked lines');
      assert.deepEqual(reported(source, a), expected(source));
    });
  }
  it('plain.js: a file without a Redis client is not even parsed', async () => {
    const source = read('plain.js');
    assert.equal(mentionsRedis(source), false);
    const a = await analyze(source, 'javascript');
    assert.equal(a.parsed, false);
    assert.deepEqual(a.findings, []);
  });
});

describe('keylint: judging keys by hash tag', () => {
  const str = (...parts: ({ text: string } | { hole: string })[]) => ({ kind: 'string' as const, parts, start: 0, end: 0, quote: '"' });
  it('constant keys get the server slot, tag included', () => {
    assert.deepEqual(identity(str({ text: 'user:1000' })), { kind: 'slot', slot: keySlot('user:1000'), tag: undefined });
    assert.deepEqual(identity(str({ text: '{user:1000}:profile' })), { kind: 'slot', slot: keySlot('user:1000'), tag: 'user:1000' });
    assert.equal(identity(str({ text: 'foo{}{bar}' })).kind, 'slot');
    assert.equal((identity(str({ text: 'foo{}{bar}' })) as { slot: number }).slot, keySlot('foo{}{bar}'));
  });
  it('constant + variable: a constant tag decides the slot, a tag with a variable is symbolic, no tag is untagged', () => {
    assert.deepEqual(identity(str({ text: '{orders}:' }, { hole: 'id' })), { kind: 'slot', slot: keySlot('orders'), tag: 'orders' });
    assert.deepEqual(identity(str({ text: '{customer:' }, { hole: 'id' }, { text: '}:profile' })), { kind: 'tag', tag: 'customer:${id}' });
    assert.deepEqual(identity(str({ text: 'customer:' }, { hole: 'id' })), { kind: 'untagged', text: 'customer:${id}' });
  });
});

describe('keylint: quick fixes', () => {
  it('"add a common hash tag" makes the CROSSSLOT warning go away (Java, Python, TypeScript)', async () => {
    for (const [file, line] of [
      ['OrderService.java', 17],
      ['cache.py', 8],
      ['session.ts', 8],
    ] as const) {
      const lang = languageOfFile(file) as KeylintLanguage;
      const source = read(file);
      const at = lineIndex(source);
      const f = (await analyze(source, lang)).findings.find((x) => at(x.start).line + 1 === line);
      assert.ok(f, `${file}:${line} has a finding`);
      const fix = f.fixes.find((x) => x.title.startsWith('Add the common hash tag'));
      assert.ok(fix, `${file}:${line} offers the hash-tag fix`);
      const fixed = apply(source, fix.edits);
      const after = await analyze(fixed, lang);
      assert.equal(after.findings.length, (await analyze(source, lang)).findings.length - 1, `${file}: one warning fewer`);
      assert.match(fixed.split('\n')[line - 1], /\{(user:1000|user:1|session)\}/);
    }
  });
  it('"replace KEYS with SCAN" gives code that no longer calls keys()', async () => {
    for (const [file, needle] of [
      ['session.ts', 'scanStream'],
      ['cache.py', 'scan_iter'],
      ['OrderService.java', 'ScanOptions.scanOptions()'],
      ['CartRepository.kt', '.use {'],
    ] as const) {
      const lang = languageOfFile(file) as KeylintLanguage;
      const source = read(file);
      const f = (await analyze(source, lang)).findings.find((x) => x.code === 'redis-cluster.keys-command');
      assert.ok(f?.fixes[0], `${file}: SCAN fix offered`);
      const fixed = apply(source, f.fixes[0].edits);
      assert.ok(fixed.includes(needle), `${file}: ${needle}`);
      assert.equal((await analyze(fixed, lang)).findings.filter((x) => x.code === 'redis-cluster.keys-command').length, 0);
      if (lang === 'java') assert.match(fixed, /^import org\.springframework\.data\.redis\.core\.ScanOptions;$/m);
    }
  });
});

describe('keylint: lenses and key references', () => {
  it('a method whose literal keys land in several slots gets a lens; key literals carry their slot', async () => {
    const source = read('OrderService.java');
    const a = await analyze(source, 'java');
    const lens = a.lenses.find((l) => l.fnName === 'loadCustomer');
    assert.ok(lens && lens.slots.length > 1);
    assert.ok(!a.lenses.some((l) => l.fnName === 'invalidateAllCustomers'));
    const ref = a.keys.find((k) => k.literal === 'user:1000:profile');
    assert.equal(ref?.slot, keySlot('user:1000:profile'));
    assert.equal(source.slice(ref.start, ref.end), '"user:1000:profile"');
  });
});

describe('keylint: literals for hovers on any key-like string', () => {
  it('lists plain string literals only when asked (Java, Python, TypeScript)', async () => {
    for (const file of ['OrderService.java', 'cache.py', 'session.ts']) {
      const lang = languageOfFile(file) as KeylintLanguage;
      const source = read(file);
      const withLiterals = await analyze(source, lang, { literals: true });
      const values = withLiterals.literals.map((l) => l.value);
      assert.ok(values.includes('x') || values.includes('a'), `${file}: ${values.slice(0, 5).join(', ')}`);
      for (const l of withLiterals.literals)
        assert.equal(source.slice(l.start + 1, l.end - 1), l.value, `${file}: literal spans its quotes`);
      if (lang !== 'typescript') assert.deepEqual((await analyze(source, lang)).literals, []);
    }
  });
});

describe('keylint: lint-keys CLI', () => {
  it('prints [{file, line, column, code, message, slots}] and exits 1 on warnings, 0 on a clean file', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => undefined };
    const file = join(FIXTURES, 'cache.py');
    assert.equal(await lintKeysCommand([file, '--json'], io), 1);
    const rows = JSON.parse(out[0]) as { file: string; line: number; column: number; code: string; message: string; slots: number[] }[];
    assert.equal(rows.length, expected(read('cache.py')).length);
    assert.deepEqual(rows[0], {
      file,
      line: 8,
      column: 7,
      code: 'redis-cluster.crossslot',
      message: rows[0].message,
      slots: [keySlot('user:1:a'), keySlot('user:1:b')].sort((a, b) => a - b),
    });
    out.length = 0;
    assert.equal(await lintKeysCommand([join(FIXTURES, 'plain.js'), '--json'], io), 0);
    assert.equal(out[0], '[]');
  });
});

describe('keylint: incremental analysis equals a fresh one', () => {
  const strip = (a: Analysis) => JSON.stringify({ f: a.findings, k: a.keys, l: a.lenses });
  for (const file of ['OrderService.java', 'CartRepository.kt', 'cache.py', 'session.ts']) {
    it(`${file}: edits inside and outside functions`, async () => {
      const lang = languageOfFile(file) as KeylintLanguage;
      let text = read(file);
      const linter = new KeyLinter(lang);
      await linter.update(text);
      const edits: ((t: string) => string)[] = [
        (t) => t.replace('session', 'sessionX').replace('user:1', 'user:1{'),
        (t) => t.replace(/(\n[^\n]*mget[^\n]*\n)/, '$1$1'),
        (t) => t.replace(/\n[^\n]*keys\("[^\n]*\n/, '\n'),
        (t) => `${t}\n`,
        (t) => t.replace(/import[^\n]*\n/, ''),
        (t) => t.replace('a', 'b'),
      ];
      for (const [i, edit] of edits.entries()) {
        text = edit(text);
        assert.equal(strip(await linter.update(text)), strip(await analyze(text, lang)), `after edit ${i}`);
      }
      linter.dispose();
    });
  }
});

describe('keylint: a 5,000-line file after an edit (generous bound; bench/keylint.bench.ts has the figures)', () => {
  for (const lang of ['java', 'typescript'] as const) {
    it(`${lang}: re-analysis after a keystroke takes well under 100 ms of CPU`, async function () {
      this.timeout(60_000);
      const source = bigSource(lang);
      assert.ok(source.split('\n').length >= 4990);
      const linter = new KeyLinter(lang);
      const first = await linter.update(source);
      assert.ok(first.findings.length > 100);
      const at = source.indexOf('user:', source.length >> 1);
      let text = source;
      const cpu: number[] = [];
      for (let i = 0; i < 9; i++) {
        text = `${text.slice(0, at)}x${text.slice(at)}`;
        const c0 = process.cpuUsage();
        const a = await linter.update(text);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        assert.equal(a.findings.length, first.findings.length);
      }
      linter.dispose();
      const median = cpu.sort((x, y) => x - y)[4];
      assert.ok(median < 100, `median CPU ${median.toFixed(1)} ms`);
    });
  }
});
