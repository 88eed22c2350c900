// The Analyze Keyspace report app: progress while the run goes (keys/s, ETA, Cancel), then the report: summary,
// shards, types, TTL, namespace tree, top keys and the key-design audit, with export buttons.
import './analyze.css';
import * as l10n from '@vscode/l10n';
import './l10nInit';
import { formatBytes } from '../../src/core/common/format';
import type { AnalyzeHostMessage, AnalyzeProgress, AnalyzeReport } from '../../src/shared/analyzeProtocol';
import { el, stat } from '../dom';
import { int, pct } from '../format';
import { onHostMessage, post, saveState } from './host';
import { distributionSection, keyButton, namespaceSection, shardsSection, topSection } from './sections';

const app = document.getElementById('app') as HTMLElement;
const header = el('header');
const title = el('h1', undefined, l10n.t('Keyspace'));
const status = el('div', 'status', l10n.t('Waiting for the analysis to start…'));
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
  actions.replaceChildren(button(l10n.t('Cancel'), () => post({ type: 'cancel' }), false));
}

function progressText(p: AnalyzeProgress): string {
  const read = p.expected
    ? l10n.t('{0} of {1} keys read, {2} keys/s, {3}/{4} shards done', int(p.keys), int(p.expected), int(p.keysPerSec), p.nodesDone, p.nodes)
    : l10n.t('{0} keys read, {1} keys/s, {2}/{3} shards done', int(p.keys), int(p.keysPerSec), p.nodesDone, p.nodes);
  const parts = [p.phase === 'settle' ? l10n.t('Settling slots that moved…') : '', read];
  if (p.etaSeconds !== undefined) parts.push(l10n.t('about {0} s left', p.etaSeconds));
  if (p.latencyMs !== undefined)
    parts.push(l10n.t('client latency {0} ms (budget {1} ms)', p.latencyMs.toFixed(1), p.budgetMs?.toFixed(1) ?? '?'));
  return parts.filter(Boolean).join(' · ');
}

let sections = 0;

function section(name: string, content: HTMLElement, note?: string): HTMLElement {
  const s = el('section');
  // A counter, not the (translated) name: every language gets unique ids.
  const id = `s-${++sections}`;
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
    li.append(el('strong', undefined, l10n.t('{0}: {1}', label, int(count))), el('span', 'muted', ` — ${explain}`));
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
  item(
    l10n.t('Values over 1 MB'),
    a.bigValues.count,
    a.bigValues.examples,
    l10n.t('big values block the server while they are read, written or migrated'),
  );
  item(
    l10n.t('Keys without the delimiter "{0}"', r.options.delimiter),
    a.noDelimiter.count,
    a.noDelimiter.examples,
    l10n.t('use a type:id:field naming'),
  );
  item(
    l10n.t('Key names over 128 bytes'),
    a.longNames.count,
    a.longNames.examples,
    l10n.t('long names cost memory in every key and command'),
  );
  const mixed = el('li', a.mixedTtl.length ? 'finding' : 'ok');
  mixed.append(el('strong', undefined, l10n.t('Namespaces where most keys expire but some never do: {0}', a.mixedTtl.length)));
  for (const m of a.mixedTtl.slice(0, 20)) {
    const b = el('button', 'link', l10n.t('{0} ({1} of {2} without TTL)', m.namespace, int(m.noTtl), int(m.keys)));
    b.addEventListener('click', () => post({ type: 'openNamespace', match: m.match }));
    mixed.append(el('div', 'examples'), b);
  }
  list.append(mixed);
  items++;
  const fam = el('li', a.splitFamilies.length ? 'finding' : 'ok');
  fam.append(
    el('strong', undefined, l10n.t('Families spread over many slots without a hash tag: {0}', a.splitFamilies.length)),
    el(
      'span',
      'muted',
      ` — ${l10n.t('names such as user:1000:* suggest one entity; a {user:1000} hash tag keeps it in one slot for multi-key commands')}`,
    ),
  );
  for (const f of a.splitFamilies.slice(0, 20)) {
    const d = el(
      'div',
      'examples',
      l10n.t(
        '{0}: {1} of {2} families split, e.g. {3}',
        f.pattern,
        int(f.split),
        int(f.families),
        f.examples
          .slice(0, 3)
          .map((e) => l10n.t('{0}:* ({1} keys, {2} slots)', e.family, e.keys, e.slots >= 8 ? '8+' : e.slots))
          .join(', '),
      ),
    );
    fam.append(d);
  }
  list.append(fam);
  items++;
  return { element: list, items };
}

