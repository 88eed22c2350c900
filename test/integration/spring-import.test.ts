// Import from Spring Boot: a seed-like Boot 2 application.yml (JKS trust store, PKCS#12 key store under the app's
// own keys) and Boot 3 files with a JKS and a PEM SSL bundle, each imported and connected to a mutual-TLS
// cluster; the CLI; and bad input (malformed YAML, a missing store, a wrong store password).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type ClusterProfile, resolveProfilePaths, validateProfile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { SpringConfigError } from '../../src/core/spring/config';
import { SpringImportError, importSpringConfig } from '../../src/core/spring/import';
import { discoverTopology } from '../../src/core/topology/topology';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';
import { KEY_PASS, type SpringProject, TRUST_PASS, makeSpringProject, writeSeedApplicationYml } from '../support/springProject';

const exec = promisify(execFile);

describe('Import from Spring Boot config', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('javaProject'), tls: 'mtls', masters: 3, replicasPerMaster: 0 });
  let project: SpringProject;
  let env: NodeJS.ProcessEnv;

  before(() => {
    const info = cluster();
    project = makeSpringProject(info, path.join(info.dir, 'orders-service'));
    env = { REDIS_PASSWORD: info.password, KEYSTORE_PASSWORD: KEY_PASS, TRUSTSTORE_PASSWORD: TRUST_PASS };
  });

  /** Connects like the extension: SecretStorage (the offered literal secrets) first, then the env variables. */
  async function connects(profile: ClusterProfile, secrets: { pfx?: string; trustStore?: string }): Promise<number> {
    const p = resolveProfilePaths(validateProfile(profile, 'imported'), project.root);
    const session = new ClusterSession(p, {
      password: cluster().password,
      storePasswords: {
        pfx: secrets.pfx ?? (p.tls && p.tls.pfxPasswordEnv ? env[p.tls.pfxPasswordEnv] : undefined),
        trustStore: secrets.trustStore ?? (p.tls && p.tls.trustStorePasswordEnv ? env[p.tls.trustStorePasswordEnv] : undefined),
      },
    });
    try {
      const t = await discoverTopology(session);
      const routed = await session.cluster();
      await routed.set('spring:probe', 'x');
      assert.equal(await routed.get('spring:probe'), 'x');
      return t.nodes.length;
    } finally {
      await session.close();
    }
  }

  it('Boot 2 application.yml: seeds, passwordEnv, JKS trust store and PKCS#12 key store from classpath:', async () => {
    const r = importSpringConfig(project.boot2, { baseDir: project.root, env: { KEYSTORE_PASSWORD: KEY_PASS } });
    assert.equal(r.boot, 2);
    assert.deepEqual(r.profile, {
      name: 'orders',
      nodes: cluster()
        .ports.slice(0, 2)
        .map((p) => `127.0.0.1:${p}`),
      passwordEnv: 'REDIS_PASSWORD',
      tls: {
        trustStore: path.join('src', 'main', 'resources', 'ssl', 'redis-cluster-truststore.jks'),
        trustStorePasswordEnv: 'TRUSTSTORE_PASSWORD',
        pfx: path.join('src', 'main', 'resources', 'ssl', 'redis-cluster-keystore.p12'),
        pfxPasswordEnv: 'KEYSTORE_PASSWORD',
      },
    });
    // The default of ${TRUSTSTORE_PASSWORD:changeit} is a literal password: offered for SecretStorage, not in the profile.
    assert.equal(r.secrets.trustStore, TRUST_PASS);
    assert.ok(!JSON.stringify(r.profile).includes(TRUST_PASS));
    assert.ok(
      r.notes.some((n) => /Spring profiles prod were left out/.test(n)),
      r.notes.join('\n'),
    );
    assert.equal(await connects(r.profile, r.secrets), 3);
  });

  it('Boot 3 application-boot3.yaml with a JKS-type SSL bundle (PKCS#12 stores)', async () => {
    const r = importSpringConfig(project.boot3, { baseDir: project.root, env });
    assert.equal(r.boot, 3);
    assert.equal(r.profile.name, 'orders-boot3');
    assert.equal(r.profile.nodes.length, 2);
    assert.deepEqual(r.profile.tls, {
      trustStore: path.join('src', 'main', 'resources', 'ssl', 'redis-cluster-truststore.p12'),
      trustStorePasswordEnv: 'TRUSTSTORE_PASSWORD',
      trustStoreType: 'PKCS12',
      pfx: path.join('src', 'main', 'resources', 'ssl', 'redis-cluster-keystore.p12'),
      pfxPasswordEnv: 'KEYSTORE_PASSWORD',
    });
    assert.deepEqual(r.secrets, { password: undefined, pfx: undefined, trustStore: undefined });
    assert.equal(await connects(r.profile, {}), 3);
  });

  it('Boot 3 application-pem.properties with a PEM SSL bundle', async () => {
    const r = importSpringConfig(project.boot3Pem, { baseDir: project.root, env });
    assert.equal(r.profile.name, 'orders-service-pem');
    assert.match(r.profile.tls ? (r.profile.tls.ca ?? '') : '', /ssl[\\/]ca\.crt$/);
    assert.equal(await connects(r.profile, {}), 3);
  });

  it('CLI: import-spring FILE --json prints the profile; never a literal password', async () => {
    await exec('node', ['scripts/build.mjs']);
    const { stdout, stderr } = await exec('node', ['dist/cli.js', 'import-spring', project.boot2, '--json', '--base', project.root]);
    const profile = JSON.parse(stdout) as ClusterProfile;
    assert.equal(profile.name, 'orders');
    assert.equal(profile.tls && profile.tls.pfxPasswordEnv, 'KEYSTORE_PASSWORD');
    assert.match(stderr, /literal secrets found \(not printed\): trustStore/);
    assert.ok(!stdout.includes(TRUST_PASS) && !stderr.includes(TRUST_PASS));
    const human = await exec('node', ['dist/cli.js', 'import-spring', project.boot3]);
    assert.match(human.stdout, /Spring Boot 3 settings from/);
  });

  it("the seed's own application.yml (password and ssl under spring.redis.cluster) imports TLS and passwordEnv, and connects", async () => {
    const seeds = cluster()
      .ports.slice(0, 3)
      .map((p) => `127.0.0.1:${p}`);
    const file = writeSeedApplicationYml(project, seeds);
    const r = importSpringConfig(file, { env: { KEYSTORE_PASSWORD: KEY_PASS, TRUSTSTORE_PASSWORD: TRUST_PASS } });
    assert.equal(r.profile.name, 'seed-app');
    assert.deepEqual(r.profile.nodes, seeds);
    assert.equal(r.profile.passwordEnv, 'REDIS_CLUSTER_PASSWORD');
    assert.equal(r.profile.tls && r.profile.tls.trustStoreType, 'JKS');
    assert.ok(
      r.notes.some((n) => /Spring Boot itself does not bind/.test(n)),
      r.notes.join('\n'),
    );
    assert.equal(await connects(r.profile, {}), 3);
  });

  it('CLI: --set gives placeholders without defaults, --spring-profile layers application-{profile}; the result connects', async () => {
    await exec('node', ['scripts/build.mjs']);
    const dir = path.join(project.root, 'host-port', 'src', 'main', 'resources');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'application.yml');
    writeFileSync(file, 'spring:\n  data:\n    redis:\n      cluster:\n        nodes: "${REDIS_HOST}:${REDIS_PORT}"\n');
    writeFileSync(
      path.join(dir, 'application-cloud.properties'),
      [
        'spring.data.redis.password=${REDIS_PASSWORD}',
        'spring.data.redis.ssl.enabled=true',
        'spring.data.redis.ssl.bundle=redis',
        `spring.ssl.bundle.pem.redis.truststore.certificate=file:${path.join(project.resources, 'ssl', 'ca.crt')}`,
        `spring.ssl.bundle.pem.redis.keystore.certificate=file:${path.join(project.resources, 'ssl', 'client.crt')}`,
        `spring.ssl.bundle.pem.redis.keystore.private-key=file:${path.join(project.resources, 'ssl', 'client.key')}`,
        '',
      ].join('\n'),
    );
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'REDIS_HOST' && k !== 'REDIS_PORT'));
    const missing = await exec('node', ['dist/cli.js', 'import-spring', file, '--json'], { env: clean }).then(
      () => assert.fail('import-spring succeeded without REDIS_HOST'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no value for \$\{REDIS_HOST\}, \$\{REDIS_PORT\}/);
    assert.match(missing.stderr, /--set REDIS_HOST=VALUE/);
    const port = String(cluster().ports[0]);
    const args = ['dist/cli.js', 'import-spring', file, '--json', '--spring-profile', 'cloud', '--set', 'REDIS_HOST=127.0.0.1'];
    const { stdout } = await exec('node', [...args, '--set', `REDIS_PORT=${port}`], { env: clean });
    const profile = JSON.parse(stdout) as ClusterProfile;
    assert.deepEqual(profile.nodes, [`127.0.0.1:${port}`]);
    assert.equal(profile.name, 'host-port-cloud');
    assert.equal(profile.passwordEnv, 'REDIS_PASSWORD');
    assert.equal(await connects(profile, {}), 3);
  });

  it('bad input: malformed YAML, a missing store, a wrong store password', async () => {
    const bad = path.join(project.resources, 'application-bad.yml');
    writeFileSync(bad, 'spring:\n  redis:\n    cluster:\n      nodes: [127.0.0.1:1\n    password: secret-in-file\n');
    assert.throws(
      () => importSpringConfig(bad),
      (e: unknown) => e instanceof SpringConfigError && /not valid YAML/.test(e.message) && !e.message.includes('secret-in-file'),
    );

    const missing = path.join(project.resources, 'application-missing.yml');
    writeFileSync(
      missing,
      'spring.redis:\n  cluster.nodes: 127.0.0.1:1\n  ssl: true\n' +
        'app.ssl.trust-store: classpath:ssl/nope.jks\napp.ssl.trust-store-password: pw12345\n',
    );
    assert.throws(
      () => importSpringConfig(missing),
      (e: unknown) => {
        assert.ok(e instanceof SpringImportError);
        const notFound = new RegExp(
          /app\.ssl\.trust-store: store not found: .*src[\\/]main[\\/]resources[\\/]ssl[\\/]nope\.jks /.source +
            /\(classpath: is looked up in src\/main\/resources\)/.source,
        );
        assert.match(e.message, notFound);
        return true;
      },
    );

    const wrong = path.join(project.resources, 'application-wrong.properties');
    writeFileSync(
      wrong,
      [
        'spring.data.redis.cluster.nodes=127.0.0.1:1',
        'spring.data.redis.ssl.bundle=b',
        'spring.ssl.bundle.jks.b.truststore.location=classpath:ssl/redis-cluster-truststore.jks',
        'spring.ssl.bundle.jks.b.truststore.password=not-the-password',
        '',
      ].join('\n'),
    );
    assert.throws(
      () => importSpringConfig(wrong),
      (e: unknown) => {
        assert.ok(e instanceof SpringImportError);
        assert.match(e.message, /wrong password for tls\.trustStore .*redis-cluster-truststore\.jks/);
        assert.ok(!e.message.includes('not-the-password'));
        return true;
      },
    );
  });
});
