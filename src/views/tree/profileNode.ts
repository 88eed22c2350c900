// A profile: its connection state, and below it the cluster (or why there is none).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { failingNodes } from '../../core/topology/nodeHealth';
import { type ClusterProfile, isInsecure } from '../../core/profiles/profile';
import type { ProfileEntry } from '../../services/profileStore';
import { ERROR_ICON, WARNING_ICON } from './icons';
import { MessageNode } from './messageNode';
import { type TreeContext, TreeNode } from './node';
import { ShardNode } from './shardNode';
import { SlotsNode } from './slotsNode';
import { SummaryNode } from './summaryNode';

const PASSWORD_KINDS = new Set(['auth', 'noauth', 'unknown-user']);
/** Failures a later attempt may not meet (an unknown bastion host key is asked about again). */
const RETRY_KINDS = new Set(['refused', 'timeout', 'unreachable', 'cluster-down', 'ssh-unreachable', 'ssh-forward', 'ssh-host-unknown']);
const restrictedDetail = (): string =>
  l10n.t('This profile comes from the workspace settings. Until you trust the workspace, none of its hosts, variables or files is used.');

export class ProfileNode extends TreeNode {
  constructor(readonly entry: ProfileEntry) {
    // `profile` is the id (`workspace:prod`): every child, command argument and connection is keyed by it.
    super(`profile/${entry.scope}/${entry.name}`, undefined, entry.id);
  }

  private state(ctx: TreeContext): string {
    if (this.entry.restricted) return 'restricted';
    if (this.entry.error) return 'invalid';
    return ctx.services.connections.get(this.profile)?.state ?? 'disconnected';
  }

