// The report as JSON, CSV (one table: section, name, figures) and Markdown (what the CLI prints as text too).
import { formatBytes } from '../common/format';
import type { AnalyzeReport, NamespaceView } from './types';
import { TTL_BUCKETS } from './types';

export type { ExportFormat } from './report';
import type { ExportFormat } from './report';

export const TTL_LABELS: Record<(typeof TTL_BUCKETS)[number], string> = {
  none: 'no TTL',
  lt1h: '< 1 h',
  lt1d: '< 1 d',
  lt1w: '< 1 w',
  longer: '≥ 1 w',
};

export function flattenNamespaces(root: NamespaceView): NamespaceView[] {
  const out: NamespaceView[] = [];
  const walk = (n: NamespaceView) => {
    if (n.name) out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '0 %');
const ttlText = (ms: number) => (ms < 0 ? 'none' : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 3600_000).toFixed(1)} h`);

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportCsv(r: AnalyzeReport): string {
  const rows: (string | number | undefined)[][] = [
    ['section', 'name', 'keys', 'bytes', 'type', 'ttl_ms', 'elements', 'slot', 'node', 'no_ttl'],
  ];
  for (const s of r.shards)
    rows.push(['shard', s.readFrom, s.keys, s.bytes, undefined, undefined, undefined, undefined, s.master, undefined]);
  for (const [t, v] of Object.entries(r.types)) rows.push(['type', t, v.keys, v.bytes]);
  for (const b of TTL_BUCKETS) rows.push(['ttl', b, r.ttl[b].keys, r.ttl[b].bytes]);
  for (const n of flattenNamespaces(r.namespaces))
    rows.push(['namespace', n.name, n.keys, n.bytes, undefined, undefined, undefined, undefined, undefined, n.noTtl]);
  for (const k of r.top) rows.push(['top', k.key, 1, k.bytes, k.type, k.ttlMs, k.elements, k.slot, k.node]);
  for (const k of r.audit.bigValues.examples) rows.push(['big-value', k.key, 1, k.bytes]);
  for (const k of r.audit.longNames.examples) rows.push(['long-name', k.key, 1, undefined]);
  for (const k of r.audit.noDelimiter.examples) rows.push(['no-delimiter', k.key, 1]);
  for (const m of r.audit.mixedTtl)
    rows.push(['mixed-ttl', m.namespace, m.keys, undefined, undefined, undefined, undefined, undefined, undefined, m.noTtl]);
  for (const f of r.audit.splitFamilies) rows.push(['split-family', f.pattern, f.split]);
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const listOr = (items: string[], none = 'none') => (items.length ? items.join(', ') : none);

const md = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

export function reportMarkdown(r: AnalyzeReport): string {
  const L: string[] = [];
  L.push(`# Keyspace of ${md(r.profile)}${r.partial ? ' (PARTIAL)' : ''}`, '');
  if (r.partial) L.push(`**Partial report:** ${md(r.partialReason ?? '')}`, '');
  const o = r.options;
  L.push(
    `${r.totals.keys.toLocaleString('en-US')} keys, ${formatBytes(r.totals.bytes)}, ${pct(r.totals.noTtl, r.totals.keys)} without TTL; ` +
      `read from ${o.on} at pace ${o.pace} in ${(r.elapsedMs / 1000).toFixed(1)} s` +
      `${o.match ? `, match ${md(o.match)}` : ''}${o.type ? `, type ${o.type}` : ''}.`,
    '',
  );
  for (const n of r.notes) L.push(`- ${md(n)}`);
  if (r.notes.length) L.push('');
  L.push('## Shards', '', '| Master | Read from | Keys | Memory | State |', '|---|---|---:|---:|---|');
  for (const s of r.shards)
    L.push(
      row([
        s.master,
        `${s.readFrom} (${s.role})`,
        s.keys,
        formatBytes(s.bytes),
        s.error ? `failed: ${md(s.error)}` : s.done ? 'done' : 'incomplete',
      ]),
    );
  L.push('', '## Types', '', '| Type | Keys | Memory |', '|---|---:|---:|');
  for (const [t, v] of Object.entries(r.types)) if (v.keys) L.push(`| ${t} | ${v.keys} | ${formatBytes(v.bytes)} |`);
  L.push('', '## TTL', '', '| TTL | Keys | Memory |', '|---|---:|---:|');
  for (const b of TTL_BUCKETS) L.push(`| ${TTL_LABELS[b]} | ${r.ttl[b].keys} | ${formatBytes(r.ttl[b].bytes)} |`);
  L.push(
    '',
    '## Namespaces',
    '',
    '| Namespace | Keys | Memory | Share | Average | Largest | No TTL |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const n of flattenNamespaces(r.namespaces)) {
    const avg = formatBytes(Math.round(n.bytes / Math.max(1, n.keys)));
    L.push(
      row([md(n.name), n.keys, formatBytes(n.bytes), pct(n.bytes, r.totals.bytes), avg, formatBytes(n.maxBytes), pct(n.noTtl, n.keys)]),
    );
  }
  L.push(
    '',
    `## Top ${r.top.length} keys by memory`,
    '',
    '| Key | Type | Memory | Elements | TTL | Node |',
    '|---|---|---:|---:|---:|---|',
  );
  for (const k of r.top) L.push(`| ${md(k.key)} | ${k.type} | ${formatBytes(k.bytes)} | ${k.elements} | ${ttlText(k.ttlMs)} | ${k.node} |`);
  const a = r.audit;
  L.push('', '## Key-design audit', '');
  const big = a.bigValues.examples.map((k) => `${md(k.key)} ${formatBytes(k.bytes)}`);
  L.push(`- Values over 1 MB: ${a.bigValues.count}${big.length ? ` (${big.join(', ')})` : ''}`);
  L.push(
    `- Keys without the delimiter "${md(o.delimiter)}": ${a.noDelimiter.count}${
      a.noDelimiter.examples.length
        ? ` (e.g. ${a.noDelimiter.examples
            .slice(0, 5)
            .map((k) => md(k.key))
            .join(', ')})`
        : ''
    }`,
  );
  L.push(`- Key names over 128 bytes: ${a.longNames.count}`);
  const mixed = a.mixedTtl.map((m) => `${md(m.namespace)} (${m.noTtl} of ${m.keys} without TTL)`);
  L.push(`- Namespaces where most keys expire but some never do: ${listOr(mixed)}`);
  const split = a.splitFamilies.map(
    (f) => `${md(f.pattern)} (${f.split} of ${f.families} families, e.g. ${md(f.examples[0]?.family ?? '')}:*)`,
  );
  L.push(`- Families spread over many slots without a hash tag: ${listOr(split)}`);
  L.push('');
  return L.join('\n');
}

