// The Analyze Keyspace report app: progress while the run goes (keys/s, ETA, Cancel), then the report: summary,
// shards, types, TTL, namespace tree, top keys and the key-design audit, with export buttons.
import './analyze.css';
import { formatBytes } from '../../src/core/common/format';
import type { AnalyzeHostMessage, AnalyzeProgress, AnalyzeReport } from '../../src/shared/analyzeProtocol';
import { el, stat } from '../dom';
import { int, pct } from '../format';
import { onHostMessage, post, saveState } from './host';
import { distributionSection, keyButton, namespaceSection, shardsSection, topSection } from './sections';

const app = document.getElementById('app') as HTMLElement;
const header = el('header');
const title = el('h1', undefined, 'Keyspace');
const status = el('div', 'status', 'Waiting for the analysis to start…');
status.setAttribute('role', 'status');
const actions = el('div', 'actions');
const body = el('div', 'report');
header.append(title, status, actions);
app.append(header, body);

function button(label: string, onClick: () => void, secondary = true): HTMLButtonElement {
  const b = el('button', secondary ? 'secondary' : undefined, label);
  b.addEventListener('click', onClick);
  return b;
}

function showRunning(): void {
  actions.replaceChildren(button('Cancel', () => post({ type: 'cancel' }), false));
}

function progressText(p: AnalyzeProgress): string {
  const of = p.expected ? ` of ${int(p.expected)}` : '';
  const eta = p.etaSeconds === undefined ? '' : `, about ${p.etaSeconds} s left`;
  const lat = p.latencyMs === undefined ? '' : `, client latency ${p.latencyMs.toFixed(1)} ms (budget ${p.budgetMs?.toFixed(1)} ms)`;
  const phase = p.phase === 'settle' ? 'Settling slots that moved… ' : '';
  return `${phase}${int(p.keys)}${of} keys read, ${int(p.keysPerSec)} keys/s${eta}, ${p.nodesDone}/${p.nodes} shards done${lat}`;
}

