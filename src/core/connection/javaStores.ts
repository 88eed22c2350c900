// Java key stores read into what Node's TLS takes: a PKCS#12 key store goes to Node as `pfx` (OpenSSL reads it),
// a JKS key store and every trust store are read by jks-js (JKS and PKCS#12) into PEM. No crypto is done here.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, createSecureContext } from 'node:tls';
import { jksLib } from '../common/lazyDeps';
import { ClusterConnectionError } from '../common/errors';
import type { TlsOptions } from '../profiles/profile';

export type StoreType = 'PKCS12' | 'JKS';

/** Passwords of a profile's stores, from SecretStorage or the `...PasswordEnv` variables. Never in settings. */
export interface StorePasswords {
  pfx?: string;
  trustStore?: string;
}

/** JKS starts with the magic 0xFEEDFEED, JCEKS with 0xCECECECE; PKCS#12 is a DER SEQUENCE. */
export function detectStoreType(data: Buffer): StoreType | 'JCEKS' | undefined {
  if (data.length < 4) return undefined;
  const magic = data.readUInt32BE(0);
  if (magic === 0xfeedfeed) return 'JKS';
  if (magic === 0xcececece) return 'JCEKS';
  // A DER SEQUENCE; whether it really is a PFX shows when it is opened.
  if (data[0] === 0x30) return 'PKCS12';
  return undefined;
}

export function storePasswordsFromEnv(tls: TlsOptions | false | undefined, env: NodeJS.ProcessEnv = process.env): StorePasswords {
  if (!tls) return {};
  return {
    pfx: tls.pfxPasswordEnv ? env[tls.pfxPasswordEnv] : undefined,
    trustStore: tls.trustStorePasswordEnv ? env[tls.trustStorePasswordEnv] : undefined,
  };
}

function fail(
  kind: 'keystore-password' | 'keystore-type' | 'keystore-no-ca' | 'keystore-missing',
  message: string,
  hint: string,
  cause?: unknown,
): never {
  throw new ClusterConnectionError(kind, undefined, message, hint, cause);
}

function readStore(file: string, field: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    return fail(
      'keystore-missing',
      `cannot read tls.${field} ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      `Fix the tls.${field} path in the profile`,
      e,
    );
  }
}

const PASSWORD_ERRORS = /Password verification failed|MAC could not be verified|mac verify failure|Invalid password|bad decrypt/i;

function passwordHint(field: 'pfx' | 'trustStore', tls: TlsOptions): string {
  const env = field === 'pfx' ? tls.pfxPasswordEnv : tls.trustStorePasswordEnv;
  return (
    `Set the store password with "Redis Cluster: Set Key Store Password"` +
    `${env ? ` or in the ${env} variable` : ` or name a variable in tls.${field}PasswordEnv`}`
  );
}

function checkType(data: Buffer, file: string, field: 'pfx' | 'trustStore', declared?: StoreType): StoreType {
  const found = detectStoreType(data);
  if (found === 'JCEKS')
    fail(
      'keystore-type',
      `tls.${field} ${file} is a JCEKS store, which is not supported`,
      `Convert it: keytool -importkeystore -srckeystore ${file} -srcstoretype JCEKS -destkeystore store.p12 -deststoretype PKCS12`,
    );
  if (!found)
    fail(
      'keystore-type',
      `tls.${field} ${file} is neither a PKCS#12 nor a JKS key store`,
      field === 'pfx'
        ? 'Point tls.pfx at a .p12/.pfx key store, or use tls.cert and tls.key for PEM files'
        : 'Point tls.trustStore at a .p12 or .jks trust store, or use tls.ca for a PEM file',
    );
  if (declared && declared !== found)
    fail(
      'keystore-type',
      `tls.${field} ${file} is a ${found} store, but the profile says ${declared}`,
      `Set tls.trustStoreType to "${found}" or remove it`,
    );
  return found;
}

function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** The CA certificates of a trust store, as PEM. Throws a classified error for a bad type, password or empty store. */
export function readTrustStore(tls: TlsOptions, password: string | undefined): string[] {
  const file = tls.trustStore;
  if (!file) return [];
  const data = readStore(file, 'trustStore');
  checkType(data, file, 'trustStore', tls.trustStoreType);
  let entries: ReturnType<ReturnType<typeof jksLib>['toPem']>;
  try {
    entries = jksLib().toPem(data, password ?? '');
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (PASSWORD_ERRORS.test(text) || password === undefined) {
      fail(
        'keystore-password',
        `wrong password for tls.trustStore ${file}${password === undefined ? ' (none was given)' : ''}`,
        passwordHint('trustStore', tls),
        e,
      );
    }
    return fail(
      'keystore-type',
      `cannot read tls.trustStore ${file} (${text})`,
      'Check that the file is an intact PKCS#12 or JKS store',
      e,
    );
  }
  const certs = Object.values(entries).flatMap((entry) => [...pemCertificates(entry.ca ?? ''), ...pemCertificates(entry.cert ?? '')]);
  if (!certs.length)
    fail(
      'keystore-no-ca',
      `tls.trustStore ${file} holds no certificate`,
      'Import the CA that signed the server certificates: keytool -importcert -alias redis-ca -file ca.crt -keystore <store>',
    );
  return certs;
}

