// The only module that knows the component library (@vscode/webview-ui-toolkit, frozen upstream).
// Everything else asks this file for tabs, grids, badges and progress rings, so another library can
// replace the toolkit here, in one place.
import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';
import * as l10n from '@vscode/l10n';

let registered = false;

export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodePanels(),
    vsCodePanelTab(),
    vsCodePanelView(),
    vsCodeDataGrid(),
    vsCodeDataGridRow(),
    vsCodeDataGridCell(),
    vsCodeBadge(),
    vsCodeButton(),
    vsCodeProgressRing(),
  );
}

export interface Tabs<T extends string> {
  element: HTMLElement;
  panel(id: T): HTMLElement;
  select(id: T): void;
}

export function createTabs<T extends string>(tabs: { id: T; label: string }[], onChange: (id: T) => void): Tabs<T> {
  const root = document.createElement('vscode-panels');
  const views = new Map<T, HTMLElement>();
  for (const t of tabs) {
    const tab = document.createElement('vscode-panel-tab');
    tab.id = `tab-${t.id}`;
    tab.textContent = t.label;
    root.appendChild(tab);
  }
  for (const t of tabs) {
    const view = document.createElement('vscode-panel-view');
    view.id = `view-${t.id}`;
    views.set(t.id, view);
    root.appendChild(view);
  }
  root.addEventListener('change', () => {
    // The property changes first; the attribute is reflected later, so read the property.
    const active = (root as HTMLElement & { activeid?: string }).activeid ?? root.getAttribute('activeid') ?? '';
    const found = tabs.find((t) => `tab-${t.id}` === active);
    if (found) onChange(found.id);
  });
  return {
    element: root,
    panel: (id) => views.get(id) as HTMLElement,
    select: (id) => root.setAttribute('activeid', `tab-${id}`),
  };
}

export interface Column {
  key: string;
  title: string;
  /** Sortable columns sort by this raw value instead of the displayed text. */
  sortable?: boolean;
}

export interface Grid {
  element: HTMLElement;
  /** The sort shown in aria-sort on the header cells (set by setColumnTitles). */
  sort?: { columns: Column[]; key: string; descending: boolean };
  /** Rows of display strings, keyed by column key. The grid renders them as text, never as HTML. */
  setRows(rows: Record<string, string>[]): void;
  rowCount(): number;
}

interface GridElement extends HTMLElement {
  columnDefinitions: { columnDataKey: string; title: string }[] | null;
  rowsData: object[];
  gridTemplateColumns: string;
}

export function createGrid(
  columns: Column[],
  opts: { onSort?: (key: string) => void; onRowClick?: (index: number) => void; label: string; template?: string },
): Grid {
  const grid = document.createElement('vscode-data-grid') as GridElement;
  grid.setAttribute('aria-label', opts.label);
  grid.setAttribute('generate-header', 'sticky');
  grid.columnDefinitions = columns.map((c) => ({ columnDataKey: c.key, title: c.title }));
  if (opts.template) grid.gridTemplateColumns = opts.template;
  let count = 0;
  // Header cells take focus with the grid's arrow keys; Enter or Space on one sorts like a click.
  grid.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const header = e
      .composedPath()
      .find((x): x is HTMLElement => x instanceof HTMLElement && x.getAttribute('cell-type') === 'columnheader');
    const def = (header as (HTMLElement & { columnDefinition?: { columnDataKey: string } }) | undefined)?.columnDefinition;
    const col = columns.find((c) => c.key === def?.columnDataKey);
    if (!col?.sortable) return;
    e.preventDefault();
    opts.onSort?.(col.key);
    // New titles re-create the header cells: give the focus back to the same column's header.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (grid.contains(document.activeElement) && document.activeElement?.getAttribute('cell-type') === 'columnheader') return;
        const again = [
          ...grid.querySelectorAll<HTMLElement & { columnDefinition?: { columnDataKey: string } }>('[cell-type="columnheader"]'),
        ].find((c) => c.columnDefinition?.columnDataKey === col.key);
        again?.focus();
      }),
    );
  });
  grid.addEventListener('click', (e) => {
    for (const el of e.composedPath()) {
      if (!(el instanceof HTMLElement)) continue;
      if (el.getAttribute('cell-type') === 'columnheader') {
        const def = (el as HTMLElement & { columnDefinition?: { columnDataKey: string } }).columnDefinition;
        const col = columns.find((c) => c.key === def?.columnDataKey);
        if (col?.sortable) opts.onSort?.(col.key);
        return;
      }
      if (el.tagName === 'VSCODE-DATA-GRID-ROW') {
        const index = Number(el.getAttribute('grid-row-index') ?? el.getAttribute('aria-rowindex'));
        // Row 0 is the generated header.
        if (Number.isFinite(index) && index > 0) opts.onRowClick?.(index - 1);
        return;
      }
    }
  });
  const result: Grid = {
    element: grid,
    setRows(rows) {
      count = rows.length;
      grid.rowsData = rows;
      // Setting rows can re-render the header cells.
      requestAnimationFrame(() => requestAnimationFrame(() => applyAriaSort(result)));
    },
    rowCount: () => count,
  };
  return result;
}

function applyAriaSort(grid: Grid): void {
  const sort = grid.sort;
  if (!sort) return;
  type HeaderCell = HTMLElement & { columnDefinition?: { columnDataKey: string } };
  const headers = grid.element.querySelectorAll<HeaderCell>('[cell-type="columnheader"]');
  for (const cell of headers) {
    const col = sort.columns.find((c) => c.key === cell.columnDefinition?.columnDataKey);
    if (!col?.sortable) cell.removeAttribute('aria-sort');
    else cell.setAttribute('aria-sort', col.key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
  }
}

/** Column titles with a sort arrow on the active column, and aria-sort on the header cells for screen readers. */
export function setColumnTitles(grid: Grid, columns: Column[], sortKey: string, descending: boolean): void {
  const g = grid.element as GridElement;
  g.columnDefinitions = columns.map((c) => ({
    columnDataKey: c.key,
    title: c.key === sortKey ? `${c.title} ${descending ? '▼' : '▲'}` : c.title,
  }));
  grid.sort = { columns, key: sortKey, descending };
  // The grid renders its header row asynchronously.
  requestAnimationFrame(() => requestAnimationFrame(() => applyAriaSort(grid)));
}

export function createBadge(text = ''): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  return b;
}

export function createProgressRing(): HTMLElement {
  const ring = document.createElement('vscode-progress-ring');
  ring.setAttribute('aria-label', l10n.t('Loading'));
  return ring;
}

export function createButton(label: string, onClick: () => void, appearance: 'primary' | 'secondary' = 'secondary'): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('appearance', appearance);
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
