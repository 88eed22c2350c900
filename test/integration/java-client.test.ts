// Exported Java key stores and the Spring Boot settings that name them, proven with a real JVM client: the
// stores are written from the profile's PEM files, the Spring Boot 3 snippet is generated for them, and a Java
// program compiled with javac at test time opens an SSLSocket to every node with exactly those settings, sends
// AUTH and PING, and checks the replies. The same stores also work as a profile's tls.trustStore/tls.pfx.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { connectionSnippet } from '../../src/commands/connectionSnippets';
import { exportJavaStores } from '../../src/core/connection/javaStoreExport';
import type { ClusterProfile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { address, discoverTopology } from '../../src/core/topology/topology';
import { privateCluster } from '../support/cluster';
import { basePort } from '../support/ports';

const exec = promisify(execFile);
const STORE_PASS = 'exported-pass-1';

interface JksStore {
  location: string;
  password: string;
  type?: string;
}

describe('Exported Java key stores with a real JVM client (mutual TLS)', function () {
  this.timeout(180000);
  const cluster = privateCluster({ basePort: basePort('javaClient'), tls: 'mtls', masters: 3, replicasPerMaster: 0 });
  let classes: string;
  let nodes: string[];
  let spring: { nodes: string[]; truststore: JksStore; keystore: JksStore };
  let exported: { trustStore: string; keyStore?: string };

  before(async () => {
    const info = cluster();
    const c = info.certs;
    if (!c) throw new Error('no certificates');
    const dir = path.join(info.dir, 'exported');
    mkdirSync(dir, { recursive: true });
    exported = exportJavaStores({ ca: c.ca, cert: c.clientCert, key: c.clientKey }, dir, STORE_PASS);
    classes = path.join(info.dir, 'java-classes');
    mkdirSync(classes, { recursive: true });
    try {
      await exec('javac', ['-d', classes, path.join(__dirname, '..', 'support', 'java', 'RedisPing.java')]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('javac not found: install a JDK (Debian: openjdk-17-jdk-headless; .ci/run does)');
      throw e;
    }
    const profile: ClusterProfile = {
      name: 'java',
      nodes: info.ports.map((p) => `127.0.0.1:${p}`),
      passwordEnv: 'REDIS_PASSWORD',
      tls: {
        trustStore: exported.trustStore,
        trustStoreType: 'PKCS12',
        trustStorePasswordEnv: 'TRUST_PASS',
        pfx: exported.keyStore,
        pfxPasswordEnv: 'KEY_PASS',
      },
    };
    const yaml = parse(connectionSnippet(profile, 'spring-boot-3')) as {
      spring: {
        data: { redis: { cluster: { nodes: string[] } } };
        ssl: { bundle: { jks: Record<string, { truststore: JksStore; keystore: JksStore }> } };
      };
    };
    const bundle = yaml.spring.ssl.bundle.jks['redis-cluster'];
    spring = { nodes: yaml.spring.data.redis.cluster.nodes, truststore: bundle.truststore, keystore: bundle.keystore };
    const session = new ClusterSession(profile, { password: info.password, storePasswords: { trustStore: STORE_PASS, pfx: STORE_PASS } });
    try {
      nodes = (await discoverTopology(session)).nodes.map(address);
    } finally {
      await session.close();
    }
  });

  function java(trust: JksStore, key: JksStore | undefined, targets: string[]) {
    const env = { ...process.env, TRUST_PASS: STORE_PASS, KEY_PASS: STORE_PASS, REDIS_PASSWORD: cluster().password };
    const file = (l: string) => l.replace(/^file:/, '');
    return exec(
      'java',
      [
        '-cp',
        classes,
        'RedisPing',
        trust.type ?? 'PKCS12',
        file(trust.location),
        key?.type ?? 'PKCS12',
        key ? file(key.location) : '-',
        ...targets,
      ],
      { env, timeout: 60000 },
    );
  }

  it('the Spring Boot 3 snippet names the exported stores as a PKCS#12 JKS-style bundle with ${...} passwords', () => {
    assert.equal(spring.truststore.location, `file:${exported.trustStore}`);
    assert.equal(spring.truststore.password, '${TRUST_PASS}');
    assert.equal(spring.keystore.type, 'PKCS12');
    assert.deepEqual(
      spring.nodes,
      cluster().ports.map((p) => `127.0.0.1:${p}`),
    );
  });

  it('a JVM opens an SSLSocket to every node with those stores: AUTH +OK, PING +PONG', async () => {
    assert.equal(nodes.length, 3);
    const { stdout } = await java(spring.truststore, spring.keystore, nodes);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, nodes.length, stdout);
    for (const [i, line] of lines.entries())
      assert.match(line, new RegExp(`^${nodes[i].replace(/\./g, '\\.')} \\+OK \\+PONG TLSv1\\.[23]$`));
  });

  it('without the key store the server refuses the JVM (mutual TLS), so the key store is what lets it in', async () => {
    await assert.rejects(java(spring.truststore, undefined, nodes.slice(0, 1)), (e: { stderr?: string; stdout?: string }) => {
      assert.doesNotMatch(e.stdout ?? '', /\+PONG/);
      assert.match(e.stderr ?? '', /SSL|Socket|certificate|Connection reset|Broken pipe|closed/i);
      return true;
    });
  });
});
