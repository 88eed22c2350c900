// The agent tools, shared by the extension's language model tools (src/agent) and the CLI's MCP server
// (src/cli/mcp.ts). callTool() is the one way in: schema check, the handler, clipping, redaction, and errors as
// plain results. prepareAdmin() gives the confirmation an admin call needs before it runs.
import { type AdminPlan, ADMIN_TOOLS, adminRefusal } from './adminTools';
import { consoleTool } from './consoleTool';
import { READ_TOOLS } from './readTools';
import { errorResult, render } from './result';
import { validateInput } from './schema';
import { AdminRefusedError } from '../common/errors';
import type { AgentTool, ToolContext, ToolResult } from './types';

export type * from './types';
export { LIMITS } from './result';

export const AGENT_TOOLS: readonly AgentTool[] = [...READ_TOOLS, consoleTool as AgentTool, ...(ADMIN_TOOLS as unknown as AgentTool[])];

export function toolByName(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}

/** The profile ids an input may concern, for redaction: the one named, else every profile (the default one among them). */
function profileIds(input: unknown, ctx: ToolContext): (string | undefined)[] {
  const ref = typeof input === 'object' && input && 'profile' in input && typeof input.profile === 'string' ? input.profile : undefined;
  const all = ctx.host.profiles();
  const hit = all.find((p) => p.id === ref || p.label === ref);
  return hit ? [hit.id] : all.length ? all.map((p) => p.id) : [undefined];
}

async function secretsFor(input: unknown, ctx: ToolContext): Promise<string[]> {
  try {
    return (await Promise.all(profileIds(input, ctx).map((id) => ctx.host.secrets(id)))).flat();
  } catch {
    return [];
  }
}

export class AdminDisabledError extends AdminRefusedError {
  override name = 'AdminDisabledError';
  constructor(tool: string) {
    super(
      `${tool} changes the cluster, and admin tools are disabled here ` +
        '(the MCP server runs read-only unless started with --allow-admin); nothing was changed',
      'Call it with dryRun: true to see the plan, or ask the user to run it from the palette or the CLI',
    );
  }
}

/** Runs a tool by name on untrusted input; never throws. */
export async function callTool(name: string, input: unknown, ctx: ToolContext): Promise<ToolResult> {
  const tool = toolByName(name);
  const secrets = await secretsFor(input, ctx);
  if (!tool) return { ok: false, text: `Error: no tool "${name}". Tools: ${AGENT_TOOLS.map((t) => t.name).join(', ')}.` };
  try {
    const valid = validateInput<Record<string, unknown>>(tool.inputSchema, input);
    if (tool.admin && !ctx.adminAllowed && valid.dryRun !== true) throw new AdminDisabledError(tool.name);
    const data = await tool.run(valid, ctx);
    return { ok: !data.failed, text: render(data, secrets) };
  } catch (e) {
    return errorResult(e, secrets);
  }
}

export interface Confirmation {
  title: string;
  message: string;
}

/**
 * What an admin call will do, for the confirmation shown before it runs; undefined when nothing will run (a read
 * tool, dryRun, nothing to do, bad input, a refused profile: the call itself then answers why).
 */
export async function prepareAdmin(name: string, input: unknown, ctx: ToolContext): Promise<Confirmation | undefined> {
  const tool = ADMIN_TOOLS.find((t) => t.name === name);
  if (!tool) return undefined;
  let p: AdminPlan;
  try {
    const valid = validateInput<{ dryRun?: boolean }>(tool.inputSchema, input);
    if (valid.dryRun) return undefined;
    p = await tool.plan(valid, ctx);
  } catch {
    return undefined;
  }
  if (p.noop || adminRefusal(p.target, p.request.kind)) return undefined;
  const secrets = await secretsFor(input, ctx);
  return { title: render({ summary: `${p.title}?` }, secrets), message: render({ summary: p.message }, secrets) };
}
