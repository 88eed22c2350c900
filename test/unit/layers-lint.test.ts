// A boundary is real only when breaking it fails lint. Each probe below is linted with the project's own
// eslint.config.mjs as if it were a file in the folder it names (the file is not written: ESLint picks the rules
// by path), and must be refused by the rule that guards that boundary; an allowed import must pass. Then the real
// tree must be clean, so the rules hold today and not only for probes.
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import type { ESLint as ESLintType } from 'eslint';

const root = resolve(__dirname, '../..');

let eslint: ESLintType;

/** The rule ids ESLint reports for `code` placed at `path` (relative to the repository). */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const refused = async (path: string, code: string, rule: string, what: RegExp) => {
  const found = await problems(path, code);
  assert.ok(
    found.some((p) => p.startsWith(`${rule}:`) && what.test(p)),
    `${path} was not refused by ${rule}: ${found.join(' | ') || 'no problem'}`,
  );
};

const allowed = async (path: string, code: string) => assert.deepEqual(await problems(path, code), [], path);

describe('architecture layers, enforced by lint (eslint.config.mjs, scripts/eslint-layers.mjs)', function () {
  this.timeout(120_000);
  before(async () => {
    const { ESLint } = await import('eslint');
    eslint = new ESLint({ cwd: root });
  });

  it('refuses a view that imports a command', () =>
    refused(
      'src/views/probe.ts',
      "import { registerCommands } from '../commands/registry';\nexport const x = registerCommands;\n",
      'layers/imports',
      /views\) must not import commands/,
    ));

  it('refuses a view in a subfolder that imports a command, and a type-only import alike', () =>
    refused(
      'src/views/keys/probe.ts',
      "import type { CommandFamily } from '../../commands/types';\nexport type X = CommandFamily;\n",
      'layers/imports',
      /must not import commands/,
    ));

  it('refuses a core module that imports a service, a view or vscode', async () => {
    await refused(
      'src/core/topology/probe.ts',
      "import { Monitor } from '../../services/monitor';\nexport const x = Monitor;\n",
      'layers/imports',
      /core\) must not import services/,
    );
    await refused(
      'src/core/probe.ts',
      "import { Explorer } from '../views/tree';\nexport const x = Explorer;\n",
      'layers/imports',
      /views/,
    );
    await refused('src/core/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n", 'layers/imports', /vscode-free/);
  });

  it('refuses the shared pickers (src/ui) importing a command or a view', () =>
    refused(
      'src/ui/probe.ts',
      "import { Explorer } from '../views/tree';\nexport const x = Explorer;\n",
      'layers/imports',
      /ui\) must not/,
    ));

  it('refuses `throw new Error(` in src/core and in the CLI, and lets a RedisClusterError through', async () => {
    await refused(
      'src/core/keys/probe.ts',
      "export function f(): never {\n  throw new Error('no');\n}\n",
      'no-restricted-syntax',
      /RedisClusterError/,
    );
    await refused(
      'src/cli/probe.ts',
      "export function f(): never {\n  throw new Error('no');\n}\n",
      'no-restricted-syntax',
      /RedisClusterError/,
    );
    await allowed(
      'src/core/keys/probe.ts',
      "import { InputError } from '../common/errors';\nexport function f(): never {\n  throw new InputError('no', 'Do this');\n}\n",
    );
  });

  it('refuses a webview module that imports a core module not on the browser-safe list, or a Node module', async () => {
    await refused(
      'webview/probe.ts',
      "import { newScanCursor } from '../src/core/keys/scan';\nexport const x = newScanCursor;\n",
      'layers/imports',
      /browser bundle/,
    );
    await refused(
      'webview/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'layers/imports',
      /Node module/,
    );
    await allowed(
      'webview/probe.ts',
      "import { formatBytes } from '../src/core/common/format';\nimport type { HostMessage } from '../src/shared/protocol';\n" +
        'export const x = formatBytes;\nexport type Y = HostMessage;\n',
    );
  });

  it('keeps the browser-safe list pure: a listed module may not import a package or an unlisted module', async () => {
    await refused('src/core/common/format.ts', "import Redis from 'ioredis';\nexport const x = Redis;\n", 'layers/imports', /browser-safe/);
    await refused(
      'src/core/topology/nodeLookup.ts',
      "import { errorText } from '../common/errors';\nexport const x = errorText;\n",
      'layers/imports',
      /browser bundle/,
    );
    await refused(
      'src/shared/protocol.ts',
      "import type { Topology } from '../core/topology/topology';\nexport type X = Topology;\n",
      'layers/imports',
      /browser bundle/,
    );
  });

  it('finds nothing in the real tree (src, webview)', async () => {
    const results = await eslint.lintFiles(['src', 'webview']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId}: ${m.message}`));
    assert.ok(results.length > 150, `only ${results.length} files linted`);
    assert.deepEqual(found, []);
  });
});
