import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ProfileError, isInsecure, loadProfileFile, parseHostPort, validateProfile } from '../../src/core/profiles/profile';

function problems(input: unknown): string[] {
  try {
    validateProfile(input);
  } catch (e) {
    assert.ok(e instanceof ProfileError);
    return e.problems;
  }
  return [];
}

describe('profile validation', () => {
  it('accepts a full profile', () => {
    const p = validateProfile({
      name: ' prod ',
      nodes: ['127.0.0.1:7000', '[::1]:7001'],
      username: 'app',
      passwordEnv: 'PW',
      tls: { ca: 'ca.crt', servername: 'localhost' },
      readOnly: true,
      protected: false,
    });
    assert.equal(p.name, 'prod');
    assert.equal(p.nodes.length, 2);
    assert.equal(isInsecure(p), false);
  });
  it('names every bad field at once', () => {
    const got = problems({ nodes: ['localhost', 'h:99999', 5], passwordEnv: '1bad', tls: { cert: 'c.pem', verify: false }, extra: 1 });
    const text = got.join('\n');
    for (const expect of [
      '"extra": unknown field',
      '"name": required',
      '"nodes[0]": "localhost" is not host:port',
      '"nodes[1]": "h:99999" is not host:port with a port in 1-65535',
      '"nodes[2]": must be',
      '"passwordEnv": "1bad"',
      '"tls.verify": unknown field',
      '"tls.cert": set only together with tls.key',
    ]) {
      assert.ok(text.includes(expect), `missing "${expect}" in:\n${text}`);
    }
  });
  it('rejects a non-object and empty nodes', () => {
    assert.deepEqual(problems('x'), ['a profile must be a JSON object']);
    assert.ok(problems({ name: 'a', nodes: [] })[0].startsWith('"nodes": must be a non-empty array'));
  });
  it('marks an explicit opt-out of verification as insecure', () => {
    assert.equal(isInsecure(validateProfile({ name: 'a', nodes: ['h:1'], tls: { rejectUnauthorized: false } })), true);
    assert.equal(isInsecure(validateProfile({ name: 'a', nodes: ['h:1'], tls: true })), false);
  });
  it('parses host:port forms', () => {
    assert.deepEqual(parseHostPort('10.0.0.1:6379'), { host: '10.0.0.1', port: 6379 });
    assert.deepEqual(parseHostPort('[::1]:7000'), { host: '::1', port: 7000 });
    assert.equal(typeof parseHostPort('::1:7000'), 'string');
  });
  it('loads files, resolving TLS paths against the file and reporting missing ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'profile-'));
    writeFileSync(path.join(dir, 'ca.crt'), 'x');
    writeFileSync(path.join(dir, 'ok.json'), JSON.stringify({ name: 'a', nodes: ['h:1'], tls: { ca: 'ca.crt' } }));
    const p = loadProfileFile(path.join(dir, 'ok.json'));
    assert.equal(p.tls && p.tls.ca, path.join(dir, 'ca.crt'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ name: 'a', nodes: ['h:1'], tls: { ca: 'nope.crt' } }));
    assert.throws(() => loadProfileFile(path.join(dir, 'bad.json')), /tls\.ca.*file not found/);
    writeFileSync(path.join(dir, 'broken.json'), '{ name: ');
    assert.throws(() => loadProfileFile(path.join(dir, 'broken.json')), /not valid JSON/);
    assert.throws(() => loadProfileFile(path.join(dir, 'missing.json')), /cannot read profile file: ENOENT/);
  });
});
