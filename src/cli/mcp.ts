// `mcp --profile FILE [--allow-admin]`: the agent tools (src/core/agent) as an MCP server over stdio, for agents
// outside the editor (Claude Desktop, VS Code's MCP support, any MCP client). Read-only unless --allow-admin; even
// then admin tools run only when called, after the client's own approval, and dryRun shows the plan first.
// stdout is the protocol channel: progress and the replayable CLI line of an admin action go to stderr (redacted).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AGENT_TOOLS, callTool } from '../core/agent';
import { runAdminWithCore } from '../core/agent/coreAdmin';
import { ToolInputError } from '../core/agent/schema';
import type { AgentHost } from '../core/agent/types';
import { storePasswordsFromEnv } from '../core/connection/javaStores';
import { analyze, languageOfFile } from '../core/keysInCode';
import { discoverTopology } from '../core/topology/topology';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, openSession, profilePassword } from './context';

export const mcpSpec = defineCommand({
  name: 'mcp',
  summary: "Serve the extension's agent tools as an MCP server on stdio, for agents outside the editor.",
  usage: 'mcp --profile FILE [--allow-admin]',
  options: {
    profile: { ...common.profile, description: `${common.profile.description} The server serves this one profile.` },
    'allow-admin': {
      type: 'boolean',
      description:
        "Also let admin tools run (each only when called, after the client's approval; dryRun shows the plan). " +
        'Without it the server is read-only: admin tools only show their plan.',
    },
  },
  examples: ['redis-cluster mcp --profile prod.json', 'redis-cluster mcp --profile staging.json --allow-admin'],
});

function cliHost(profileFile: string, io: CliIO): { host: AgentHost; close(): Promise<void> } {
  const session = openSession(profileFile);
  const profile = session.profile;
  let used = false;
  const host: AgentHost = {
    profiles: () => [
      {
        id: profile.name,
        label: profile.name,
        scope: 'file',
        connected: used,
        readOnly: !!profile.readOnly,
        protected: !!profile.protected,
      },
    ],
    target: async (ref) => {
      if (ref !== profile.name) throw new UsageError(`no profile "${ref}": this server serves "${profile.name}" only`);
      used = true;
      return { id: profile.name, profile, session, topology: await discoverTopology(session) };
    },
    secrets: async () => {
      const stores = storePasswordsFromEnv(profile.tls);
      return [profilePassword(profile), stores.pfx, stores.trustStore, process.env.REDIS_CLUSTER_PASSWORD].filter((s): s is string => !!s);
    },
    analyzeFile: async (file) => {
      const lang = languageOfFile(file);
      if (!lang) throw new ToolInputError(`input "file": ${file} is not a .ts .tsx .js .jsx .mjs .cjs .java .kt .kts or .py file`);
      const path = resolve(file);
      const source = await readFile(path, 'utf8');
      return { path, source, analysis: await analyze(source, lang) };
    },
    profileFile: () => profileFile,
    runAdmin: async (request, opts) => {
      io.err(`running: ${opts.cliLine}`);
      return runAdminWithCore(session, request, { signal: opts.signal, onProgress: (m) => io.err(m) });
    },
  };
  return { host, close: () => session.close() };
}

export async function mcpCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, mcpSpec);
  if (positionals.length) throw new UsageError(`mcp takes no positional arguments (got ${positionals.join(' ')})`);
  if (!values.profile) throw new UsageError('--profile FILE is required');
  const adminAllowed = !!values['allow-admin'];
  // Loaded here: the SDK is only needed by this command, so other commands do not pay for it.
  const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const { host, close } = cliHost(values.profile, io);
  const server = new Server({ name: 'redis-cluster', version: '0.1.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: AGENT_TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.admin && !adminAllowed ? `${t.description} (This server is read-only: only dryRun works.)` : t.description,
      inputSchema: t.inputSchema as { type: 'object'; properties: Record<string, object> },
      annotations: { title: t.title, readOnlyHint: !t.admin, destructiveHint: t.admin, openWorldHint: false },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const r = await callTool(request.params.name, request.params.arguments ?? {}, { host, signal: extra.signal, adminAllowed });
    return { content: [{ type: 'text' as const, text: r.text }], isError: !r.ok };
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    server.onclose = () => done();
    process.stdin.once('end', () => done());
  });
  await server.connect(transport);
  io.err(`redis-cluster MCP server for "${values.profile}" on stdio (${adminAllowed ? 'admin tools allowed' : 'read-only'})`);
  try {
    await closed;
  } finally {
    await server.close().catch(() => undefined);
    await close();
  }
  return 0;
}
