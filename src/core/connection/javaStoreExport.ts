// PKCS#12 stores for Java apps, written from a profile's PEM files: a trust store with the CA certificates and,
// for mutual TLS, a key store with the client key and certificate. The encryption, key derivation and MAC are
// node-forge's (PBES2 AES-256-CBC with PBKDF2-HMAC-SHA256, the PKCS#12 MAC with HMAC-SHA256); this file only lays
// out the PKCS#12 structure, because forge's own writer takes RSA keys only. Trusted certificates carry the
// attribute Java needs to treat a certificate entry as trusted (as keytool writes it).
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Forge from 'node-forge';
import { forgeLib } from '../common/lazyDeps';
import { RedisClusterError } from '../common/errors';

/** The profile's PEM files cannot become Java stores; the hint (appended to the message) names the field to fix. */
export class JavaStoreExportError extends RedisClusterError {
  override name = 'JavaStoreExportError';
  constructor(message: string, hint: string) {
    super('profile', `${message}. ${hint}`, hint);
  }
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** Oracle's "trusted key usage" bag attribute; its value anyExtendedKeyUsage marks a trusted certificate. */
  javaTrusted: '2.16.840.1.113894.746875.1.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
  sha256: '2.16.840.1.101.3.4.2.1',
};
const ITERATIONS = 10000;

type Asn1 = Forge.asn1.Asn1;
const asn1 = (): typeof Forge.asn1 => forgeLib().asn1;
const seq = (items: Asn1[]): Asn1 => asn1().create(asn1().Class.UNIVERSAL, asn1().Type.SEQUENCE, true, items);
const set = (items: Asn1[]): Asn1 => asn1().create(asn1().Class.UNIVERSAL, asn1().Type.SET, true, items);
const oid = (o: string): Asn1 => asn1().create(asn1().Class.UNIVERSAL, asn1().Type.OID, false, asn1().oidToDer(o).getBytes());
const octets = (bytes: string): Asn1 => asn1().create(asn1().Class.UNIVERSAL, asn1().Type.OCTETSTRING, false, bytes);
const explicit0 = (inner: Asn1): Asn1 => asn1().create(asn1().Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const int = (n: number): Asn1 => asn1().create(asn1().Class.UNIVERSAL, asn1().Type.INTEGER, false, asn1().integerToDer(n).getBytes());
const der = (a: Asn1): string => asn1().toDer(a).getBytes();
const bin = (b: Buffer): string => b.toString('binary');

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}

function friendlyName(name: string): Asn1 {
  // forge writes a BMPSTRING value as UTF-16 itself.
  return attribute(OID.friendlyName, asn1().create(asn1().Class.UNIVERSAL, asn1().Type.BMPSTRING, false, name));
}

function certBag(certDer: Buffer, attributes: Asn1[]): Asn1 {
  const value = seq([oid(OID.x509Certificate), explicit0(octets(bin(certDer)))]);
  return seq([oid(OID.certBag), explicit0(value), ...(attributes.length ? [set(attributes)] : [])]);
}

function dataContent(safeContents: Asn1): Asn1 {
  return seq([oid(OID.data), explicit0(octets(der(safeContents)))]);
}

/** PFX with a SHA-256 MAC over the authenticated safe. */
function pfx(bags: Asn1[], password: string): Buffer {
  const authSafe = der(seq([dataContent(seq(bags))]));
  const salt = bin(randomBytes(16));
  const md = forgeLib().md.sha256.create();
  const macKey = forgeLib().pkcs12.generateKey(password, forgeLib().util.createBuffer(salt), 3, ITERATIONS, 32, md);
  const hmac = forgeLib().hmac.create();
  hmac.start(md, macKey);
  hmac.update(authSafe);
  const macData = seq([
    seq([seq([oid(OID.sha256), asn1().create(asn1().Class.UNIVERSAL, asn1().Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(salt),
    int(ITERATIONS),
  ]);
  return Buffer.from(der(seq([int(3), seq([oid(OID.data), explicit0(octets(authSafe))]), macData])), 'binary');
}

/** Every certificate in a PEM file, as DER. */
export function pemCertificatesDer(pemText: string): Buffer[] {
  return (pemText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p).raw);
}

/** A PKCS#12 trust store Java accepts as trusted certificate entries (aliases alias, alias-2, ...). */
export function trustStorePkcs12(caPem: string, password: string, alias = 'redis-ca'): Buffer {
  const certs = pemCertificatesDer(caPem);
  if (!certs.length) throw new JavaStoreExportError('the CA file holds no PEM certificate', 'Point tls.ca at a PEM file of the CA');
  const trusted = attribute(OID.javaTrusted, oid(OID.anyExtendedKeyUsage));
  return pfx(
    certs.map((c, i) => certBag(c, [friendlyName(i ? `${alias}-${i + 1}` : alias), trusted])),
    password,
  );
}

/** A PKCS#12 key store with one key entry: the private key (any type) and its certificate chain. */
export function keyStorePkcs12(certPem: string, keyPem: string, password: string, alias = 'redis-client'): Buffer {
  const chain = pemCertificatesDer(certPem);
  if (!chain.length) throw new JavaStoreExportError('the certificate file holds no PEM certificate', 'Point tls.cert at a PEM certificate');
  const pkcs8 = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
  const encrypted = forgeLib().pki.encryptPrivateKeyInfo(asn1().fromDer(bin(pkcs8)), password, {
    algorithm: 'aes256',
    prfAlgorithm: 'sha256',
    count: ITERATIONS,
  });
  const keyId = forgeLib().md.sha1.create().update(bin(chain[0])).digest().getBytes();
  const attrs = [attribute(OID.localKeyId, octets(keyId)), friendlyName(alias)];
  const keyBag = seq([oid(OID.shroudedKeyBag), explicit0(encrypted), set(attrs)]);
  return pfx([keyBag, ...chain.map((c, i) => certBag(c, i === 0 ? attrs : []))], password);
}

export interface ExportedStores {
  trustStore: string;
  keyStore?: string;
}

/** Writes redis-truststore.p12 (and redis-keystore.p12 when the profile has a client certificate) into `dir`. */
export function exportJavaStores(tls: { ca?: string; cert?: string; key?: string }, dir: string, password: string): ExportedStores {
  if (!tls.ca) {
    throw new JavaStoreExportError(
      'the profile has no tls.ca to put into a trust store',
      'Set tls.ca in the profile to the CA of the servers',
    );
  }
  const trustStore = path.join(dir, 'redis-truststore.p12');
  writeFileSync(trustStore, trustStorePkcs12(readFileSync(tls.ca, 'utf8'), password), { mode: 0o600 });
  if (!tls.cert || !tls.key) return { trustStore };
  const keyStore = path.join(dir, 'redis-keystore.p12');
  writeFileSync(keyStore, keyStorePkcs12(readFileSync(tls.cert, 'utf8'), readFileSync(tls.key, 'utf8'), password), { mode: 0o600 });
  return { trustStore, keyStore };
}
