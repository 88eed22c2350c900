// The agent tools as VS Code language model tools (contributes.languageModelTools in package.json, one entry per
// tool in src/core/agent). An admin call shows its plan in VS Code's confirmation (prepareInvocation) and runs
// only once the user accepts it; reads run without asking.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { AGENT_TOOLS, callTool, prepareAdmin } from '../core/agent';
import type { AgentHost, ToolContext } from '../core/agent/types';
import type { Services } from '../services';
import { editorHost } from './host';
import type { AgentTools } from './record';

function context(host: AgentHost, token: vscode.CancellationToken): ToolContext & { dispose(): void } {
  const ac = new AbortController();
  const sub = token.onCancellationRequested(() => ac.abort());
  return { host, signal: ac.signal, adminAllowed: true, dispose: () => sub.dispose() };
}

export function registerAgentTools(s: Services): AgentTools {
  const host = editorHost(s);
  const out: AgentTools = s.context.extensionMode === vscode.ExtensionMode.Test ? { confirmations: [] } : {};
  for (const tool of AGENT_TOOLS) {
    const registration = vscode.lm.registerTool<object>(tool.name, {
      prepareInvocation: async (options, token) => {
        const invocationMessage = l10n.t('Redis Cluster: {0}', tool.title);
        if (!tool.admin) return { invocationMessage };
        const ctx = context(host, token);
        try {
          const c = await prepareAdmin(tool.name, options.input, ctx);
          if (c) out.confirmations?.push({ tool: tool.name, ...c });
          return c
            ? { invocationMessage, confirmationMessages: { title: c.title, message: new vscode.MarkdownString(c.message) } }
            : { invocationMessage };
        } finally {
          ctx.dispose();
        }
      },
      invoke: async (options, token) => {
        const ctx = context(host, token);
        try {
          const r = await callTool(tool.name, options.input, ctx);
          if (!r.ok) s.log.info(`agent tool ${tool.name}: ${r.text}`);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(r.text)]);
        } finally {
          ctx.dispose();
        }
      },
    });
    s.context.subscriptions.push(registration);
  }
  return out;
}
