// Java key stores made by the JDK's keytool at test time, as a Java project makes them.
// A key pair from PEM files goes through an OpenSSL PKCS#12 first (keytool cannot read PEM keys), then keytool
// writes the store in the asked type.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

function keytool(args: string[]): void {
  try {
    execFileSync('keytool', args, { stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer; stdout?: Buffer };
    if (err.code === 'ENOENT') throw new Error('keytool not found: install a JDK (Debian: openjdk-17-jdk-headless; .ci/run does)');
    throw new Error(`keytool ${args[0]} failed: ${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`);
  }
}

export function trustStore(caPem: string, file: string, password: string, type: 'JKS' | 'PKCS12'): string {
  rmSync(file, { force: true });
  keytool([
    '-importcert',
    '-noprompt',
    '-alias',
    'redis-ca',
    '-file',
    caPem,
    '-keystore',
    file,
    '-storetype',
    type,
    '-storepass',
    password,
  ]);
  return file;
}

export function keyStore(certPem: string, keyPem: string, file: string, password: string, type: 'JKS' | 'PKCS12'): string {
  const staging = `${file}.openssl.p12`;
  execFileSync(
    'openssl',
    ['pkcs12', '-export', '-in', certPem, '-inkey', keyPem, '-name', 'redis-client', '-out', staging, '-passout', 'env:STORE_PASS'],
    { stdio: 'pipe', env: { ...process.env, STORE_PASS: password } },
  );
  rmSync(file, { force: true });
  keytool([
    '-importkeystore',
    '-noprompt',
    '-srckeystore',
    staging,
    '-srcstoretype',
    'PKCS12',
    '-srcstorepass',
    password,
    '-destkeystore',
    file,
    '-deststoretype',
    type,
    '-deststorepass',
    password,
  ]);
  rmSync(staging, { force: true });
  return file;
}
