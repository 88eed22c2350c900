// Java key stores in profiles against a mutual-TLS cluster: stores made by keytool at test time, and the
// clear errors for a wrong password, a wrong type and a trust store without the CA.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ClusterConnectionError } from '../../src/core/common/errors';
import { type StorePasswords, storePasswordsFromEnv } from '../../src/core/connection/javaStores';
import { type ClusterProfile, type TlsOptions, loadProfileFile } from '../../src/core/profiles/profile';
import { ClusterSession } from '../../src/core/connection/session';
import { discoverTopology } from '../../src/core/topology/topology';
import { privateCluster } from '../support/cluster';
import { keyStore, trustStore } from '../support/javaStores';
import { basePort } from '../support/ports';

const TRUST_PASS = 'trust-pass-1';
const KEY_PASS = 'key-pass-1';

describe('Java key stores in profiles (mutual TLS)', function () {
  this.timeout(120000);
  const cluster = privateCluster({ basePort: basePort('keyStoresMtls'), tls: 'mtls', masters: 3, replicasPerMaster: 0 });
  let base: ClusterProfile;
  let password: string;
  const stores: Record<string, string> = {};

  before(() => {
    const info = cluster();
    password = info.password;
    base = loadProfileFile(info.profilePath);
    const c = info.certs;
    if (!c?.otherCa) throw new Error('the mtls cluster has no test PKI');
    const f = (n: string) => path.join(info.dir, n);
    stores.trustJks = trustStore(c.ca, f('truststore.jks'), TRUST_PASS, 'JKS');
    stores.trustP12 = trustStore(c.ca, f('truststore.p12'), TRUST_PASS, 'PKCS12');
    stores.otherTrust = trustStore(c.otherCa, f('other-truststore.jks'), TRUST_PASS, 'JKS');
    stores.keyP12 = keyStore(c.clientCert, c.clientKey, f('keystore.p12'), KEY_PASS, 'PKCS12');
    stores.keyJks = keyStore(c.clientCert, c.clientKey, f('keystore.jks'), KEY_PASS, 'JKS');
    stores.pem = c.ca;
  });

  function profileWith(tls: TlsOptions): ClusterProfile {
    return { name: base.name, nodes: base.nodes, passwordEnv: base.passwordEnv, tls };
  }

  async function outcome(tls: TlsOptions, storePasswords: StorePasswords): Promise<ClusterConnectionError | number> {
    const session = new ClusterSession(profileWith(tls), { password, storePasswords, connectTimeoutMs: 3000 });
    try {
      const topo = await discoverTopology(session);
      const routed = await session.cluster();
      await routed.set('keystores:probe', 'ok');
      assert.equal(await routed.get('keystores:probe'), 'ok');
      return topo.nodes.length;
    } catch (e) {
      if (e instanceof ClusterConnectionError) return e;
      throw e;
    } finally {
      await session.close();
    }
  }

  async function failure(tls: TlsOptions, storePasswords: StorePasswords): Promise<ClusterConnectionError> {
    const r = await outcome(tls, storePasswords);
    if (typeof r === 'number') throw new Error('connection unexpectedly succeeded');
    for (const secret of [TRUST_PASS, KEY_PASS, password, 'wrong-pass'])
      assert.ok(!r.message.includes(secret), `message leaks a secret: ${r.message}`);
    return r;
  }

  it('connects with a JKS trust store and a PKCS#12 key store, and routes keys', async () => {
    assert.equal(await outcome({ trustStore: stores.trustJks, pfx: stores.keyP12 }, { trustStore: TRUST_PASS, pfx: KEY_PASS }), 3);
  });

  it('connects with a PKCS#12 trust store and a JKS key store', async () => {
    assert.equal(
      await outcome(
        { trustStore: stores.trustP12, trustStoreType: 'PKCS12', pfx: stores.keyJks },
        { trustStore: TRUST_PASS, pfx: KEY_PASS },
      ),
      3,
    );
  });

  it('reads the store passwords from the ...PasswordEnv variables of a profile file', async () => {
    const info = cluster();
    const file = path.join(info.dir, 'keystore-profile.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'ks',
        nodes: base.nodes,
        tls: {
          trustStore: 'truststore.jks',
          trustStorePasswordEnv: 'KS_TEST_TRUST_PASS',
          pfx: 'keystore.p12',
          pfxPasswordEnv: 'KS_TEST_PFX_PASS',
        },
      }),
    );
    const profile = loadProfileFile(file);
    const passwords = storePasswordsFromEnv(profile.tls, { KS_TEST_TRUST_PASS: TRUST_PASS, KS_TEST_PFX_PASS: KEY_PASS });
    assert.equal(await outcome(profile.tls || {}, passwords), 3);
  });

  it('a wrong trust store password says so and names the store', async () => {
    const e = await failure({ trustStore: stores.trustJks, pfx: stores.keyP12 }, { trustStore: 'wrong-pass', pfx: KEY_PASS });
    assert.equal(e.kind, 'keystore-password');
    assert.match(e.message, /wrong password for tls\.trustStore .*truststore\.jks/);
    assert.match(e.hint, /Set Key Store Password/);
  });

  it('a wrong PKCS#12 key store password says so', async () => {
    const e = await failure({ trustStore: stores.trustJks, pfx: stores.keyP12 }, { trustStore: TRUST_PASS, pfx: 'wrong-pass' });
    assert.equal(e.kind, 'keystore-password');
    assert.match(e.message, /tls\.pfx .*keystore\.p12/);
  });

  it('a missing key store password says none was given', async () => {
    const e = await failure({ trustStore: stores.trustP12, pfx: stores.keyP12 }, { trustStore: TRUST_PASS });
    assert.equal(e.kind, 'keystore-password');
    assert.match(e.message, /none was given/);
  });

  it('a store of the wrong type: declared JKS but PKCS#12, a PEM file, a trust store as key store', async () => {
    const declared = await failure(
      { trustStore: stores.trustP12, trustStoreType: 'JKS', pfx: stores.keyP12 },
      { trustStore: TRUST_PASS, pfx: KEY_PASS },
    );
    assert.equal(declared.kind, 'keystore-type');
    assert.match(declared.message, /is a PKCS12 store, but the profile says JKS/);
    const pem = await failure({ trustStore: stores.pem, pfx: stores.keyP12 }, { trustStore: TRUST_PASS, pfx: KEY_PASS });
    assert.equal(pem.kind, 'keystore-type');
    assert.match(pem.message, /neither a PKCS#12 nor a JKS key store/);
    assert.match(pem.hint, /tls\.ca/);
    const trustAsKey = await failure({ trustStore: stores.trustJks, pfx: stores.trustP12 }, { trustStore: TRUST_PASS, pfx: TRUST_PASS });
    assert.equal(trustAsKey.kind, 'keystore-type');
    assert.match(trustAsKey.message, /holds no private key/);
  });

  it('a trust store without the cluster CA names the store and what it holds', async () => {
    const e = await failure({ trustStore: stores.otherTrust, pfx: stores.keyP12 }, { trustStore: TRUST_PASS, pfx: KEY_PASS });
    assert.equal(e.kind, 'keystore-no-ca');
    assert.match(e.message, /not signed by a CA in tls\.trustStore .*other-truststore\.jks/);
    assert.match(e.message, /it holds: CN=redis-cluster-test-other-ca/);
    assert.match(e.hint, /keytool -importcert/);
  });

  it('a missing store file is named', async () => {
    const e = await failure({ trustStore: '/nonexistent/truststore.jks', pfx: stores.keyP12 }, { trustStore: TRUST_PASS, pfx: KEY_PASS });
    assert.equal(e.kind, 'keystore-missing');
    assert.match(e.message, /\/nonexistent\/truststore\.jks \(ENOENT\)/);
  });
});
