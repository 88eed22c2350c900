// Spring Boot settings written the way projects write them: placeholders holding whole node lists, nested
// defaults, host and port from variables, CR line ends, the seed's own cluster-scoped password and ssl block,
// Sentinel setups, and Spring profiles (multi-document files and application-{profile} files).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SpringImportError, importSpringConfig } from '../../src/core/spring/import';
import { loadSpringConfig, matchesProfiles, springProfilesOf } from '../../src/core/spring/layers';
import { parseDotEnv, resolvePlaceholders } from '../../src/core/spring/placeholders';

let n = 0;
/** A project folder of its own per test, so application-{profile} files do not leak between tests. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), `spring-real-${n++}-`));
  const res = path.join(root, 'src', 'main', 'resources');
  mkdirSync(path.join(res, 'ssl'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(res, name), text);
  return path.join(res, Object.keys(files)[0]);
}

function refused(fn: () => unknown): SpringImportError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpringImportError, String(e));
    return e;
  }
  assert.fail('the import did not fail');
}

describe('Spring import: files as people write them', () => {
  it('resolves a placeholder whose default is the node list before splitting it (YAML and properties)', () => {
    const yml = project({
      'application.yml': `spring:\n  redis:\n    cluster:\n      nodes: \${REDIS_NODES:10.0.0.1:7000,10.0.0.2:7000}\n`,
    });
    assert.deepEqual(importSpringConfig(yml, { env: {} }).profile.nodes, ['10.0.0.1:7000', '10.0.0.2:7000']);
    const props = project({ 'application.properties': 'spring.data.redis.cluster.nodes=${NODES:localhost:7000, localhost:7001}\n' });
    assert.deepEqual(importSpringConfig(props, { env: {} }).profile.nodes, ['localhost:7000', 'localhost:7001']);
    // The variable, when set, wins over the default, and is split the same way.
    assert.deepEqual(importSpringConfig(props, { env: { NODES: 'a:1,b:2,c:3' } }).profile.nodes, ['a:1', 'b:2', 'c:3']);
  });

  it('nested defaults ${A:${B:x}}, each level from the environment when set', () => {
    const f = project({
      'application.yml': 'spring:\n  data:\n    redis:\n      cluster:\n        nodes: ${REDIS_NODES:${REDIS_SEED:10.0.0.9:6379}}\n',
    });
    assert.deepEqual(importSpringConfig(f, { env: {} }).profile.nodes, ['10.0.0.9:6379']);
    assert.deepEqual(importSpringConfig(f, { env: { REDIS_SEED: 's:1' } }).profile.nodes, ['s:1']);
    assert.deepEqual(importSpringConfig(f, { env: { REDIS_SEED: 's:1', REDIS_NODES: 'n:2' } }).profile.nodes, ['n:2']);
  });

  it('"${REDIS_HOST}:${REDIS_PORT}" without defaults: names what is missing; given values (--set) complete it', () => {
    const f = project({
      'application.yml':
        'spring:\n  redis:\n    cluster:\n      nodes:\n        - "${REDIS_HOST}:${REDIS_PORT}"\n    password: ${REDIS_PASSWORD}\n',
    });
    const e = refused(() => importSpringConfig(f, { env: {} }));
    assert.deepEqual(e.missing, ['REDIS_HOST', 'REDIS_PORT']);
    assert.match(e.message, /no value for \$\{REDIS_HOST\}, \$\{REDIS_PORT\}/);
    const r = importSpringConfig(f, { env: { REDIS_PORT: '7000' }, values: { REDIS_HOST: '10.0.0.5' } });
    assert.deepEqual(r.profile, { name: r.profile.name, nodes: ['10.0.0.5:7000'], passwordEnv: 'REDIS_PASSWORD' });
    // A given value wins over the environment.
    assert.deepEqual(importSpringConfig(f, { env: { REDIS_HOST: 'env', REDIS_PORT: '1' }, values: { REDIS_HOST: 'set' } }).profile.nodes, [
      'set:1',
    ]);
  });

  it('reads YAML whose line breaks are bare CR characters', () => {
    const f = project({
      'application.yml': [
        'spring:',
        '  redis:',
        '    cluster:',
        '      nodes:',
        '        - 10.0.0.1:7000',
        '        - 10.0.0.2:7000',
        '',
      ].join('\r'),
    });
    assert.deepEqual(importSpringConfig(f, { env: {} }).profile.nodes, ['10.0.0.1:7000', '10.0.0.2:7000']);
  });

  it("the seed's application.yml: password and ssl under spring.redis.cluster give TLS and passwordEnv, with a note", () => {
    const f = project({
      'application.yml': `spring:
  application:
    name: orders
  redis:
    cluster:
      nodes: \${REDIS_CLUSTER_NODES:10.0.1.10:6379,10.0.1.11:6379,10.0.1.12:6379}
      max-redirects: 3
      password: \${REDIS_CLUSTER_PASSWORD:change-me}
      ssl:
        enabled: true
        trust-store: classpath:ssl/redis-cluster-truststore.jks
        trust-store-password: \${TRUSTSTORE_PASSWORD}
        key-store: classpath:ssl/redis-cluster-keystore.p12
        key-store-password: \${KEYSTORE_PASSWORD}
        key-store-type: PKCS12
    timeout: 2000
`,
      'ssl/redis-cluster-truststore.jks': 'x',
      'ssl/redis-cluster-keystore.p12': 'x',
    });
    const r = importSpringConfig(f, { env: {}, baseDir: path.resolve(f, '../../../..') });
    assert.equal(r.profile.passwordEnv, 'REDIS_CLUSTER_PASSWORD');
    assert.deepEqual(r.profile.tls, {
      pfx: 'src/main/resources/ssl/redis-cluster-keystore.p12',
      trustStore: 'src/main/resources/ssl/redis-cluster-truststore.jks',
      pfxPasswordEnv: 'KEYSTORE_PASSWORD',
      trustStorePasswordEnv: 'TRUSTSTORE_PASSWORD',
    });
    assert.equal(r.secrets.password, 'change-me');
    assert.ok(!JSON.stringify(r.profile).includes('change-me'));
    assert.ok(
      r.notes.some((x) => /spring\.redis\.cluster\.password and spring\.redis\.cluster\.ssl\.\*: Spring Boot itself does not bind/.test(x)),
      r.notes.join('\n'),
    );
  });

  it('refuses Sentinel setups, alone or beside cluster nodes (Spring Boot picks Sentinel)', () => {
    const alone = project({
      'application.yml': 'spring:\n  redis:\n    sentinel:\n      master: mymaster\n      nodes: 10.0.0.1:26379,10.0.0.2:26379\n',
    });
    assert.match(
      refused(() => importSpringConfig(alone, { env: {} })).message,
      /this is a Sentinel setup \(spring\.redis\.sentinel\.master\)/,
    );
    const both = project({
      'application.properties': [
        'spring.data.redis.cluster.nodes=10.0.0.1:7000',
        'spring.data.redis.sentinel.master=mymaster',
        'spring.data.redis.sentinel.nodes=10.0.0.1:26379',
      ].join('\n'),
    });
    assert.match(refused(() => importSpringConfig(both, { env: {} })).message, /this is a Sentinel setup/);
  });

  describe('Spring profiles', () => {
    const files = {
      'application.yml': `spring:
  application:
    name: shop
  profiles:
    active: dev
  data:
    redis:
      cluster:
        nodes: localhost:7000
      password: \${REDIS_PASSWORD:}
---
spring:
  config:
    activate:
      on-profile: prod
  data:
    redis:
      cluster:
        nodes:
          - redis-0.prod.internal:6379
          - redis-1.prod.internal:6379
      ssl:
        enabled: true
---
spring:
  config:
    activate:
      on-profile: "!prod"
  data:
    redis:
      username: developer
`,
      'application-prod.yml': 'spring:\n  data:\n    redis:\n      password: ${PROD_REDIS_PASSWORD}\n      username: shop\n',
      'application-staging.properties': 'spring.data.redis.cluster.nodes=redis.staging.internal:6379\n',
    };

    it('lists the profiles a user can pick: documents, application-{profile} files, spring.profiles.active', () => {
      const f = project(files);
      assert.deepEqual(springProfilesOf(f), { profiles: ['dev', 'prod', 'staging'], declared: ['dev'] });
    });

    it('prod: the prod document over the base, then application-prod.yml over both; the name says the profile', () => {
      const r = importSpringConfig(project(files), { env: {}, springProfiles: ['prod'] });
      assert.deepEqual(r.profile, {
        name: 'shop-prod',
        nodes: ['redis-0.prod.internal:6379', 'redis-1.prod.internal:6379'],
        username: 'shop',
        passwordEnv: 'PROD_REDIS_PASSWORD',
        tls: {},
      });
      assert.equal(r.files.length, 2);
    });

    it("without a choice, the file's spring.profiles.active (dev): base settings, the !prod document, a note on the rest", () => {
      const r = importSpringConfig(project(files), { env: {} });
      assert.deepEqual(r.springProfiles, ['dev']);
      assert.deepEqual(r.profile, { name: 'shop-dev', nodes: ['localhost:7000'], username: 'developer', passwordEnv: 'REDIS_PASSWORD' });
      assert.ok(
        r.notes.some((x) => /Spring profiles prod were left out.*--spring-profile/.test(x)),
        r.notes.join('\n'),
      );
    });

    it('staging: an application-staging.properties file over application.yml', () => {
      const r = importSpringConfig(project(files), { env: {}, springProfiles: ['staging'] });
      assert.deepEqual(r.profile.nodes, ['redis.staging.internal:6379']);
      assert.equal(r.profile.username, 'developer');
    });

    it('a YAML list given again replaces the whole list, as Spring binds it', () => {
      const f = project({
        'application.yml':
          'spring.redis.cluster.nodes:\n  - a:1\n  - b:2\n  - c:3\n---\n' +
          'spring.config.activate.on-profile: one\nspring.redis.cluster.nodes:\n  - z:9\n',
      });
      assert.deepEqual(importSpringConfig(f, { env: {}, springProfiles: ['one'] }).profile.nodes, ['z:9']);
      assert.deepEqual(loadSpringConfig(f, []).props.list('spring.redis.cluster.nodes').length, 3);
    });

    it('.properties documents split by #--- with their own on-profile', () => {
      const f = project({
        'application.properties': [
          'spring.redis.cluster.nodes=dev:7000',
          '#---',
          'spring.config.activate.on-profile=prod',
          'spring.redis.cluster.nodes=prod:7000',
        ].join('\n'),
      });
      assert.deepEqual(importSpringConfig(f, { env: {} }).profile.nodes, ['dev:7000']);
      assert.deepEqual(importSpringConfig(f, { env: {}, springProfiles: ['prod'] }).profile.nodes, ['prod:7000']);
    });

    it('profile expressions: lists, !, & and |', () => {
      assert.equal(matchesProfiles('prod', ['prod']), true);
      assert.equal(matchesProfiles('prod,eu', ['eu']), true);
      assert.equal(matchesProfiles('!prod', ['dev']), true);
      assert.equal(matchesProfiles('prod & eu', ['prod']), false);
      assert.equal(matchesProfiles('prod & eu', ['prod', 'eu']), true);
      assert.equal(matchesProfiles('prod | staging', ['staging']), true);
    });
  });

  it('placeholders: nested in names and defaults, found values resolved again, cycles end as missing', () => {
    const env: Record<string, string> = { STAGE: 'prod', HOST_prod: 'h.prod', LOOP: '${LOOP}' };
    const look = (k: string) => env[k];
    assert.deepEqual(resolvePlaceholders('${HOST_${STAGE}}:${PORT:6379}', look), { value: 'h.prod:6379', missing: [] });
    assert.deepEqual(resolvePlaceholders('${A:${B:${C:deep}}}', look), { value: 'deep', missing: [] });
    assert.deepEqual(resolvePlaceholders('x-${NOPE}-y', look), { value: 'x-${NOPE}-y', missing: ['NOPE'] });
    assert.deepEqual(resolvePlaceholders('${LOOP}', look).missing, ['LOOP']);
  });

  it('reads .env files the way docker compose and dotenv write them', () => {
    const env = parseDotEnv('# comment\r\nexport REDIS_HOST=10.0.0.5\nREDIS_PORT = "7000"\nNAME=\'a b\' \nURL=x # trailing\n\nbad line\n');
    assert.deepEqual(env, { REDIS_HOST: '10.0.0.5', REDIS_PORT: '7000', NAME: 'a b', URL: 'x' });
  });
});
