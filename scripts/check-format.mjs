// Static check: the code is as Prettier formats it, and no line of code is longer than 140 characters (Prettier
// cannot break long strings or comments, so they are checked here). Exit 1 with the offending places listed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 140;
const roots = ['src', 'webview', 'test', 'bench', 'scripts'];

const prettier = spawnSync('npx', ['prettier', '--check', ...roots], { encoding: 'utf8' });
const unformatted =
  prettier.status === 0 ? [] : prettier.stdout.split('\n').filter((l) => l.startsWith('[warn] ') && !/Code style issues/.test(l));

const files = spawnSync('git', ['ls-files', ...roots], { encoding: 'utf8' })
  .stdout.split('\n')
  .filter((f) => /\.(ts|mjs|cjs)$/.test(f));
const long = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    // Characters, not bytes or UTF-16 units: "…" counts as one, as Prettier counts it.
    const width = [...line].length;
    if (width > MAX) long.push(`${file}:${i + 1}: ${width} characters`);
  });
}

for (const l of unformatted) console.log(`not formatted: ${l.slice('[warn] '.length)}`);
for (const l of long) console.log(`over ${MAX}: ${l}`);
if (prettier.status !== 0 && unformatted.length === 0) console.log(prettier.stderr || prettier.stdout);
const ok = prettier.status === 0 && long.length === 0;
console.log(
  ok ? `${files.length} files formatted, no line over ${MAX}` : `${unformatted.length} unformatted file(s), ${long.length} long line(s)`,
);
process.exit(ok ? 0 : 1);
