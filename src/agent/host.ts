// The editor's side of the agent tools: profiles and connections from the same services the palette uses,
// the keys-in-code analysis of the open document, and admin actions run by the palette's own commands (their
// read-only gate, the admin lock in the executors, progress notification, logged replayable CLI line).
import { analysisSummary } from '../core/analyze/export';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ToolInputError } from '../core/agent/schema';
import type { AdminOutcome, AdminRequest, AgentHost } from '../core/agent/types';
import { errorText } from '../core/common/errors';
import type { Services } from '../services';
import { profileFileArg } from '../commands/adminText';

/** The palette command of each admin action, and its explicit-options argument (adminOptions.ts). */
function commandFor(r: AdminRequest): [string, Record<string, unknown>] {
  switch (r.kind) {
    case 'failover':
      return ['redisCluster.failover', { profile: r.profile, nodeId: r.nodeId, mode: r.mode, yes: true }];
    case 'rebalance':
      return [
        'redisCluster.rebalance',
        { profile: r.profile, by: r.by, threshold: r.threshold, useEmptyMasters: r.useEmptyMasters, weights: r.weights, yes: true },
      ];
    case 'reshard':
      return ['redisCluster.reshard', { profile: r.profile, sourceIds: r.sourceIds, targetId: r.targetId, slots: r.slots, yes: true }];
    case 'fix':
      return ['redisCluster.fix', { profile: r.profile, replace: r.replace, yes: true }];
  }
}

type Outcome = { ok: true; message: string; result?: unknown } | { ok: false; error?: string; declined?: boolean } | undefined;

export function editorHost(s: Services): AgentHost {
  return {
    profiles: () =>
      s.profiles.list().map((e) => ({
        id: e.id,
        label: s.profiles.label(e.id),
        scope: e.scope,
        connected: s.connections.get(e.id)?.state === 'connected',
        readOnly: !!e.profile?.readOnly,
        protected: !!e.profile?.protected,
        unusable: e.restricted ? l10n.t('a workspace profile, and the workspace is not trusted (Restricted Mode)') : e.error,
      })),
    target: async (ref) => {
      const id = s.profiles.idOf(ref);
      return { id, ...(await s.connections.target(id, { fresh: true })) };
    },
    secrets: async (id) => [...(id ? await s.profiles.secretsOf(id) : []), ...s.log.knownSecrets()],
    analyzeFile: async (file) => {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = path.isAbsolute(file) || !root ? vscode.Uri.file(file) : vscode.Uri.joinPath(root, file);
      let doc: vscode.TextDocument;
      try {
        doc = await vscode.workspace.openTextDocument(uri);
      } catch (e) {
        throw new ToolInputError(`input "file": cannot open ${uri.fsPath} (${errorText(e)})`);
      }
      const analysis = s.keysInCode.analysisFor(doc);
      if (!analysis)
        throw new ToolInputError(
          `input "file": ${uri.fsPath} is not a TypeScript, JavaScript, Java, Kotlin or Python file (or keys in code is off)`,
        );
      return { path: uri.fsPath, source: doc.getText(), analysis: await analysis };
    },
    keyspaceAnalysis: (id) => {
      const r = s.analyses.get(id)?.lastReport;
      return r ? analysisSummary(r) : undefined;
    },
    profileFile: (t) => profileFileArg(t.profile.name),
    runAdmin: async (request): Promise<AdminOutcome> => {
      const [command, args] = commandFor(request);
      const o = await vscode.commands.executeCommand<Outcome>(command, args);
      if (!o) return { ok: false, message: l10n.t('the command stopped before running (see the Redis Cluster log)') };
      if (o.ok) return { ok: true, message: o.message, detail: o.result };
      return {
        ok: false,
        message: o.declined ? l10n.t('not confirmed; nothing was changed') : (o.error ?? l10n.t('failed')),
      };
    },
  };
}
