// Tiny DOM helpers. Text goes in through textContent only: server strings (key names, commands, errors)
// can never become markup.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** A label/value pair whose value can be patched later. */
export function stat(label: string): { element: HTMLElement; value: HTMLElement } {
  const element = el('div', 'stat');
  const value = el('div', 'stat-value', '–');
  element.append(value, el('div', 'stat-label', label));
  return { element, value };
}
