// The key store fields of a profile's tls block: which ones exist and how they may be combined.
// Store passwords are never profile fields; only the names of environment variables that hold them are.

export const KEY_STORE_FIELDS = ['pfx', 'pfxPasswordEnv', 'trustStore', 'trustStoreType', 'trustStorePasswordEnv'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Problems with the key store fields of an (untrusted) tls object; empty when they are fine. */
export function keyStoreProblems(tls: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const k of ['pfxPasswordEnv', 'trustStorePasswordEnv'] as const) {
    const v = tls[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !ENV_NAME.test(v)) problems.push(`"tls.${k}": must be an environment variable name`);
  }
  if (tls.trustStoreType !== undefined && tls.trustStoreType !== 'PKCS12' && tls.trustStoreType !== 'JKS') {
    problems.push('"tls.trustStoreType": must be "PKCS12" or "JKS"');
  }
  if (tls.pfx !== undefined && (tls.cert !== undefined || tls.key !== undefined)) {
    problems.push('"tls.pfx": give a key store or tls.cert + tls.key, not both');
  }
  if (tls.trustStore !== undefined && tls.ca !== undefined) problems.push('"tls.trustStore": give a trust store or tls.ca, not both');
  if (tls.pfxPasswordEnv !== undefined && tls.pfx === undefined) problems.push('"tls.pfxPasswordEnv": set only together with tls.pfx');
  if (tls.trustStorePasswordEnv !== undefined && tls.trustStore === undefined) {
    problems.push('"tls.trustStorePasswordEnv": set only together with tls.trustStore');
  }
  if (tls.trustStoreType !== undefined && tls.trustStore === undefined)
    problems.push('"tls.trustStoreType": set only together with tls.trustStore');
  return problems;
}
