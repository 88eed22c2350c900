// One error model for the core and the CLI: every error thrown on purpose is a RedisClusterError with a
// machine-readable `kind` (for callers that react differently) and a `hint` (what to do next), the message
// saying what failed and where. Cancellation and the read-only refusal have one class each, so every
// operation reports them the same way.

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
  | 'keystore-password'
  | 'keystore-type'
  | 'keystore-no-ca'
  | 'keystore-missing'
  | 'nat-unreachable'
  /** SSH bastion (profile.ssh): not reachable, refused our key, host key unknown or changed, key file unusable. */
  | 'ssh-unreachable'
  | 'ssh-auth'
  | 'ssh-key'
  | 'ssh-host-unknown'
  | 'ssh-host-changed'
  /** The bastion is up but could not open a connection to a node. */
  | 'ssh-forward'
  /** A workspace profile in a workspace the user has not trusted: nothing of it is used. */
  | 'untrusted'
  | 'unknown';

export type ErrorKind =
  | FailureKind
  | 'admin-refused'
  | 'read-only'
  | 'locked'
  | 'lock-unavailable'
  | 'lock-lost'
  | 'cancelled'
  | 'migration'
  | 'plan-stale'
  | 'plan'
  | 'deadline'
  | 'profile'
  | 'no-owner'
  | 'key-missing'
  | 'value-too-large'
  | 'conflict'
  | 'value-format'
  | 'script-refused'
  | 'spring-config'
  | 'node-command'
  | 'usage';

export class RedisClusterError extends Error {
  override name = 'RedisClusterError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ClusterConnectionError extends RedisClusterError {
  override name = 'ClusterConnectionError';
  constructor(
    override readonly kind: FailureKind,
    readonly node: string | undefined,
    message: string,
    hint: string,
    cause?: unknown,
  ) {
    super(kind, `${node ? `${node}: ` : ''}${message}. ${hint}`, hint, { cause });
  }
}

/** A precondition failed before anything was changed. The message says what to do instead. */
export class AdminRefusedError extends RedisClusterError {
  override name = 'AdminRefusedError';
  constructor(message: string, hint = 'Nothing was changed; see the message for what to do instead', kind: ErrorKind = 'admin-refused') {
    super(kind, message, hint);
  }
}

/** The one refusal of a read-only profile, for admin operations and key writes alike. */
export class ReadOnlyError extends AdminRefusedError {
  override name = 'ReadOnlyError';
  constructor(
    readonly profile: string,
    readonly action: string,
  ) {
    const hint = 'Remove "readOnly" from the profile to allow it';
    super(`profile "${profile}" is read-only: ${action} refused. ${hint}`, hint, 'read-only');
  }
}

/** Throws ReadOnlyError for a read-only profile; every writing entry point calls it before writing anything. */
export function assertWritable(profile: { name: string; readOnly?: boolean }, action: string): void {
  if (profile.readOnly) throw new ReadOnlyError(profile.name, action);
}

/** The one cancellation error: the operation stopped at a safe point because its signal was aborted. */
export class CancelledError extends RedisClusterError {
  override name = 'CancelledError';
  /** `where` completes "cancelled ...", e.g. "before MEET (nothing was changed)"; a given hint is also appended to the message. */
  constructor(where: string, hint?: string) {
    super('cancelled', `cancelled ${where}${hint ? `. ${hint}` : ''}`, hint ?? 'Nothing new was started; run it again to go on');
  }
}

/** Stops at a safe point with CancelledError once `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new CancelledError(where);
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
    return make(
      'auth',
      'authentication failed (WRONGPASS: wrong password or user)',
      'Set the correct password for this profile (Redis Cluster: Set Password) or check its passwordEnv variable and username',
    );
  }
  if (/NOAUTH|Authentication required/i.test(text)) {
    return make(
      'noauth',
      'the server requires a password but none was given',
      'Set a password for this profile (Redis Cluster: Set Password) or set its passwordEnv variable',
    );
  }
  if (/AUTH.*without any password configured|ERR AUTH <password> called without/i.test(text)) {
    return make('auth', 'a password was sent but the server has none configured', 'Remove the password from the profile');
  }
  if (code === 'CERT_HAS_EXPIRED' || /certificate has expired/i.test(text)) {
    return make('tls-expired', 'TLS: the server certificate has expired', 'Renew the server certificate, or check the system clock');
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altnames|Hostname\/IP does not match/i.test(text)) {
    return make(
      'tls-hostname',
      `TLS: the server certificate does not match the host name (${text.replace(/^.*?: /, '')})`,
      'Set tls.servername in the profile to a name the certificate holds, or connect by that name; nodes that announce host names ' +
        'behind other addresses (Docker, Kubernetes) get them as server names ' +
        'through the profile\'s "natMap" {"announced host:port": "reachable host:port"}',
    );
  }
  if (TLS_VERIFY_CODES.has(code) || /self[- ]signed certificate|unable to verify|unable to get (local )?issuer/i.test(text)) {
    return make(
      'tls-verify',
      `TLS: the server certificate is not trusted (${code || text})`,
      'Point tls.ca in the profile at the CA that signed the server certificate',
    );
  }
  if (/wrong version number|packet length too long|unknown protocol|WRONG_VERSION_NUMBER/i.test(text)) {
    return make(
      'tls-on-plain-port',
      'TLS handshake failed: the port does not speak TLS',
      'This looks like a plain (non-TLS) port: remove "tls" from the profile or use the TLS port',
    );
  }
  if (/certificate required|alert number 116|peer did not return a certificate|alert certificate required/i.test(text)) {
    return make(
      'client-cert-required',
      'TLS: the server requires a client certificate (mutual TLS)',
      "Set tls.cert and tls.key in the profile to a client certificate signed by the server's CA",
    );
  }
  if (code === 'ECONNREFUSED')
    return make(
      'refused',
      'connection refused (nothing listens on this port)',
      'Check the host:port in the profile and that the node is running',
    );
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(text))
    return make(
      'timeout',
      'no answer before the timeout',
      'Check that the address is reachable and not firewalled, and that the node is not overloaded',
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return make('unreachable', `host name cannot be resolved (${code})`, 'Check the host name in the profile');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return make('unreachable', `host unreachable (${code})`, 'Check the address and the network route');
  if (/cluster support disabled|This instance has cluster support disabled/i.test(text)) {
    return make(
      'not-cluster',
      'this Redis server is not in cluster mode (cluster-enabled no)',
      'Point the profile at cluster nodes, or enable cluster mode on the server',
    );
  }
  if (/CLUSTERDOWN/.test(text))
    return make('cluster-down', 'the cluster is down (CLUSTERDOWN)', 'Run Redis Cluster: Check to see which slots or nodes are failing');
  if (/ERR unknown user|user .* not found/i.test(text)) return make('unknown-user', text, 'Check the username in the profile');
  if (/BUSY/.test(text)) return make('busy', 'the node is busy running a script or blocked', 'Wait, or kill the script with SCRIPT KILL');
  if (!opts.tls && (code === 'ECONNRESET' || /Connection is closed|socket hang up/i.test(text))) {
    return make(
      'plain-on-tls-port',
      'the connection was closed during the handshake: the port probably expects TLS',
      'Enable "tls" in the profile (with tls.ca), or use the plain port',
    );
  }
  if (opts.tls && (code === 'ECONNRESET' || /socket disconnected before secure TLS connection/i.test(text))) {
    return make(
      'client-cert-required',
      `TLS handshake was reset by the server (${code || text})`,
      'The server may require a client certificate: set tls.cert and tls.key in the profile',
    );
  }
  return make('unknown', text, 'Show the log for details');
}