  item(ctx: TreeContext): vscode.TreeItem {
    const conn = ctx.services.connections.get(this.profile);
    const state = this.state(ctx);
    const insecure = !!this.entry.profile && isInsecure(this.entry.profile);
    // The label is the name; the description always names the scope, which decides whose secret and trust apply.
    const item = new vscode.TreeItem(this.entry.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = `profile.${state}${insecure ? '.insecure' : ''}`;
    const t = conn?.state === 'connected' ? conn.topology : undefined;
    const failing = t ? failingNodes(t).length : 0;
    const stateText = t
      ? failing
        ? l10n.t('{0}, {1} failing', t.info.state, failing)
        : t.info.state
      : state === 'disconnected'
        ? l10n.t('not connected')
        : state === 'connecting'
          ? l10n.t('connecting…')
          : state === 'reconnecting'
            ? l10n.t('reconnecting…')
            : state === 'restricted'
              ? l10n.t('Restricted Mode')
              : state;
    const active = ctx.services.connections.active === this.profile;
    item.description = [stateText, this.entry.scope, active ? l10n.t('active') : '', insecure ? l10n.t('INSECURE TLS') : '']
      .filter(Boolean)
      .join(' · ');
    if (state === 'invalid' || state === 'error' || (t && t.info.state !== 'ok')) item.iconPath = ERROR_ICON();
    else if (insecure || failing) item.iconPath = WARNING_ICON();
    else item.iconPath = new vscode.ThemeIcon(state === 'connected' ? 'database' : state === 'restricted' ? 'shield' : 'debug-disconnect');
    const p = this.entry.profile;
    const lines = [l10n.t('**{0}** ({1} setting)', this.entry.name, this.entry.scope)];
    if (this.entry.restricted) lines.push(l10n.t('Restricted Mode: this workspace is not trusted, so its profile is not used.'));
    if (p) {
      lines.push(l10n.t('seeds: {0}', p.nodes.join(', ')), tlsLine(p.tls));
      lines.push(
        p.passwordEnv ? l10n.t('password: from ${0} or SecretStorage', p.passwordEnv) : l10n.t('password: SecretStorage (Set Password)'),
      );
      if (p.ssh) {
        const login = p.ssh.privateKeyPath ? p.ssh.privateKeyPath : l10n.t('SSH agent');
        lines.push(l10n.t('through SSH bastion {0}@{1}:{2} ({3})', p.ssh.username, p.ssh.host, String(p.ssh.port ?? 22), login));
      }
      if (p.readOnly) lines.push(l10n.t('read-only: admin actions and writes are refused'));
      if (p.protected) lines.push(l10n.t('protected: admin actions ask for the profile name'));
    }
    if (insecure) {
      lines.push(
        `$(warning) ${l10n.t(
          '**TLS certificate verification is OFF** (tls.rejectUnauthorized: false): anyone on the path can impersonate the cluster.',
        )}`,
      );
    }
    if (this.entry.error) lines.push(`$(error) ${this.entry.error}`);
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'), true);
    return item;
  }

  override children(ctx: TreeContext): TreeNode[] {
    const out: TreeNode[] = [];
    const msg = (key: string, kind: 'error' | 'warning' | 'loading' | 'info', text: string, detail?: string, command?: vscode.Command) =>
      ctx.reuse(new MessageNode(`${this.id}/${key}`, this, this.profile, kind, text, detail, command));
    const arg = { profile: this.profile };
    if (this.entry.restricted) {
      const trust: vscode.Command = { command: 'workbench.trust.manage', title: l10n.t('Manage Workspace Trust') };
      return [msg('restricted', 'info', l10n.t('Restricted Mode: trust this workspace to connect'), restrictedDetail(), trust)];
    }
    const edit: vscode.Command = { command: 'redisCluster.editProfile', title: l10n.t('Edit Profile'), arguments: [arg] };
    if (this.entry.error) return [msg('invalid', 'error', this.entry.error, this.entry.error, edit)];
    if (this.entry.profile && isInsecure(this.entry.profile)) {
      out.push(
        msg(
          'insecure',
          'warning',
          l10n.t('TLS certificate verification is off'),
          l10n.t(
            'tls.rejectUnauthorized is false in this profile: the server certificate is not checked. Remove it and set tls.ca instead.',
          ),
          edit,
        ),
      );
    }
    const conn = ctx.services.connections.get(this.profile);
    const connect: vscode.Command = { command: 'redisCluster.connect', title: l10n.t('Connect'), arguments: [arg] };
    if (!conn) {
      const restricted = !ctx.mayAutoConnect(this.profile);
      out.push(
        msg(
          'idle',
          'info',
          restricted ? l10n.t('Restricted Mode: not connected automatically. Click to connect') : l10n.t('Not connected. Click to connect'),
          undefined,
          connect,
        ),
      );
      return out;
    }
    if (conn.state === 'connecting' || (!conn.topology && conn.state !== 'error')) {
      out.push(msg('connecting', 'loading', l10n.t('connecting…')));
      return out;
    }
    if (conn.state === 'error' && conn.error) {
      const fix: vscode.Command = PASSWORD_KINDS.has(conn.error.kind)
        ? { command: 'redisCluster.setPassword', title: l10n.t('Set Password'), arguments: [arg] }
        : conn.error.kind === 'ssh-key' && /passphrase/.test(conn.error.message)
          ? { command: 'redisCluster.setSshPassphrase', title: l10n.t('Set SSH Key Passphrase'), arguments: [arg] }
          : RETRY_KINDS.has(conn.error.kind)
            ? { command: 'redisCluster.refresh', title: l10n.t('Retry'), arguments: [arg] }
            : edit;
      const how = l10n.t('Click: {0}. The log (Redis Cluster: Show Log) has details.', fix.title);
      out.push(msg('error', 'error', conn.error.message, `${conn.error.message}\n\n${how}`, fix));
      return out;
    }
    const t = conn.topology;
    if (!t) return out;
    out.push(ctx.reuse(new SummaryNode(this, this.profile, t)));
    t.shards.forEach((s, i) => out.push(ctx.reuse(new ShardNode(this, this.profile, s, i))));
    out.push(ctx.reuse(new SlotsNode(this, this.profile, t)));
    return out;
  }
}

/** One whole sentence per TLS setup (off, on, mutual; with or without a servername). */
function tlsLine(tls: ClusterProfile['tls']): string {
  if (!tls) return l10n.t('TLS: off');
  const sni = tls.servername;
  if (tls.cert) return sni ? l10n.t('TLS: mutual TLS (servername {0})', sni) : l10n.t('TLS: mutual TLS');
  return sni ? l10n.t('TLS: on (servername {0})', sni) : l10n.t('TLS: on');
}
