// TLS stores from Spring settings: Boot 3 SSL bundles (spring.ssl.bundle.jks|pem.<name>), or Boot 2 apps' own
// trust-store / key-store keys; and a check that opens the stores whose passwords are known at import time.
import { ClusterConnectionError } from '../common/errors';
import { readKeyStore, readTrustStore } from '../connection/javaStores';
import type { TlsOptions } from '../profiles/profile';
import type { SpringProperty } from './config';
import { type Importer, findByLastSegment } from './importer';

export interface SpringSecrets {
  password?: string;
  pfx?: string;
  trustStore?: string;
}

function storeType(imp: Importer, p: SpringProperty | undefined): 'PKCS12' | 'JKS' | undefined {
  if (!p) return undefined;
  const t = imp.text(p)?.toUpperCase().replace('PKCS#12', 'PKCS12');
  if (t === 'PKCS12' || t === 'JKS') return t;
  imp.problems.push(`${p.key}: store type "${p.value}" is not supported (PKCS12 or JKS)`);
  return undefined;
}

export interface Stores {
  tls: TlsOptions;
  secrets: SpringSecrets;
}

export function bundleStores(imp: Importer, bundle: string): Stores {
  const jks = `spring.ssl.bundle.jks.${bundle}`;
  const pem = `spring.ssl.bundle.pem.${bundle}`;
  const tls: TlsOptions = {};
  const secrets: SpringSecrets = {};
  const p = imp.props;
  if (p.entries(`${jks}.`).length) {
    const trust = p.get(`${jks}.truststore.location`);
    if (trust) {
      tls.trustStore = imp.location(trust);
      tls.trustStoreType = storeType(imp, p.get(`${jks}.truststore.type`));
      const s = imp.secret(p.get(`${jks}.truststore.password`));
      tls.trustStorePasswordEnv = s.env;
      secrets.trustStore = s.literal;
    }
    const key = p.get(`${jks}.keystore.location`);
    if (key) {
      tls.pfx = imp.location(key);
      const s = imp.secret(p.get(`${jks}.keystore.password`));
      tls.pfxPasswordEnv = s.env;
      secrets.pfx = s.literal;
      if (p.get(`${jks}.key.password`))
        imp.notes.push(`${jks}.key.password: a key password apart from the store password is not used; the store password opens the key`);
    }
  } else if (p.entries(`${pem}.`).length) {
    const file = (k: string) => {
      const prop = p.get(`${pem}.${k}`);
      return prop ? imp.location(prop) : undefined;
    };
    tls.ca = file('truststore.certificate');
    tls.cert = file('keystore.certificate');
    tls.key = file('keystore.private-key');
    if (p.get(`${pem}.keystore.private-key-password`))
      imp.problems.push(
        `${pem}.keystore.private-key-password: encrypted PEM keys are not supported; decrypt the key or use a PKCS#12 key store`,
      );
  } else
    imp.problems.push(
      `spring.data.redis.ssl.bundle names "${bundle}", but there is no spring.ssl.bundle.jks.${bundle} or spring.ssl.bundle.pem.${bundle}`,
    );
  return { tls, secrets };
}

/** Boot 2 has no SSL bundles: apps name their stores under their own keys (trust-store, key-store, ...). */
export function looseStores(imp: Importer): Stores {
  const tls: TlsOptions = {};
  const secrets: SpringSecrets = {};
  const trust = findByLastSegment(imp.props, ['trust-store', 'truststore', 'trust-store-location']);
  if (trust) {
    tls.trustStore = imp.location(trust);
    tls.trustStoreType = storeType(imp, findByLastSegment(imp.props, ['trust-store-type', 'truststore-type']));
    const s = imp.secret(findByLastSegment(imp.props, ['trust-store-password', 'truststore-password']));
    tls.trustStorePasswordEnv = s.env;
    secrets.trustStore = s.literal;
    imp.notes.push(`trust store from ${trust.key}`);
  }
  const key = findByLastSegment(imp.props, ['key-store', 'keystore', 'key-store-location']);
  if (key) {
    tls.pfx = imp.location(key);
    const s = imp.secret(findByLastSegment(imp.props, ['key-store-password', 'keystore-password']));
    tls.pfxPasswordEnv = s.env;
    secrets.pfx = s.literal;
    imp.notes.push(`key store from ${key.key}`);
  }
  return { tls, secrets };
}

/** Opens the stores whose passwords are known here, so a wrong password shows at import, not at connect. */
export function checkStores(imp: Importer, tls: TlsOptions, secrets: SpringSecrets): void {
  const check = (field: 'pfx' | 'trustStore', known: string | undefined, env: string | undefined) => {
    const password = known ?? (env ? imp.env[env] : undefined);
    if (password === undefined) {
      imp.notes.push(`tls.${field} was not opened: its password comes from ${env ?? 'nowhere'}${env ? ', which is not set here' : ''}`);
      return;
    }
    try {
      if (field === 'pfx') readKeyStore(tls, password);
      else readTrustStore(tls, password);
    } catch (e) {
      imp.problems.push(e instanceof ClusterConnectionError ? e.message : String(e));
    }
  };
  if (tls.trustStore) check('trustStore', secrets.trustStore, tls.trustStorePasswordEnv);
  if (tls.pfx) check('pfx', secrets.pfx, tls.pfxPasswordEnv);
}
