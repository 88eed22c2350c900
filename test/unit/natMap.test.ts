import { strict as assert } from 'node:assert';
import { dialTarget, seedServername } from '../../src/core/connection/natMap';
import { ProfileError, validateProfile } from '../../src/core/profiles/profile';

describe('natMap', () => {
  const profile = {
    name: 'p',
    nodes: ['127.0.0.1:17000'],
    tls: {},
    natMap: { 'node-0.redis.invalid:6379': '127.0.0.1:17000', '10.0.0.7': 'gateway.example', '[fd00::1]:7000': '[::1]:17001' },
  };

  it('maps by host name:port, ip:port, then host only (keeping the port)', () => {
    assert.deepEqual(dialTarget(profile, { host: '10.0.0.5', port: 6379 }, 'node-0.redis.invalid'), {
      hp: { host: '127.0.0.1', port: 17000 },
      servername: 'node-0.redis.invalid',
      mapped: true,
    });
    assert.deepEqual(dialTarget(profile, { host: '10.0.0.7', port: 6380 }), {
      hp: { host: 'gateway.example', port: 6380 },
      servername: undefined,
      mapped: true,
    });
    assert.deepEqual(dialTarget(profile, { host: 'fd00::1', port: 7000 }).hp, { host: '::1', port: 17001 });
  });

  it('leaves unmapped addresses alone but names hosts that announce a host name', () => {
    assert.deepEqual(dialTarget(profile, { host: '10.0.0.9', port: 6379 }, 'node-9.redis.invalid'), {
      hp: { host: '10.0.0.9', port: 6379 },
      servername: 'node-9.redis.invalid',
      mapped: false,
    });
    assert.equal(dialTarget({ ...profile, tls: { servername: 'fixed' } }, { host: '10.0.0.9', port: 1 }, 'n9').servername, 'fixed');
  });

  it('gives a seed the announced host name that maps onto it', () => {
    assert.equal(seedServername(profile, { host: '127.0.0.1', port: 17000 }), 'node-0.redis.invalid');
    assert.equal(seedServername(profile, { host: '127.0.0.1', port: 17009 }), undefined);
  });

  it('validates keys and values, and profiles carry it', () => {
    const problems = (natMap: unknown) => {
      try {
        validateProfile({ name: 'n', nodes: ['h:1'], natMap });
        return [];
      } catch (e) {
        return (e as ProfileError).problems;
      }
    };
    assert.deepEqual(problems({ 'a:1': 'b:2', c: 'd', '[::1]:7000': '::1' }), []);
    assert.equal(problems({ 'a:99999': 'b:2', 'x:1': 5 }).length, 2);
    assert.equal(problems(['x']).length, 1);
    assert.deepEqual(validateProfile({ name: 'n', nodes: ['h:1'], natMap: { 'a:1': 'b:2' } }).natMap, { 'a:1': 'b:2' });
    assert.throws(() => validateProfile({ name: 'n', nodes: ['h:1'], natMap: { 'a:1': '' } }), ProfileError);
  });

  it('key store fields: combinations and env names are checked', () => {
    assert.throws(() => validateProfile({ name: 'n', nodes: ['h:1'], tls: { pfx: 'a.p12', cert: 'c', key: 'k' } }), /not both/);
    assert.throws(() => validateProfile({ name: 'n', nodes: ['h:1'], tls: { trustStore: 't.jks', ca: 'ca.crt' } }), /not both/);
    assert.throws(
      () => validateProfile({ name: 'n', nodes: ['h:1'], tls: { trustStore: 't', trustStoreType: 'JCEKS' } }),
      /PKCS12" or "JKS/,
    );
    assert.throws(
      () => validateProfile({ name: 'n', nodes: ['h:1'], tls: { pfx: 'a', pfxPasswordEnv: 'bad name' } }),
      /environment variable/,
    );
    assert.throws(() => validateProfile({ name: 'n', nodes: ['h:1'], tls: { pfx: 'a', pfxPassword: 'secret' } }), /unknown field/);
  });
});
