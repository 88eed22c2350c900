// The report app's side of the analyze protocol: typed post and host messages, persisted profile.
import type { AnalyzeHostMessage, AnalyzeState, AnalyzeWebviewMessage } from '../../src/shared/analyzeProtocol';

interface VsCodeApi {
  postMessage(message: AnalyzeWebviewMessage): void;
  setState(state: AnalyzeState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: AnalyzeWebviewMessage): void {
  api.postMessage(message);
}

export function saveState(state: AnalyzeState): void {
  api.setState(state);
}

export function onHostMessage(handler: (m: AnalyzeHostMessage) => void): void {
  window.addEventListener('message', (e: MessageEvent<AnalyzeHostMessage>) => {
    if (typeof e.data === 'object' && e.data !== null && typeof e.data.type === 'string') handler(e.data);
  });
}
