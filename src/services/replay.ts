// Where replayable log lines point: the CLI inside the installed extension and one exported profile file per
// profile in the extension's global storage. Writing the file before logging makes every action line runnable.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ClusterProfile } from '../core/profiles/profile';
import { profileFileJson, profileFileName, replayLine } from '../core/admin/commandLine';

export class ReplayFiles {
  constructor(private readonly context: Pick<vscode.ExtensionContext, 'extensionUri' | 'globalStorageUri'>) {}

  get cliPath(): string {
    return path.join(this.context.extensionUri.fsPath, 'dist', 'cli.js');
  }

  profilePath(name: string): string {
    return path.join(this.context.globalStorageUri.fsPath, 'profiles', profileFileName(name));
  }

  /** Writes the profile file the log lines refer to (no secret: the password stays in its variable). */
  export(profile: ClusterProfile): string {
    const file = this.profilePath(profile.name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(profileFileJson(profile), null, 2)}\n`, { mode: 0o600 });
    return file;
  }

  /** The log's `action:` line for a CLI line; exports the profile first so the line runs as printed. */
  line(cliLine: string, profile?: ClusterProfile): string {
    if (!profile) return replayLine(cliLine, this.cliPath);
    const file = this.export(profile);
    const env = profileFileJson(profile).passwordEnv;
    return `${replayLine(cliLine, this.cliPath, file)}   # password from $${env}`;
  }
}
