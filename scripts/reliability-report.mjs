// Renders test-results/reliability.json (written by test/reliability during `npm run test:reliability`) as the
// markdown table for the "Reliability" section of bench/README.md. Usage: node scripts/reliability-report.mjs [file]
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/reliability.json';
const { runAt, figures } = JSON.parse(readFileSync(file, 'utf8'));
const order = [
  'rebalance.keys',
  'rebalance.lost',
  'rebalance.errors',
  'rebalance.rate',
  'death.source',
  'death.target',
  'fault.failover',
  'fault.seed',
  'fault.partial',
  'fault.slow',
  'bad.connect',
  'sec.cli',
];
const ids = [
  ...order.filter((id) => figures[id]),
  ...Object.keys(figures)
    .filter((id) => !order.includes(id))
    .sort(),
];
const cell = (v) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
const lines = ['| Figure | Value | Goal | Met | Notes |', '|---|---|---|---|---|'];
for (const id of ids) {
  const f = figures[id];
  lines.push(
    `| ${cell(f.label)} | ${cell(f.unit ? `${f.value} ${f.unit}` : f.value)} | ` +
      `${cell(f.goal ?? '')} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} ` +
      `| ${cell(f.note ?? '')} |`,
  );
}
lines.push(
  '',
  `_Run ${runAt}, ${process.platform}, Node ${process.version.slice(1)}; ` +
    `regenerate with \`npm run test:reliability && node scripts/reliability-report.mjs\`._`,
);
console.log(lines.join('\n'));
