// Runs every benchmark in bench/ (or the ones named) one after another; each prints its own ratios.
// Usage: npm run bench [-- name ...]   e.g. npm run bench -- distribution scan
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const names = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => names.length === 0 || names.some((n) => f.startsWith(n)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${names.join(', ')}`);
  process.exit(2);
}
spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const r = spawnSync('node_modules/.bin/tsx', [`bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
