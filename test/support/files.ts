// Plain file helpers shared by the tests (no vscode import).
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Every file under dir, recursively; none when dir does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
  });
}
