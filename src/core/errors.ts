// Connection failures translated into what the user must know: what failed, on which node, what to do next.

export type FailureKind =
  | 'auth'
  | 'unknown-user'
  | 'noauth'
  | 'tls-verify'
  | 'tls-expired'
  | 'tls-hostname'
  | 'tls-on-plain-port'
  | 'plain-on-tls-port'
  | 'client-cert-required'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'not-cluster'
  | 'cluster-down'
  | 'busy'
  /** A workspace profile in a workspace the user has not trusted: nothing of it is used. */
  | 'untrusted'
  | 'unknown';

export class ClusterConnectionError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly node: string | undefined,
    message: string,
    readonly hint: string,
    override readonly cause?: unknown,
  ) {
    super(`${node ? `${node}: ` : ''}${message}. ${hint}`);
    this.name = 'ClusterConnectionError';
  }
}

/** Best-effort text of any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

const TLS_VERIFY_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** Maps a low-level error seen while talking to `node` to a classified, actionable error. */
export function classifyError(e: unknown, node: string | undefined, opts: { tls: boolean }): ClusterConnectionError {
  if (e instanceof ClusterConnectionError) return e;
  const text = errorText(e);
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const make = (kind: FailureKind, msg: string, hint: string) => new ClusterConnectionError(kind, node, msg, hint, e);

  if (/WRONGPASS/.test(text)) {
    return make('auth', 'authentication failed (WRONGPASS: wrong password or user)', 'Set the correct password for this profile (Redis Cluster: Set Password) or check its passwordEnv variable and username');
  }
  if (/NOAUTH|Authentication required/i.test(text)) {
    return make('noauth', 'the server requires a password but none was given', 'Set a password for this profile (Redis Cluster: Set Password) or set its passwordEnv variable');
  }
  if (/AUTH.*without any password configured|ERR AUTH <password> called without/i.test(text)) {
    return make('auth', 'a password was sent but the server has none configured', 'Remove the password from the profile');
  }
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(text)) {
    return make('tls-expired', 'TLS: the server certificate has expired', 'Renew the server certificate, or check the system clock');
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altnames|Hostname\/IP does not match/i.test(text)) {
    return make('tls-hostname', `TLS: the server certificate does not match the host name (${text.replace(/^.*?: /, '')})`, 'Set tls.servername in the profile to a name the certificate holds, or connect by that name');
  }
  if (TLS_VERIFY_CODES.has(code) || /self[- ]signed certificate|unable to verify|unable to get (local )?issuer/i.test(text)) {
    return make('tls-verify', `TLS: the server certificate is not trusted (${code || text})`, 'Point tls.ca in the profile at the CA that signed the server certificate');
  }
  if (/wrong version number|packet length too long|unknown protocol|WRONG_VERSION_NUMBER/i.test(text)) {
    return make('tls-on-plain-port', 'TLS handshake failed: the port does not speak TLS', 'This looks like a plain (non-TLS) port: remove "tls" from the profile or use the TLS port');
  }
  if (/certificate required|alert number 116|peer did not return a certificate|alert certificate required/i.test(text)) {
    return make('client-cert-required', 'TLS: the server requires a client certificate (mutual TLS)', 'Set tls.cert and tls.key in the profile to a client certificate signed by the server\'s CA');
  }
  if (code === 'ECONNREFUSED') return make('refused', 'connection refused (nothing listens on this port)', 'Check the host:port in the profile and that the node is running');
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text)) return make('timeout', 'no answer before the timeout', 'Check that the address is reachable and not firewalled, and that the node is not overloaded');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return make('unreachable', `host name cannot be resolved (${code})`, 'Check the host name in the profile');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return make('unreachable', `host unreachable (${code})`, 'Check the address and the network route');
  if (/cluster support disabled|This instance has cluster support disabled/i.test(text)) {
    return make('not-cluster', 'this Redis server is not in cluster mode (cluster-enabled no)', 'Point the profile at cluster nodes, or enable cluster mode on the server');
  }
  if (/CLUSTERDOWN/.test(text)) return make('cluster-down', 'the cluster is down (CLUSTERDOWN)', 'Run Redis Cluster: Check to see which slots or nodes are failing');
  if (/ERR unknown user|user .* not found/i.test(text)) return make('unknown-user', text, 'Check the username in the profile');
  if (/BUSY/.test(text)) return make('busy', 'the node is busy running a script or blocked', 'Wait, or kill the script with SCRIPT KILL');
  if (!opts.tls && (code === 'ECONNRESET' || /Connection is closed|socket hang up/i.test(text))) {
    return make('plain-on-tls-port', 'the connection was closed during the handshake: the port probably expects TLS', 'Enable "tls" in the profile (with tls.ca), or use the plain port');
  }
  if (opts.tls && (code === 'ECONNRESET' || /socket disconnected before secure TLS connection/i.test(text))) {
    return make('client-cert-required', `TLS handshake was reset by the server (${code || text})`, 'The server may require a client certificate: set tls.cert and tls.key in the profile');
  }
  return make('unknown', text, 'Show the log for details');
}
