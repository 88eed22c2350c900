// The two questions of Import from Spring Boot Config: which Spring profile to import (when the files name any),
// and the values of placeholders that have no default ("${REDIS_HOST}:${REDIS_PORT}"), prefilled from the
// environment and from a .env file in the workspace or the project.
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { springProfilesOf } from '../core/spring/layers';
import { parseDotEnv } from '../core/spring/placeholders';

/**
 * The active profiles to import with: undefined for the file's own spring.profiles.active (also when it names no
 * profile), null when the user cancelled.
 */
export async function pickSpringProfiles(file: string): Promise<string[] | undefined | null> {
  const { profiles, declared } = springProfilesOf(file);
  if (!profiles.length) return undefined;
  type Item = vscode.QuickPickItem & { value: string[] };
  const items: Item[] = [
    {
      label: l10n.t('No profile'),
      description: declared.length ? l10n.t('the file activates {0}', declared.join(', ')) : undefined,
      detail: l10n.t('Only the settings that apply without a Spring profile'),
      value: [],
    },
    ...profiles.map(
      (p): Item => ({
        label: p,
        description: declared.includes(p) ? l10n.t('spring.profiles.active') : undefined,
        value: [p],
      }),
    ),
  ];
  // The file's own active profile comes first, as Spring would use it.
  items.sort((a, b) => Number(b.value.some((v) => declared.includes(v))) - Number(a.value.some((v) => declared.includes(v))));
  const picked = await vscode.window.showQuickPick(items, {
    title: l10n.t('Import from {0}: which Spring profile?', path.basename(file)),
    placeHolder: l10n.t('Its documents and application-<profile> files are layered over the base settings, as Spring Boot does'),
  });
  return picked ? picked.value : null;
}

function dotEnv(dirs: (string | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of dirs) {
    const file = dir ? path.join(dir, '.env') : undefined;
    if (file && existsSync(file)) Object.assign(out, { ...parseDotEnv(readFileSync(file, 'utf8')), ...out });
  }
  return out;
}

/** Asks for each placeholder in turn; undefined when the user cancels one. */
export async function askPlaceholders(names: string[], dotEnvDirs: (string | undefined)[]): Promise<Record<string, string> | undefined> {
  const known = dotEnv(dotEnvDirs);
  const out: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    const prefill = process.env[name] ?? known[name];
    const value = await vscode.window.showInputBox({
      title: l10n.t('Spring placeholder {0} of {1}', i + 1, names.length),
      prompt: l10n.t('Value of {0}: the settings file gives it no default', `\${${name}}`),
      value: prefill,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : l10n.t('Give a value (it is used for this import only)')),
    });
    if (value === undefined) return undefined;
    out[name] = value.trim();
  }
  return out;
}
