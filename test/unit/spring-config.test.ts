import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isSpringConfigName, parsePlaceholder, readSpringConfig } from '../../src/core/spring/config';
import { SpringImportError, importSpringConfig } from '../../src/core/spring/import';

const dir = mkdtempSync(path.join(tmpdir(), 'spring-config-'));
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('Spring Boot config reading', () => {
  it('knows the file names Spring reads', () => {
    for (const n of ['application.yml', 'application-dev.yaml', 'application-prod.properties']) assert.ok(isSpringConfigName(n), n);
    for (const n of ['app.yml', 'application.json', 'bootstrap.yml']) assert.ok(!isSpringConfigName(n), n);
  });

  it('reads .properties with relaxed names, escapes, continuations and list indexes', () => {
    const p = readSpringConfig(
      file(
        'application.properties',
        [
          '# comment',
          '! also a comment',
          'spring.data.redis.clusterNodes = a:1,\\',
          '   b:2',
          'spring.data.redis.user\\ name: x\\ty',
          'spring.data.redis.cluster.nodes[0]=c:3',
          'spring.data.redis.SSL.ENABLED=true',
          '',
        ].join('\n'),
      ),
    );
    assert.equal(p.get('spring.data.redis.cluster-nodes')?.value, 'a:1,b:2');
    assert.equal(p.get('spring.data.redis.user name')?.value, 'x\ty');
    assert.deepEqual(
      p.list('spring.data.redis.cluster.nodes').map((x) => x.value),
      ['c:3'],
    );
    assert.equal(p.get('spring.data.redis.ssl.enabled')?.value, 'true');
  });

  it('placeholders: env names with defaults, property references', () => {
    assert.deepEqual(parsePlaceholder('${REDIS_PASSWORD:}'), { env: 'REDIS_PASSWORD', fallback: '' });
    assert.deepEqual(parsePlaceholder('${A}'), { env: 'A', fallback: undefined });
    assert.deepEqual(parsePlaceholder('${my.prop:x}'), { property: 'my.prop', fallback: 'x' });
    assert.equal(parsePlaceholder('literal'), undefined);
  });

  it('a rediss:// URL gives a TLS seed, the user, and its password only as a secret', () => {
    const r = importSpringConfig(file('application-url.yml', 'spring:\n  data:\n    redis:\n      url: rediss://app:p%40ss@[::1]:7000\n'), {
      env: {},
    });
    assert.deepEqual(r.profile, { name: path.basename(dir) + '-url', nodes: ['[::1]:7000'], username: 'app', tls: {} });
    assert.equal(r.secrets.password, 'p@ss');
    assert.ok(!JSON.stringify(r.profile).includes('p@ss'));
  });

  it('host + port, property-reference placeholders, and a password from another property', () => {
    const r = importSpringConfig(
      file(
        'application-host.properties',
        [
          'redis.host=cache.internal',
          'spring.redis.host=${redis.host}',
          'spring.redis.port=${REDIS_PORT:6380}',
          'spring.redis.password=${redis.secret}',
          'redis.secret=${CACHE_PASSWORD}',
          '',
        ].join('\n'),
      ),
      { env: {}, name: 'n' },
    );
    assert.deepEqual(r.profile, { name: 'n', nodes: ['cache.internal:6380'], passwordEnv: 'CACHE_PASSWORD' });
  });

  it('no Redis settings, or an unresolvable seed, is an error that names the placeholder but does not quote values', () => {
    assert.throws(() => importSpringConfig(file('application-none.yml', 'server:\n  port: 8080\n')), SpringImportError);
    assert.throws(
      () =>
        importSpringConfig(file('application-bad-url.yml', 'spring.data.redis.url: rediss://app:s3cret@${NOPE_HOST}:7000\n'), {
          env: {},
        }),
      (e: unknown) => {
        assert.ok(e instanceof SpringImportError);
        assert.match(e.message, /spring\.data\.redis\.url: no value for \$\{NOPE_HOST\}/);
        assert.deepEqual(e.missing, ['NOPE_HOST']);
        assert.match(e.hint, /--set NOPE_HOST=VALUE/);
        assert.doesNotMatch(e.message, /s3cret/);
        return true;
      },
    );
  });
});
