// Test PKI made with the openssl CLI: a CA, a server cert usable on the cluster bus, a client cert,
// and deliberately bad material (unrelated CA, expired cert, wrong-host cert) for negative tests.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run, runOk } from './proc';
import type { CertPaths } from './types';

const REQ_CNF = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

/** Nodes present the server cert as a client cert on the bus and to replication, hence both EKUs. */
const SERVER_EXT = `basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
`;
const CLIENT_EXT = `basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
`;
const WRONG_HOST_EXT = `basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:wronghost
`;

interface Leaf {
  name: string;
  cn: string;
  ext: string;
  issuer: 'ca' | 'other-ca';
  /** Negative days give notAfter < notBefore = now: already expired (works on OpenSSL 3.0). */
  days: number;
}

const LEAVES: Leaf[] = [
  { name: 'server', cn: 'localhost', ext: SERVER_EXT, issuer: 'ca', days: 825 },
  { name: 'client', cn: 'redis-cluster-client', ext: CLIENT_EXT, issuer: 'ca', days: 825 },
  { name: 'untrusted-client', cn: 'redis-cluster-untrusted-client', ext: CLIENT_EXT, issuer: 'other-ca', days: 825 },
  { name: 'expired', cn: 'localhost', ext: SERVER_EXT, issuer: 'ca', days: -1 },
  { name: 'wronghost', cn: 'wronghost', ext: WRONG_HOST_EXT, issuer: 'ca', days: 825 },
];

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // keep it positive
  return `0x${b.toString('hex')}`;
}

export async function generateCerts(dir: string, timeoutMs: number): Promise<CertPaths> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (n: string): string => path.join(dir, n);
  const ssl = (args: string[]): Promise<string> => runOk('openssl', args, { timeoutMs, cwd: dir });
  writeFileSync(f('req.cnf'), REQ_CNF);

  const keyNames = ['ca', 'other-ca', ...LEAVES.map((l) => l.name)];
  await Promise.all(
    keyNames.map((k) => ssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f(`${k}.key`)])),
  );
  await Promise.all(
    (['ca', 'other-ca'] as const).map((ca) =>
      ssl([
        'req',
        '-x509',
        '-new',
        '-key',
        f(`${ca}.key`),
        '-out',
        f(`${ca}.crt`),
        '-days',
        '3650',
        '-set_serial',
        serial(),
        '-config',
        f('req.cnf'),
        '-extensions',
        'v3_ca',
        '-subj',
        `/CN=redis-cluster-test-${ca}`,
      ]),
    ),
  );
  await Promise.all(
    LEAVES.map(async (l) => {
      writeFileSync(f(`${l.name}.ext`), l.ext);
      await ssl(['req', '-new', '-key', f(`${l.name}.key`), '-out', f(`${l.name}.csr`), '-config', f('req.cnf'), '-subj', `/CN=${l.cn}`]);
      await ssl([
        'x509',
        '-req',
        '-in',
        f(`${l.name}.csr`),
        '-CA',
        f(`${l.issuer}.crt`),
        '-CAkey',
        f(`${l.issuer}.key`),
        '-set_serial',
        serial(),
        '-days',
        String(l.days),
        '-extfile',
        f(`${l.name}.ext`),
        '-out',
        f(`${l.name}.crt`),
      ]);
    }),
  );

  await ssl(['verify', '-CAfile', f('ca.crt'), f('server.crt'), f('client.crt'), f('wronghost.crt')]);
  const expired = await run('openssl', ['x509', '-checkend', '0', '-noout', '-in', f('expired.crt')], { timeoutMs, cwd: dir });
  if (expired.code === 0) throw new Error(`generated ${f('expired.crt')} is not expired; this openssl does not accept negative -days`);

  return {
    dir,
    ca: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    otherCa: f('other-ca.crt'),
    untrustedClientCert: f('untrusted-client.crt'),
    untrustedClientKey: f('untrusted-client.key'),
    expiredCert: f('expired.crt'),
    expiredKey: f('expired.key'),
    wrongHostCert: f('wronghost.crt'),
    wrongHostKey: f('wronghost.key'),
  };
}