export interface KeyStoreMaterial {
  pfx?: Buffer;
  passphrase?: string;
  cert?: string;
  key?: string;
}

/** The client certificate and key of a key store. PKCS#12 is handed to OpenSSL as is, after a check that it opens. */
export function readKeyStore(tls: TlsOptions, password: string | undefined): KeyStoreMaterial {
  const file = tls.pfx;
  if (!file) return {};
  const data = readStore(file, 'pfx');
  const type = checkType(data, file, 'pfx');
  if (type === 'PKCS12') {
    try {
      createSecureContext({ pfx: data, passphrase: password ?? '' });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      if (PASSWORD_ERRORS.test(text))
        fail(
          'keystore-password',
          `wrong password for tls.pfx ${file}${password === undefined ? ' (none was given)' : ''}`,
          passwordHint('pfx', tls),
          e,
        );
      if (/private key/i.test(text))
        fail(
          'keystore-type',
          `tls.pfx ${file} holds no private key (is it a trust store?)`,
          'Point tls.pfx at the key store with the client certificate and its key; a trust store goes to tls.trustStore',
          e,
        );
      fail('keystore-type', `tls.pfx ${file} cannot be loaded (${text})`, 'Check that the file is an intact PKCS#12 key store', e);
    }
    return { pfx: data, passphrase: password ?? '' };
  }
  let entries: ReturnType<ReturnType<typeof jksLib>['toPem']>;
  try {
    entries = jksLib().toPem(data, password ?? '');
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (PASSWORD_ERRORS.test(text) || password === undefined)
      fail('keystore-password', `wrong password for tls.pfx ${file}`, passwordHint('pfx', tls), e);
    return fail('keystore-type', `cannot read tls.pfx ${file} (${text})`, 'Check that the file is an intact JKS key store', e);
  }
  const withKey = Object.values(entries).find((entry) => entry.key && entry.cert);
  if (!withKey)
    fail(
      'keystore-type',
      `tls.pfx ${file} holds no private key (is it a trust store?)`,
      'Point tls.pfx at the key store with the client certificate and its key',
    );
  return { cert: withKey.cert, key: withKey.key };
}

/** Subjects of PEM certificates, for messages ("it holds: CN=..."). */
export function subjects(pems: string[]): string[] {
  return pems.map((p) => {
    try {
      return new X509Certificate(p).subject.replace(/\n/g, ', ');
    } catch {
      return '(unreadable certificate)';
    }
  });
}

/** TLS options from the profile's key stores (empty when it has none). */
export function keyStoreTlsOptions(
  tls: TlsOptions,
  passwords: StorePasswords = {},
): Pick<ConnectionOptions, 'ca' | 'pfx' | 'passphrase' | 'cert' | 'key'> {
  const out: Pick<ConnectionOptions, 'ca' | 'pfx' | 'passphrase' | 'cert' | 'key'> = {};
  if (tls.trustStore) out.ca = readTrustStore(tls, passwords.trustStore);
  if (tls.pfx) Object.assign(out, readKeyStore(tls, passwords.pfx));
  return out;
}

/** A verification failure against a trust store says which store and what it holds. */
export function explainTrustFailure(
  error: ClusterConnectionError,
  tls: TlsOptions | false | undefined,
  passwords: StorePasswords = {},
): ClusterConnectionError {
  if (error.kind !== 'tls-verify' || !tls || !tls.trustStore) return error;
  let held: string[] = [];
  try {
    held = subjects(readTrustStore(tls, passwords.trustStore));
  } catch {
    // The store loaded for the connection, so this does not fail; the message just lists nothing then.
  }
  return new ClusterConnectionError(
    'keystore-no-ca',
    error.node,
    `TLS: the server certificate is not signed by a CA in tls.trustStore ${tls.trustStore}` +
      `${held.length ? ` (it holds: ${held.join('; ')})` : ''}`,
    'Import the CA that signed the server certificates: keytool -importcert -alias redis-ca -file ca.crt -keystore <trust store>',
    error,
  );
}
