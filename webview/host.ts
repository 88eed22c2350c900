// The webview's side of the typed protocol: acquireVsCodeApi, typed post, and persisted state.
import type { DashboardState, HostMessage, MetricsSnapshot, WebviewMessage } from '../src/shared/protocol';

/** Webview-only additions to the persisted state: chart history survives a reload. */
export interface PersistedState extends DashboardState {
  history?: MetricsSnapshot[];
}

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function loadState(): Partial<PersistedState> {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<PersistedState>) : {};
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}

export function onHostMessage(handler: (m: HostMessage) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
    // Messages come only from the extension host (same origin, via postMessage); the type field discriminates.
    if (typeof e.data === 'object' && e.data !== null && typeof e.data.type === 'string') handler(e.data);
  });
}
