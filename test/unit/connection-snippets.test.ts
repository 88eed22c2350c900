import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import { SNIPPET_KINDS, connectionSnippet } from '../../src/commands/connectionSnippets';
import type { ClusterProfile } from '../../src/core/profiles/profile';

const mtls: ClusterProfile = {
  name: 'prod',
  nodes: ['10.0.0.1:6380', '10.0.0.2:6380'],
  username: 'app',
  passwordEnv: 'PROD_REDIS_PASSWORD',
  tls: { ca: '/etc/redis/ca.crt', cert: '/etc/redis/client.crt', key: '/etc/redis/client.key', servername: 'redis.internal' },
};

describe('connection snippets', () => {
  it('Spring Boot 3 uses spring.data.redis.cluster.* and a PEM SSL bundle', () => {
    const s = connectionSnippet(mtls, 'spring-boot-3');
    assert.match(s, /^ {4}redis:\n {6}cluster:\n {8}nodes:\n {10}- 10\.0\.0\.1:6380\n {10}- 10\.0\.0\.2:6380$/m);
    assert.match(s, /password: \$\{PROD_REDIS_PASSWORD\}/);
    assert.match(s, /ssl:\n {8}enabled: true\n {8}bundle: redis-cluster/);
    assert.match(s, /certificate: file:\/etc\/redis\/ca\.crt/);
    assert.match(s, /private-key: file:\/etc\/redis\/client\.key/);
  });

  it('Spring Boot 2 uses spring.redis.cluster.* with ssl: true', () => {
    const s = connectionSnippet(mtls, 'spring-boot-2');
    assert.match(s, /^ {2}redis:\n {4}cluster:\n {6}nodes:\n/m);
    assert.match(s, /^ {4}ssl: true$/m);
  });

  it('Lettuce and ioredis read the password from the environment', () => {
    assert.match(connectionSnippet(mtls, 'lettuce'), /withAuthentication\("app", System\.getenv\("PROD_REDIS_PASSWORD"\)\)/);
    assert.match(connectionSnippet(mtls, 'lettuce'), /keyManager\(new File\("\/etc\/redis\/client\.crt"\)/);
    const io = connectionSnippet(mtls, 'ioredis');
    assert.match(io, /password: process\.env\.PROD_REDIS_PASSWORD/);
    assert.match(io, /servername: 'redis\.internal'/);
    assert.match(io, /\{ host: '10\.0\.0\.2', port: 6380 \}/);
  });

  it('never contains a password, even when one is set in the environment', () => {
    process.env.PROD_REDIS_PASSWORD = 's3cret-value-xyz';
    try {
      for (const k of SNIPPET_KINDS) assert.doesNotMatch(connectionSnippet(mtls, k.id), /s3cret-value-xyz/, k.label);
    } finally {
      delete process.env.PROD_REDIS_PASSWORD;
    }
  });

  it('uses a placeholder variable when the profile names none, and flags insecure TLS', () => {
    const p: ClusterProfile = { name: 'x', nodes: ['h:1'], tls: { rejectUnauthorized: false } };
    assert.match(connectionSnippet(p, 'ioredis'), /process\.env\.REDIS_PASSWORD[\s\S]*rejectUnauthorized: false \/\* INSECURE \*\//);
    assert.match(connectionSnippet(p, 'lettuce'), /withVerifyPeer\(false\)/);
  });

  it('IPv6 seeds, quotes and Windows paths stay intact: YAML parses back, JS and Java literals round-trip', () => {
    const p: ClusterProfile = {
      name: 'w',
      nodes: ['[::1]:7000', '10.0.0.2:6380'],
      username: "o'brien",
      passwordEnv: 'PW',
      tls: { ca: 'C:\\certs\\ca "x".pem', cert: 'C:\\c.crt', key: 'C:\\c.key', servername: 'redis.internal' },
      natMap: { 'node-0.redis.invalid:6379': '127.0.0.1:7000' },
    };
    for (const kind of ['spring-boot-3', 'spring-boot-2'] as const) {
      const y = parse(connectionSnippet(p, kind)) as {
        spring: { data?: { redis: { cluster: { nodes: string[] } } }; redis?: { cluster: { nodes: string[] } } };
      };
      const redis = y.spring.data?.redis ?? y.spring.redis;
      assert.deepEqual(redis?.cluster.nodes, ['[::1]:7000', '10.0.0.2:6380'], kind);
    }
    const boot3 = parse(connectionSnippet(p, 'spring-boot-3')) as {
      spring: { ssl: { bundle: { pem: Record<string, { truststore: { certificate: string } }> } } };
    };
    assert.equal(boot3.spring.ssl.bundle.pem['redis-cluster'].truststore.certificate, 'file:C:/certs/ca "x".pem');
    const js = connectionSnippet(p, 'ioredis');
    // Syntax check only: the function is built, never called.
    assert.doesNotThrow(() => new Function('require', 'process', js));
    assert.match(js, /host: '::1', port: 7000/);
    assert.match(js, /'node-0\.redis\.invalid:6379': \{ host: '127\.0\.0\.1', port: 7000 \}/);
    const java = connectionSnippet(p, 'lettuce');
    const lit = /new File\(("(?:[^"\\]|\\.)*")\)/.exec(java)?.[1] ?? '';
    assert.equal(JSON.parse(lit), 'C:\\certs\\ca "x".pem');
    assert.match(java, /RedisURI\.Builder\.redis\("::1", 7000\)/);
  });

  it('key stores: a JKS bundle for Boot 3, JVM flags for Boot 2, truststore/keystore for Lettuce, pfx for ioredis', () => {
    const p: ClusterProfile = {
      name: 'k',
      nodes: ['h:1'],
      tls: { trustStore: '/s/t.jks', trustStoreType: 'JKS', trustStorePasswordEnv: 'TP', pfx: '/s/k.p12', pfxPasswordEnv: 'KP' },
    };
    const y = parse(connectionSnippet(p, 'spring-boot-3')) as {
      spring: { ssl: { bundle: { jks: Record<string, Record<string, Record<string, string>>> } } };
    };
    assert.deepEqual(y.spring.ssl.bundle.jks['redis-cluster'].truststore, { location: 'file:/s/t.jks', password: '${TP}', type: 'JKS' });
    assert.deepEqual(y.spring.ssl.bundle.jks['redis-cluster'].keystore, { location: 'file:/s/k.p12', password: '${KP}', type: 'PKCS12' });
    assert.match(connectionSnippet(p, 'spring-boot-2'), /-Djavax\.net\.ssl\.trustStore=\/s\/t\.jks/);
    assert.match(connectionSnippet(p, 'lettuce'), /\.truststore\(new File\("\/s\/t\.jks"\), System\.getenv\("TP"\)\)/);
    assert.match(connectionSnippet(p, 'ioredis'), /pfx: fs\.readFileSync\('\/s\/k\.p12'\), passphrase: process\.env\.KP/);
  });
});
