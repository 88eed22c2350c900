// The report's sections, built with textContent only (key names are server data, never markup). Every action is a
// real <button>, so the whole report works from the keyboard; bars are sized through the CSSOM (the CSP forbids
// inline style attributes).
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../../src/core/common/format';
import type { AnalyzeReport, NamespaceView } from '../../src/shared/analyzeProtocol';
import { el } from '../dom';
import { int, pct } from '../format';
import { post } from './host';

const TTL_LABELS: Record<string, string> = {
  none: l10n.t('No TTL'),
  lt1h: l10n.t('< 1 hour'),
  lt1d: l10n.t('< 1 day'),
  lt1w: l10n.t('< 1 week'),
  longer: l10n.t('1 week or more'),
};

export function table(headers: string[], numeric: boolean[] = []): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const t = el('table');
  const head = el('thead');
  const row = el('tr');
  headers.forEach((h, i) => {
    const th = el('th', numeric[i] ? 'num' : undefined, h);
    th.scope = 'col';
    row.append(th);
  });
  head.append(row);
  const body = el('tbody');
  t.append(head, body);
  return { table: t, body };
}

function cells(tr: HTMLTableRowElement, values: (string | Node)[], numeric: boolean[] = []): void {
  values.forEach((v, i) => {
    const td = el('td', numeric[i] ? 'num' : undefined);
    td.append(v);
    tr.append(td);
  });
}

export function bar(share: number): HTMLElement {
  const outer = el('span', 'bar');
  const inner = el('span', 'bar-fill');
  inner.style.width = `${Math.max(0, Math.min(100, share * 100)).toFixed(1)}%`;
  outer.append(inner);
  return outer;
}

export function keyButton(label: string, base64: string): HTMLButtonElement {
  const b = el('button', 'link', label);
  b.title = l10n.t('Open {0} as a document', label);
  b.addEventListener('click', () => post({ type: 'openKey', base64 }));
  return b;
}

export function shardsSection(r: AnalyzeReport): HTMLElement {
  const numeric = [false, false, true, true, false];
  const { table: t, body } = table([l10n.t('Master'), l10n.t('Read from'), l10n.t('Keys'), l10n.t('Memory'), l10n.t('State')], numeric);
  for (const s of r.shards) {
    const tr = el('tr', s.error ? 'failed' : undefined);
    cells(
      tr,
      [
        s.master,
        `${s.readFrom} (${s.role})`,
        int(s.keys),
        formatBytes(s.bytes),
        s.error ? l10n.t('failed: {0}', s.error) : s.done ? l10n.t('done') : l10n.t('incomplete'),
      ],
      numeric,
    );
    body.append(tr);
  }
  return t;
}

export function distributionSection(title: string, rows: [string, { keys: number; bytes: number }][], totalKeys: number): HTMLElement {
  const numeric = [false, true, true, false];
  const { table: t, body } = table([title, l10n.t('Keys'), l10n.t('Memory'), l10n.t('Share of keys')], numeric);
  for (const [label, v] of rows) {
    const tr = el('tr');
    const share = el('span', 'share');
    share.append(bar(totalKeys ? v.keys / totalKeys : 0), el('span', 'muted', pct(v.keys, totalKeys)));
    cells(tr, [TTL_LABELS[label] ?? label, int(v.keys), formatBytes(v.bytes), share], numeric);
    body.append(tr);
  }
  return t;
}

/** The namespace tree as a table whose rows expand; a namespace's name opens the key browser filtered by it. */
export function namespaceSection(r: AnalyzeReport, onRow: () => void): HTMLElement {
  const numeric = [false, true, true, false, true, true, true, false];
  const { table: t, body } = table(
    [
      l10n.t('Namespace'),
      l10n.t('Keys'),
      l10n.t('Memory'),
      l10n.t('Share'),
      l10n.t('Average'),
      l10n.t('Largest'),
      l10n.t('No TTL'),
      l10n.t('Types'),
    ],
    numeric,
  );
  t.classList.add('tree');
  const add = (n: NamespaceView, depth: number, after: HTMLTableRowElement | undefined): HTMLTableRowElement => {
    const tr = el('tr');
    tr.dataset.depth = String(depth);
    const name = el('span', 'ns-name');
    name.style.paddingLeft = `${depth * 14}px`;
    const toggle = el('button', 'toggle', n.children.length ? '▸' : ' ');
    toggle.disabled = !n.children.length;
    toggle.setAttribute('aria-label', l10n.t('Expand {0}', n.name));
    toggle.setAttribute('aria-expanded', 'false');
    const open = el('button', 'link', n.name);
    open.title = l10n.t('Show the keys matching {0} in the key browser', n.match);
    open.addEventListener('click', () => post({ type: 'openNamespace', match: n.match }));
    name.append(toggle, open);
    const types = Object.entries(n.types)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([k, v]) => `${k} ${int(v ?? 0)}`)
      .join(', ');
    const share = el('span', 'share');
    share.append(bar(r.totals.bytes ? n.bytes / r.totals.bytes : 0), el('span', 'muted', pct(n.bytes, r.totals.bytes)));
    cells(
      tr,
      [
        name,
        int(n.keys),
        formatBytes(n.bytes),
        share,
        formatBytes(Math.round(n.bytes / Math.max(1, n.keys))),
        formatBytes(n.maxBytes),
        pct(n.noTtl, n.keys),
        types,
      ],
      numeric,
    );
    if (after) after.after(tr);
    else body.append(tr);
    onRow();
    let shown: HTMLTableRowElement[] = [];
    toggle.addEventListener('click', () => {
      const expanded = toggle.getAttribute('aria-expanded') === 'true';
      if (expanded) {
        shown.forEach((x) => x.remove());
        shown = [];
      } else {
        let last = tr;
        for (const c of n.children) {
          const row = add(c, depth + 1, last);
          shown.push(row);
          last = row;
        }
      }
      toggle.setAttribute('aria-expanded', String(!expanded));
      toggle.textContent = expanded ? '▸' : '▾';
    });
    return tr;
  };
  for (const n of r.namespaces.children) add(n, 0, undefined);
  if (r.namespaces.otherKeys) {
    const tr = el('tr');
    cells(tr, [el('span', 'muted', l10n.t("other (beyond the tree's limits): {0} keys", int(r.namespaces.otherKeys)))]);
    body.append(tr);
  }
  return t;
}

export function ttlText(ms: number): string {
  if (ms < 0) return l10n.t('none');
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 48 * 3600_000) return `${(ms / 3600_000).toFixed(1)} h`;
  return `${(ms / 86400_000).toFixed(1)} d`;
}

export function topSection(r: AnalyzeReport, onRow: () => void): HTMLElement {
  const numeric = [false, false, true, true, true, true, false];
  const { table: t, body } = table(
    [l10n.t('Key'), l10n.t('Type'), l10n.t('Memory'), l10n.t('Elements / length'), l10n.t('TTL'), l10n.t('Slot'), l10n.t('Node')],
    numeric,
  );
  for (const k of r.top) {
    const tr = el('tr');
    cells(
      tr,
      [keyButton(k.key, k.base64), k.type, formatBytes(k.bytes), int(k.elements), ttlText(k.ttlMs), String(k.slot), k.node],
      numeric,
    );
    body.append(tr);
    onRow();
  }
  return t;
}
