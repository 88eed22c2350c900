// Empty TLS nodes of a test's own (not the shared cluster), started and stopped with the project's cluster script
// (scripts/cluster.ts start --no-create) from the extension host, for tests that form, split or grow a cluster.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { extensionUnderTest } from './extension';

const run = promisify(execFile);

export interface PrivateNodes {
  dir: string;
  password: string;
  sparePorts: number[];
  certs: { ca: string };
  /** Stops every node and removes the directory. */
  stop(): Promise<void>;
}

async function clusterScript(...args: string[]): Promise<string> {
  const cwd = extensionUnderTest().extensionPath;
  const tsx = path.join(cwd, 'node_modules/.bin/tsx');
  return (await run(tsx, ['scripts/cluster.ts', ...args], { cwd, timeout: 150_000, maxBuffer: 1 << 20 })).stdout;
}

/** `count` empty nodes (no cluster formed) on the block of ports from `basePort`. */
export async function startPrivateNodes(count: number, basePort: number): Promise<PrivateNodes> {
  const out = await clusterScript(
    'start',
    '--no-create',
    '--masters',
    '0',
    '--spares',
    String(count),
    '--base-port',
    String(basePort),
    '--json',
  );
  const nodes = JSON.parse(out.slice(out.indexOf('{'))) as Omit<PrivateNodes, 'stop'>;
  return { ...nodes, stop: async () => void (await clusterScript('stop', '--dir', nodes.dir)) };
}
