// Finding nodes in a topology: the masters, a node by id, by an id prefix or by host:port. Structural types (not
// topology.ts's) keep this module free of imports, so the webview and the planners can use it too.
import { address, shortId } from '../common/format';

interface NodeLike {
  id: string;
  host: string;
  port: number;
  role: string;
}

/** The nodes that are masters (with or without slots, failing or not). */
export function masters<T extends { role: string }>(t: { nodes: readonly T[] }): T[] {
  return t.nodes.filter((n) => n.role === 'master');
}

/** The node with exactly this id. */
export function nodeById<T extends { id: string }>(nodes: readonly T[], id: string | undefined): T | undefined {
  return id === undefined ? undefined : nodes.find((n) => n.id === id);
}

/** The shortest id prefix accepted: shorter ones match too much to be meant. */
export const MIN_ID_PREFIX = 4;

/** A node by host:port, full id, or unambiguous id prefix; an explanation (not found / ambiguous) otherwise. */
export function resolveNode<T extends NodeLike>(nodes: readonly T[], ref: string): { node: T } | { error: string } {
  const byAddr = nodes.filter((n) => address(n) === ref);
  if (byAddr.length === 1) return { node: byAddr[0] };
  const exact = nodeById(nodes, ref);
  if (exact) return { node: exact };
  const matches = ref.length >= MIN_ID_PREFIX ? nodes.filter((n) => n.id.startsWith(ref)) : [];
  if (matches.length === 1) return { node: matches[0] };
  if (matches.length > 1) {
    const candidates = matches.map((n) => `${shortId(n.id)} (${address(n)})`).join(', ');
    return { error: `node "${ref}" is ambiguous: ${candidates}; give more of its id` };
  }
  const how = `give an id, an unambiguous id prefix of at least ${MIN_ID_PREFIX} characters, or host:port`;
  return { error: `no node "${ref}" in the cluster (${how})` };
}
