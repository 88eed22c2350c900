import { strict as assert } from 'node:assert';
import { SNIPPET_KINDS, connectionSnippet } from '../../src/commands/connectionSnippets';
import type { ClusterProfile } from '../../src/core/profile';

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
    assert.match(s, /^ {4}redis:\n {6}cluster:\n {8}nodes: 10\.0\.0\.1:6380,10\.0\.0\.2:6380$/m);
    assert.match(s, /password: \$\{PROD_REDIS_PASSWORD\}/);
    assert.match(s, /ssl:\n {8}enabled: true\n {8}bundle: redis-cluster/);
    assert.match(s, /certificate: file:\/etc\/redis\/ca\.crt/);
    assert.match(s, /private-key: file:\/etc\/redis\/client\.key/);
  });

  it('Spring Boot 2 uses spring.redis.cluster.* with ssl: true', () => {
    const s = connectionSnippet(mtls, 'spring-boot-2');
    assert.match(s, /^ {2}redis:\n {4}cluster:\n {6}nodes: /m);
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
});
