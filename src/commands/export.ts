// Export commands: the profile file that the log's `action:` lines name, and the topology as JSON, Markdown
// or Mermaid (pure renderers in core/topologyExport).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { errorText } from '../core/common/errors';
import { profileFileJson } from '../core/admin/commandLine';
import { type TopologyFormat, renderTopology } from '../core/topology/export';
import { discoverTopology } from '../core/topology/topology';
import type { Services } from '../services';
import { pickProfile } from '../ui/pick';
import type { CommandHandler } from './types';

/** Writes <global storage>/profiles/<name>.redis-cluster.json (validated by the profile schema in the editor); returns its path. */
async function exportProfileFile(s: Services, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  const profile = name ? s.profiles.get(name)?.profile : undefined;
  if (!name || !profile) return undefined;
  const file = s.replay.export(profile);
  const env = profileFileJson(profile).passwordEnv;
  s.log.info(`profile "${name}" exported to ${file} (password from $${env})`);
  if (!(typeof arg === 'object' && arg && 'quiet' in arg)) {
    const copyB = l10n.t('Copy Path');
    const openB = l10n.t('Open');
    void vscode.window
      .showInformationMessage(
        l10n.t(
          'Redis Cluster: profile "{0}" written to {1}. The log\'s action lines use it; the CLI reads the password from ${2}.',
          s.profiles.label(name),
          file,
          env ?? '',
        ),
        copyB,
        openB,
      )
      .then(async (a) => {
        if (a === copyB) await vscode.env.clipboard.writeText(file);
        if (a === openB) await vscode.window.showTextDocument(vscode.Uri.file(file));
      });
  }
  return file;
}

const FORMATS: { format: TopologyFormat; label: string; language: string }[] = [
  { format: 'markdown', label: 'Markdown', language: 'markdown' },
  { format: 'mermaid', label: 'Mermaid', language: 'mermaid' },
  { format: 'json', label: 'JSON', language: 'json' },
];

function formatOf(arg: unknown): TopologyFormat | undefined {
  const f = typeof arg === 'object' && arg && 'format' in arg ? arg.format : undefined;
  return FORMATS.find((x) => x.format === f)?.format;
}

/** Opens the rendered topology as an untitled document (Markdown: also its preview); returns the text. */
async function exportTopology(s: Services, arg: unknown): Promise<string | undefined> {
  const name = await pickProfile(s, arg);
  if (!name) return undefined;
  const format =
    formatOf(arg) ??
    (
      await vscode.window.showQuickPick(
        FORMATS.map((f) => ({ label: f.label, format: f.format })),
        { title: l10n.t('Redis Cluster: export the topology of "{0}" as', s.profiles.label(name)) },
      )
    )?.format;
  if (!format) return undefined;
  try {
    const topology = await discoverTopology(await s.connections.session(name));
    const content = renderTopology(topology, format, `Redis Cluster "${s.profiles.label(name)}"`);
    const wanted = FORMATS.find((f) => f.format === format)?.language ?? 'plaintext';
    // Mermaid has no built-in language in VS Code; plain text unless an extension adds it.
    const language = (await vscode.languages.getLanguages()).includes(wanted) ? wanted : 'plaintext';
    const doc = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(doc, { preview: false });
    if (format === 'markdown') await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
    return content;
  } catch (e) {
    void vscode.window.showErrorMessage(
      l10n.t('Redis Cluster "{0}": cannot export the topology: {1}', s.profiles.label(name), errorText(e)),
    );
    return undefined;
  }
}

export function exportCommands(s: Services): Record<string, CommandHandler> {
  return {
    'redisCluster.exportProfileFile': (arg) => exportProfileFile(s, arg),
    'redisCluster.exportTopology': (arg) => exportTopology(s, arg),
  };
}
