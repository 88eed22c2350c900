// `lint-keys` through the built dist/cli.js: the bundle loads its parsers from dist/parsers/ (TypeScript's
// compiler, the tree-sitter runtime and grammars), exactly as the packaged extension does. No cluster needed.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const FIXTURES = 'test/unit/fixtures/keylint';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('node', ['dist/cli.js', ...args], { timeout: 60000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('CLI: lint-keys (bundled parsers)', function () {
  this.timeout(120000);
  before(async () => {
    await exec('node', ['scripts/build.mjs']);
  });

  it('reports every marked line of the fixtures in four languages as JSON and exits 1', async () => {
    const files = ['OrderService.java', 'CartRepository.kt', 'cache.py', 'session.ts', 'plain.js'].map((f) => join(FIXTURES, f));
    const r = await cli(['lint-keys', ...files, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout) as { file: string; line: number; column: number; code: string; message: string; slots: number[] }[];
    for (const file of files) {
      const marked = readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((l, i) => (/expect: ([a-z-]+)/.test(l) ? [`${i + 1} redis-cluster.${/expect: ([a-z-]+)/.exec(l)?.[1]}`] : []));
      assert.deepEqual(
        rows.filter((x) => x.file === file).map((x) => `${x.line} ${x.code}`),
        marked,
        file,
      );
    }
    assert.ok(rows.every((x) => x.column > 0 && x.message.length > 20 && Array.isArray(x.slots)));
  });

  it('exits 0 with [] on a clean file, 2 on an unknown file type', async () => {
    const clean = await cli(['lint-keys', join(FIXTURES, 'plain.js'), '--json']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stdout.trim(), '[]');
    const bad = await cli(['lint-keys', 'README.md']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unsupported file type/);
  });

  it('prints file:line:column: warning lines without --json', async () => {
    const r = await cli(['lint-keys', join(FIXTURES, 'cache.py')]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^test\/unit\/fixtures\/keylint\/cache\.py:8:7: warning redis-cluster\.crossslot: mget\(\): keys land in different slots/m,
    );
  });
});
