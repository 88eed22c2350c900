// What went wrong with a bastion, said the way an operator needs it: which bastion, which node, what to do.
import { ClusterConnectionError } from '../../common/errors';
import { type HostPort, address } from '../../common/format';

export type HostKeyRefusal =
  | { kind: 'unknown'; fingerprint: string; keyType: string; declined: boolean }
  | { kind: 'changed'; fingerprint: string; expected: string[]; where: string }
  | { kind: 'revoked'; fingerprint: string; where: string };

export function keyFileError(file: string, what: string, hint: string): ClusterConnectionError {
  return new ClusterConnectionError('ssh-key', undefined, `SSH private key ${file}: ${what}`, hint);
}

function hostKeyError(bastion: string, r: HostKeyRefusal, cause: unknown): ClusterConnectionError {
  const node = `ssh ${bastion}`;
  if (r.kind === 'unknown') {
    return new ClusterConnectionError(
      'ssh-host-unknown',
      node,
      `the bastion's host key is not known (${r.keyType} key ${r.fingerprint})${r.declined ? ' and was not accepted' : ''}`,
      `Compare ${r.fingerprint} with the bastion's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it), then accept it ` +
        `(the editor asks when connecting; the CLI takes --accept-host-key ${r.fingerprint}) or add it to known_hosts`,
      cause,
    );
  }
  if (r.kind === 'revoked') {
    return new ClusterConnectionError(
      'ssh-host-changed',
      node,
      `the bastion presented a revoked host key (${r.fingerprint}, @revoked in ${r.where})`,
      "Do not connect: ask the bastion's administrator which key it should have",
      cause,
    );
  }
  return new ClusterConnectionError(
    'ssh-host-changed',
    node,
    `the bastion's host key has CHANGED: it presented ${r.fingerprint}, ${r.where} expects ${r.expected.join(' or ')}. ` +
      'Someone could be intercepting the connection, or the bastion was reinstalled',
    `Connect only once its administrator confirms the new key; then remove the old entry (${r.where}, ssh-keygen -R) and connect again`,
    cause,
  );
}

/** A failed SSH connect (socket, handshake, host key, authentication) as a classified error. */
export function sshConnectError(
  bastion: string,
  cause: (Error & { level?: string; code?: string }) | string,
  refusal?: HostKeyRefusal,
): ClusterConnectionError {
  if (refusal) return hostKeyError(bastion, refusal, cause);
  const e = typeof cause === 'string' ? { message: cause, level: undefined, code: undefined } : cause;
  const node = `ssh ${bastion}`;
  if (e.level === 'client-authentication') {
    return new ClusterConnectionError(
      'ssh-auth',
      node,
      'the bastion refused our SSH key (all authentication methods failed)',
      "Check ssh.username, and that the key's public half is in that user's authorized_keys on the bastion (or that your agent holds it)",
      cause,
    );
  }
  const code = e.code ? ` ${e.code}` : '';
  return new ClusterConnectionError(
    'ssh-unreachable',
    node,
    `cannot reach the SSH bastion (${e.message}${code && !e.message.includes(e.code ?? '') ? code : ''})`,
    'Check ssh.host and ssh.port in the profile, your network or VPN, and that sshd runs on the bastion',
    cause,
  );
}

/** The bastion is connected but could not reach a node (sshd's "open failed" / "Connection refused"). */
export function forwardError(bastion: string, hp: HostPort, reason: string, timedOut: boolean): ClusterConnectionError {
  return new ClusterConnectionError(
    timedOut ? 'timeout' : 'ssh-forward',
    address(hp),
    `the SSH bastion ${bastion} could not open a connection to this node (${reason})`,
    'Check that the node runs and that the bastion reaches it at this address (the address the cluster announces); ' +
      'sshd must allow TCP forwarding (AllowTcpForwarding)',
  );
}
