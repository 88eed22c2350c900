// One profile schema: schemas/profile.schema.json is what the editor validates profile files with (jsonValidation),
// package.json's redisCluster.profiles items are generated from it, and the CLI / extension validator reads it.
// An independent validator (Ajv) runs both JSON schemas; all three must give the same verdict on every profile.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { profileFileName } from '../../src/core/admin/commandLine';
import { ProfileError, validateProfile } from '../../src/core/profiles/profile';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (f: string): unknown => JSON.parse(readFileSync(path.join(ROOT, f), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { manifestItems } = require('../../scripts/profile-schema.cjs') as { manifestItems(s: unknown): { items: unknown } };

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { items: unknown }> };
    jsonValidation: { fileMatch: string[]; url: string }[];
  };
}
const schema = readJson('schemas/profile.schema.json') as Record<string, unknown>;
const pkg = readJson('package.json') as Manifest;
const nls = readJson('package.nls.json') as Record<string, string>;

/** package.json's items with its %key% texts replaced from package.nls.json, as VS Code shows them. */
function resolveNls(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/^%([^%]+)%$/, (m, k: string) => nls[k] ?? m);
  if (Array.isArray(v)) return v.map(resolveNls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveNls(x)]));
  return v;
}
const manifestSchema = resolveNls(pkg.contributes.configuration.properties['redisCluster.profiles'].items) as Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true });
const byFile = ajv.compile(schema);
const byManifest = ajv.compile(manifestSchema);

function cli(p: unknown): string[] {
  try {
    validateProfile(p);
    return [];
  } catch (e) {
    assert.ok(e instanceof ProfileError, String(e));
    return e.problems;
  }
}

const good: unknown[] = [
  { name: 'local', nodes: ['127.0.0.1:7000'] },
  { name: 'prod', nodes: ['10.0.0.1:6379', '[::1]:7001', 'redis-0.example.com:65535'], username: 'app', passwordEnv: 'REDIS_PW' },
  { name: 'tls', nodes: ['h:1'], tls: true },
  { name: 'plain', nodes: ['h:1'], tls: false },
  { name: 'mtls', nodes: ['h:1'], tls: { ca: 'ca.crt', cert: 'c.crt', key: 'c.key', servername: 'localhost', rejectUnauthorized: false } },
  {
    name: 'jks',
    nodes: ['h:1'],
    tls: { trustStore: 't.jks', trustStoreType: 'JKS', trustStorePasswordEnv: 'TS', pfx: 'k.p12', pfxPasswordEnv: 'KS' },
  },
  { name: 'nat', nodes: ['h:1'], natMap: { 'node-0.redis.invalid:6379': '127.0.0.1:17000', 'node-1': '127.0.0.1', '[::1]:7000': '::1' } },
  { name: 'ro', nodes: ['h:1'], readOnly: true, protected: true },
];

