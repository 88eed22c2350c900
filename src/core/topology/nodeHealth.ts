// A node's health as the cluster bus reports it: one rule for the tree, the status bar and the monitor.
import type { ClusterNode, Topology } from './topology';

export type Health = 'fail' | 'pfail' | 'handshake' | 'noaddr' | 'disconnected' | 'ok';

/** The worst condition a node is in, as the cluster bus sees it. */
export function nodeHealth(n: ClusterNode): Health {
  if (n.flags.includes('fail')) return 'fail';
  if (n.flags.includes('fail?')) return 'pfail';
  if (n.flags.includes('handshake')) return 'handshake';
  if (n.flags.includes('noaddr')) return 'noaddr';
  if (n.linkState === 'disconnected' && !n.myself) return 'disconnected';
  return 'ok';
}

/** fail is an error; the others are warnings (may heal by themselves). */
export function severity(h: Health): 'error' | 'warning' | 'ok' {
  if (h === 'fail') return 'error';
  return h === 'ok' ? 'ok' : 'warning';
}

/** Nodes in any condition but ok. */
export function failingNodes(t: Topology): ClusterNode[] {
  return t.nodes.filter((n) => nodeHealth(n) !== 'ok');
}