function section(name: string, content: HTMLElement, note?: string): HTMLElement {
  const s = el('section');
  const id = `s-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  const h = el('h2', undefined, name);
  h.id = id;
  s.setAttribute('aria-labelledby', id);
  s.append(h);
  if (note) s.append(el('p', 'muted', note));
  s.append(content);
  return s;
}

function auditSection(r: AnalyzeReport): { element: HTMLElement; items: number } {
  const list = el('ul', 'audit');
  let items = 0;
  const item = (label: string, count: number, examples: { key: string; base64: string; bytes?: number }[], explain: string) => {
    const li = el('li', count ? 'finding' : 'ok');
    li.append(el('strong', undefined, `${label}: ${int(count)}`), el('span', 'muted', ` — ${explain}`));
    if (examples.length) {
      const ex = el('div', 'examples');
      for (const k of examples.slice(0, 10)) {
        ex.append(keyButton(k.bytes ? `${k.key} (${formatBytes(k.bytes)})` : k.key, k.base64));
      }
      li.append(ex);
    }
    list.append(li);
    items++;
  };
  const a = r.audit;
  item('Values over 1 MB', a.bigValues.count, a.bigValues.examples, 'big values block the server while they are read, written or migrated');
  item(`Keys without the delimiter "${r.options.delimiter}"`, a.noDelimiter.count, a.noDelimiter.examples, 'use a type:id:field naming');
  item('Key names over 128 bytes', a.longNames.count, a.longNames.examples, 'long names cost memory in every key and command');
  const mixed = el('li', a.mixedTtl.length ? 'finding' : 'ok');
  mixed.append(el('strong', undefined, `Namespaces where most keys expire but some never do: ${a.mixedTtl.length}`));
  for (const m of a.mixedTtl.slice(0, 20)) {
    const b = el('button', 'link', `${m.namespace} (${int(m.noTtl)} of ${int(m.keys)} without TTL)`);
    b.addEventListener('click', () => post({ type: 'openNamespace', match: m.match }));
    mixed.append(el('div', 'examples'), b);
  }
  list.append(mixed);
  items++;
  const fam = el('li', a.splitFamilies.length ? 'finding' : 'ok');
  fam.append(
    el('strong', undefined, `Families spread over many slots without a hash tag: ${a.splitFamilies.length}`),
    el(
      'span',
      'muted',
      ' — names such as user:1000:* suggest one entity; a {user:1000} hash tag keeps it in one slot for multi-key commands',
    ),
  );
  for (const f of a.splitFamilies.slice(0, 20)) {
    const d = el(
      'div',
      'examples',
      `${f.pattern}: ${int(f.split)} of ${int(f.families)} families split, e.g. ${f.examples
        .slice(0, 3)
        .map((e) => `${e.family}:* (${e.keys} keys, ${e.slots >= 8 ? '8+' : e.slots} slots)`)
        .join(', ')}`,
    );
    fam.append(d);
  }
  list.append(fam);
  items++;
  return { element: list, items };
}

function render(r: AnalyzeReport): void {
  title.textContent = `Keyspace of ${r.profile}${r.partial ? ' (partial)' : ''}`;
  const o = r.options;
  const which = `${o.match ? `, keys matching ${o.match}` : ''}${o.type ? `, type ${o.type}` : ''}`;
  const secs = (r.elapsedMs / 1000).toFixed(1);
  status.textContent = `${int(r.totals.keys)} keys analysed in ${secs} s, read from ${o.on} at the ${o.pace} pace${which}.`;
  actions.replaceChildren(
    button('Export JSON', () => post({ type: 'export', format: 'json' })),
    button('Export CSV', () => post({ type: 'export', format: 'csv' })),
    button('Export Markdown', () => post({ type: 'export', format: 'markdown' })),
  );
  const parts: HTMLElement[] = [];
  if (r.partial) {
    const banner = el('div', 'banner');
    banner.setAttribute('role', 'alert');
    const why = r.partialReason === 'cancelled' ? 'the analysis was cancelled' : (r.partialReason ?? '');
    banner.textContent = `Partial report: ${why}. The figures cover only the keys read before that.`;
    parts.push(banner);
  }
  for (const n of r.notes) parts.push(el('p', 'note', n));
  const stats = el('div', 'stats');
  for (const [label, value] of [
    ['keys', int(r.totals.keys)],
    ['memory', formatBytes(r.totals.bytes)],
    ['without TTL', pct(r.totals.noTtl, r.totals.keys)],
    ['average key', formatBytes(Math.round(r.totals.bytes / Math.max(1, r.totals.keys)))],
  ]) {
    const s = stat(label);
    s.value.textContent = value;
    stats.append(s.element);
  }
  parts.push(stats);
  let namespaceRows = 0;
  let topRows = 0;
  const audit = auditSection(r);
  parts.push(
    section('Key-design audit', audit.element),
    section(
      'Namespaces',
      namespaceSection(r, () => namespaceRows++),
      `By "${r.options.delimiter}"; id-like segments shown as *. Click a namespace to browse its keys.`,
    ),
    section(
      `Top ${r.top.length} keys by memory`,
      topSection(r, () => topRows++),
      'Click a key to open it.',
    ),
    section(
      'Types',
      distributionSection(
        'Type',
        Object.entries(r.types).filter(([, v]) => v.keys > 0),
        r.totals.keys,
      ),
    ),
    section('TTL', distributionSection('TTL', Object.entries(r.ttl), r.totals.keys)),
    section('Shards', shardsSection(r)),
  );
  body.replaceChildren(...parts);
  post({ type: 'rendered', report: { partial: r.partial, namespaceRows, topRows, auditItems: audit.items } });
}

onHostMessage((m: AnalyzeHostMessage) => {
  switch (m.type) {
    case 'start':
      saveState({ profile: m.profile });
      title.textContent = `Keyspace of ${m.profile}`;
      const which = m.options.match ? `keys matching ${m.options.match}` : 'every key';
      status.textContent = `Analysing ${which} (${m.options.on}, ${m.options.pace} pace)…`;
      body.replaceChildren();
      showRunning();
      return;
    case 'progress':
      status.textContent = progressText(m.progress);
      return;
    case 'report':
      render(m.report);
      return;
    case 'failed':
      status.textContent = `The analysis failed: ${m.error}`;
      actions.replaceChildren();
      return;
  }
});

post({ type: 'ready' });