const bad: [unknown, string][] = [
  ['x', 'a profile must be a JSON object'],
  [[], 'a profile must be a JSON object'],
  [{ nodes: ['h:1'] }, '"name": required'],
  [{ name: '   ', nodes: ['h:1'] }, '"name": "   " must not be blank'],
  [{ name: 'a', nodes: [] }, '"nodes": must be a non-empty array'],
  [{ name: 'a', nodes: 'h:1' }, '"nodes": must be a non-empty array'],
  [{ name: 'a', nodes: ['localhost'] }, '"nodes[0]": "localhost" is not host:port'],
  [{ name: 'a', nodes: ['h:0'] }, '"nodes[0]": "h:0" is not host:port'],
  [{ name: 'a', nodes: ['h:65536'] }, '"nodes[0]": "h:65536" is not host:port'],
  [{ name: 'a', nodes: ['::1:7000'] }, '"nodes[0]": "::1:7000" is not host:port'],
  [{ name: 'a', nodes: [7000] }, '"nodes[0]": must be a "host:port" string'],
  [{ name: 'a', nodes: ['h:1'], password: 'secret' }, '"password": unknown field'],
  [{ name: 'a', nodes: ['h:1'], passwordEnv: 'my password' }, '"passwordEnv": "my password" must be an environment variable name'],
  [{ name: 'a', nodes: ['h:1'], username: '' }, '"username": must be a non-empty string'],
  [{ name: 'a', nodes: ['h:1'], readOnly: 'yes' }, '"readOnly": must be true or false'],
  [{ name: 'a', nodes: ['h:1'], tls: 'on' }, '"tls": must be an object, true or false'],
  [{ name: 'a', nodes: ['h:1'], tls: { verify: false } }, '"tls.verify": unknown field'],
  [{ name: 'a', nodes: ['h:1'], tls: { cert: 'c.crt' } }, '"tls.cert": set only together with tls.key'],
  [{ name: 'a', nodes: ['h:1'], tls: { pfx: 'k.p12', cert: 'c', key: 'k' } }, '"tls.cert": give a key store (pfx) or cert + key, not both'],
  [{ name: 'a', nodes: ['h:1'], tls: { trustStore: 't', ca: 'ca' } }, '"tls.ca": give a trust store or ca, not both'],
  [{ name: 'a', nodes: ['h:1'], tls: { trustStore: 't', trustStoreType: 'JCEKS' } }, '"tls.trustStoreType": must be "PKCS12" or "JKS"'],
  [{ name: 'a', nodes: ['h:1'], tls: { pfxPasswordEnv: 'KS' } }, '"tls.pfxPasswordEnv": set only together with tls.pfx'],
  [{ name: 'a', nodes: ['h:1'], tls: { ca: '' } }, '"tls.ca": must be a non-empty string'],
  [{ name: 'a', nodes: ['h:1'], natMap: { 'a:99999': 'b:1' } }, '"natMap.a:99999": the key must be'],
  [{ name: 'a', nodes: ['h:1'], natMap: { 'a:1': 5 } }, '"natMap.a:1": the value must be'],
  [{ name: 'a', nodes: ['h:1'], natMap: ['x'] }, '"natMap": must be an object'],
];

describe('one profile schema: the manifest, the editor and the CLI agree', () => {
  it("package.json's redisCluster.profiles items are the schema file (texts through package.nls.json)", () => {
    const { $schema, title, description, ...body } = schema;
    assert.ok($schema && title && description);
    assert.deepEqual(manifestSchema, body);
    assert.deepEqual(pkg.contributes.configuration.properties['redisCluster.profiles'].items, manifestItems(schema).items);
  });

  it('jsonValidation validates *.redis-cluster.json with the packaged schema file, and exported profiles are named so', () => {
    const v = pkg.contributes.jsonValidation.find((j) => j.url === './schemas/profile.schema.json');
    assert.ok(v, 'no jsonValidation entry for the profile schema');
    assert.deepEqual(v.fileMatch, ['*.redis-cluster.json']);
    assert.match(profileFileName('prod eu/1'), /^[^/]+\.redis-cluster\.json$/);
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!schemas\/profile\.schema\.json$/m, '.vscodeignore leaves the schema out of the .vsix');
  });

  for (const p of good)
    it(`accepts ${JSON.stringify(p)}`, () => {
      assert.deepEqual(cli(p), []);
      assert.equal(byFile(p), true, ajv.errorsText(byFile.errors));
      assert.equal(byManifest(p), true, ajv.errorsText(byManifest.errors));
    });

  for (const [p, message] of bad)
    it(`refuses ${JSON.stringify(p)}: ${message}`, () => {
      const problems = cli(p);
      assert.ok(
        problems.some((x) => x.startsWith(message)),
        `no "${message}" in:\n${problems.join('\n')}`,
      );
      assert.equal(byFile(p), false, 'the schema file accepts it');
      assert.equal(byManifest(p), false, "package.json's schema accepts it");
    });
});
