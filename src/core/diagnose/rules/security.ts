// The security checklist, checked live on every node: plain ports beside TLS, replication or bus traffic without
// TLS, protected mode off without a password, the default user without a password, a weak or sample password,
// dangerous commands open to the profile's user, and failed authentications (ACL LOG, acl_access_denied_auth).
import { clientAddress } from '../parse';
import type { Finding, Gathered, NodeProbe } from '../types';
import { list, plural, reachable } from './context';

const nodesWhere = (g: Gathered, f: (p: NodeProbe) => boolean) =>
  reachable(g)
    .filter(f)
    .map((p) => p.address);
const on = (v: string | undefined) => v === 'yes';
const tlsPort = (p: NodeProbe) => Number(p.config?.['tls-port'] ?? 0) > 0;

function transportRules(g: Gathered): Finding[] {
  const out: Finding[] = [];
  const add = (id: string, nodes: string[], title: string, detail: string, severity: Finding['severity'] = 'error') => {
    if (nodes.length)
      out.push({ id, severity, title: `${title} on ${plural(nodes.length, 'node')}`, detail: `${list(nodes)}: ${detail}`, nodes });
  };
  add(
    'security.plain-port',
    nodesWhere(g, (p) => tlsPort(p) && Number(p.config?.port ?? 0) > 0),
    'A plain-text port is open beside the TLS port',
    'clients (and attackers) can skip TLS there. Set "port 0".',
  );
  add(
    'security.tls-replication',
    nodesWhere(g, (p) => tlsPort(p) && p.config?.['tls-replication'] !== undefined && !on(p.config['tls-replication'])),
    'Replication runs without TLS',
    'tls-replication is no, so the data stream to replicas travels in plain text. Set "tls-replication yes".',
  );
  add(
    'security.tls-cluster',
    nodesWhere(g, (p) => tlsPort(p) && p.config?.['tls-cluster'] !== undefined && !on(p.config['tls-cluster'])),
    'The cluster bus runs without TLS',
    'tls-cluster is no, so gossip and failover messages travel in plain text. Set "tls-cluster yes".',
  );
  add(
    'security.no-tls',
    nodesWhere(g, (p) => !!p.config && !tlsPort(p)),
    'TLS is off',
    'no tls-port is configured; every client, replica and bus connection is plain text.',
    'warning',
  );
  add(
    'security.protected-mode',
    nodesWhere(g, (p) => p.config?.['protected-mode'] === 'no' && !!p.defaultUser?.on && !!p.defaultUser.nopass),
    'Protected mode is off on a node without a password',
    'anyone who reaches the port gets full access. Set a password (requirepass / ACL) or "protected-mode yes".',
  );
  add(
    'security.default-nopass',
    nodesWhere(g, (p) => !!p.defaultUser?.on && !!p.defaultUser.nopass),
    'The default user needs no password',
    'any connection is logged in as "default". Set requirepass, or "ACL SETUSER default off" once named users exist.',
  );
  return out;
}

function passwordRule(g: Gathered): Finding[] {
  const w = g.password.weakness;
  if (!w) return [];
  const sample = /well-known/.test(w);
  return [
    {
      id: 'security.weak-password',
      severity: sample ? 'error' : 'warning',
      title: `The profile's password is ${sample ? 'a well-known sample' : 'weak'}`,
      detail:
        `The password used for user "${g.profile.username}" is weak: ${w}. ` +
        `Replace it on every node (requirepass and masterauth, or ACL SETUSER) with a long random one.`,
      nodes: [],
    },
  ];
}

function dangerousRule(g: Gathered): Finding[] {
  const u = g.user;
  if (!u) return [];
  if (u.error) {
    return [
      {
        id: 'security.acl-unchecked',
        severity: 'info',
        title: `Could not check the commands open to user "${u.username}"`,
        detail: `ACL DRYRUN failed: ${u.error}.`,
        nodes: [],
      },
    ];
  }
  if (!u.allowed.length) return [];
  return [
    {
      id: 'security.dangerous-commands',
      severity: 'warning',
      title: `User "${u.username}" may run ${u.allowed.join(', ')}`,
      detail:
        `The profile's user can ${u.allowed.join(', ')}: a mistake or a leaked password can wipe or stop the cluster. ` +
        `Give day-to-day work a user without them, e.g. ACL SETUSER app on >… ~* +@all -@dangerous.`,
      nodes: [],
    },
  ];
}

function failedAuthRule(g: Gathered): Finding[] {
  const out: Finding[] = [];
  for (const p of reachable(g)) {
    const entries = (p.aclLog ?? []).filter((e) => e.reason === 'auth');
    const logged = entries.reduce((s, e) => s + e.count, 0);
    // acl_access_denied_auth exists from Redis 7.2 on; on older servers ACL LOG is the only record.
    const counter = Number(p.info?.acl_access_denied_auth ?? 0);
    const counted = p.info?.acl_access_denied_auth !== undefined ? `; acl_access_denied_auth ${counter}` : '';
    const total = Math.max(logged, counter);
    if (!total) continue;
    const users = new Map<string, number>();
    const clients = new Set<string>();
    for (const e of entries) {
      users.set(e.username, (users.get(e.username) ?? 0) + e.count);
      const a = clientAddress(e.clientInfo);
      if (a) clients.add(a);
    }
    const who = [...users].map(([u, n]) => `"${u}" ×${n}`).join(', ');
    out.push({
      id: 'security.failed-auth',
      severity: 'warning',
      title: `${p.address}: ${plural(total, 'failed authentication')}`,
      detail:
        `${who ? `Users ${who}` : 'Failed AUTH'}${clients.size ? ` from ${list([...clients], 5)}` : ''} (ACL LOG${counted}). ` +
        `Someone is guessing, or a client has a stale password. ` +
        `ACL LOG RESET (and CONFIG RESETSTAT) clear the record once understood.`,
      nodes: [p.address],
    });
  }
  return out;
}

export const securityRules = [transportRules, passwordRule, dangerousRule, failedAuthRule];