function render(r: AnalyzeReport): void {
  title.textContent = r.partial ? l10n.t('Keyspace of {0} (partial)', r.profile) : l10n.t('Keyspace of {0}', r.profile);
  const o = r.options;
  const secs = (r.elapsedMs / 1000).toFixed(1);
  const done = l10n.t('{0} keys analysed in {1} s, read from {2} at the {3} pace.', int(r.totals.keys), secs, o.on, o.pace);
  const filters = [o.match ? l10n.t('Keys matching {0}.', o.match) : '', o.type ? l10n.t('Type {0}.', o.type) : ''];
  status.textContent = [done, ...filters].filter(Boolean).join(' ');
  actions.replaceChildren(
    button(l10n.t('Export JSON'), () => post({ type: 'export', format: 'json' })),
    button(l10n.t('Export CSV'), () => post({ type: 'export', format: 'csv' })),
    button(l10n.t('Export Markdown'), () => post({ type: 'export', format: 'markdown' })),
  );
  const parts: HTMLElement[] = [];
  if (r.partial) {
    const banner = el('div', 'banner');
    banner.setAttribute('role', 'alert');
    banner.textContent =
      r.partialReason === 'cancelled'
        ? l10n.t('Partial report: the analysis was cancelled. The figures cover only the keys read before that.')
        : l10n.t('Partial report: {0}. The figures cover only the keys read before that.', r.partialReason ?? '');
    parts.push(banner);
  }
  for (const n of r.notes) parts.push(el('p', 'note', n));
  const stats = el('div', 'stats');
  for (const [label, value] of [
    [l10n.t('keys'), int(r.totals.keys)],
    [l10n.t('memory'), formatBytes(r.totals.bytes)],
    [l10n.t('without TTL'), pct(r.totals.noTtl, r.totals.keys)],
    [l10n.t('average key'), formatBytes(Math.round(r.totals.bytes / Math.max(1, r.totals.keys)))],
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
    section(l10n.t('Key-design audit'), audit.element),
    section(
      l10n.t('Namespaces'),
      namespaceSection(r, () => namespaceRows++),
      l10n.t('By "{0}"; id-like segments shown as *. Click a namespace to browse its keys.', r.options.delimiter),
    ),
    section(
      l10n.t('Top {0} keys by memory', r.top.length),
      topSection(r, () => topRows++),
      l10n.t('Click a key to open it.'),
    ),
    section(
      l10n.t('Types'),
      distributionSection(
        l10n.t('Type'),
        Object.entries(r.types).filter(([, v]) => v.keys > 0),
        r.totals.keys,
      ),
    ),
    section(l10n.t('TTL'), distributionSection(l10n.t('TTL'), Object.entries(r.ttl), r.totals.keys)),
    section(l10n.t('Shards'), shardsSection(r)),
  );
  body.replaceChildren(...parts);
  post({ type: 'rendered', report: { partial: r.partial, namespaceRows, topRows, auditItems: audit.items } });
}

onHostMessage((m: AnalyzeHostMessage) => {
  switch (m.type) {
    case 'start':
      saveState({ profile: m.profile });
      title.textContent = l10n.t('Keyspace of {0}', m.profile);
      status.textContent = m.options.match
        ? l10n.t('Analysing keys matching {0} ({1}, {2} pace)…', m.options.match, m.options.on, m.options.pace)
        : l10n.t('Analysing every key ({0}, {1} pace)…', m.options.on, m.options.pace);
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
      status.textContent = l10n.t('The analysis failed: {0}', m.error);
      actions.replaceChildren();
      return;
  }
});

post({ type: 'ready' });