export function exportReport(r: AnalyzeReport, format: ExportFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  return format === 'csv' ? reportCsv(r) : reportMarkdown(r);
}

/** A short summary of a report for agents and logs: totals, where the memory goes, the audit counts. */
export function analysisSummary(r: AnalyzeReport, n = 10): object {
  const ns = [...r.namespaces.children].sort((a, b) => b.bytes - a.bytes).slice(0, n);
  return {
    profile: r.profile,
    startedAt: r.startedAt,
    partial: r.partial,
    partialReason: r.partialReason,
    failedNodes: r.failedNodes,
    options: r.options,
    totals: r.totals,
    namespaces: ns.map((x) => ({ name: x.name, match: x.match, keys: x.keys, bytes: x.bytes, noTtl: x.noTtl })),
    topKeys: r.top.slice(0, n).map((k) => ({ key: k.key, type: k.type, bytes: k.bytes, ttlMs: k.ttlMs })),
    audit: {
      valuesOver1MB: r.audit.bigValues.count,
      keysWithoutDelimiter: r.audit.noDelimiter.count,
      namesOver128Bytes: r.audit.longNames.count,
      namespacesWithMixedTtl: r.audit.mixedTtl.length,
      familiesSplitOverSlots: r.audit.splitFamilies.length,
    },
  };
}
