// Reuse across edits: the calls, bindings and functions found outside the edited function are kept (shifted
// by the edit's length change), and only that function is read again from the new syntax tree.
import { BLOCK_OPENERS, REDIS_FACTORY, readsArguments } from './commands';
import type { Binding, Call, Expr, FunctionSpan, Parsed } from './types';

export interface Chunk {
  /** Span of the re-read region in the new text. */
  start: number;
  end: number;
  /** Length change of the edit inside it. */
  delta: number;
}

function shiftExpr(e: Expr, at: number, delta: number): Expr {
  const s = (n: number) => (n >= at ? n + delta : n);
  switch (e.kind) {
    case 'string':
      return {
        ...e,
        start: s(e.start),
        end: s(e.end),
        parts: e.parts.map((p) => ('hole' in p || p.at === undefined ? p : { ...p, at: s(p.at) })),
      };
    case 'list':
      return { ...e, start: s(e.start), end: s(e.end), items: e.items.map((i) => shiftExpr(i, at, delta)) };
    case 'map':
      return {
        ...e,
        start: s(e.start),
        end: s(e.end),
        entries: e.entries.map((x) => ({ key: shiftExpr(x.key, at, delta), value: shiftExpr(x.value, at, delta) })),
      };
    default:
      return { ...e, start: s(e.start), end: s(e.end) };
  }
}

/**
 * Merges the previous result (old offsets) with a fresh reading of one chunk (new offsets): old records that lay
 * inside the chunk's old extent are dropped, the others shifted. Function indexes are recomputed.
 */
export function mergeChunk(prev: Parsed, fresh: Parsed, chunk: Chunk): Parsed {
  const oldEnd = chunk.end - chunk.delta;
  const inside = (r: { start: number; end: number }) => r.start >= chunk.start && r.end <= oldEnd;
  // Anything ending at or after the old chunk end moves; a record spanning the chunk only stretches.
  const s = (n: number) => (n >= oldEnd ? n + chunk.delta : n);
  const calls = new Map<Call, Call>();
  const moveCall = (c: Call): Call => {
    let out = calls.get(c);
    if (out) return out;
    out = { ...c, start: s(c.start), end: s(c.end), nameStart: s(c.nameStart), args: c.args.map((a) => shiftExpr(a, oldEnd, chunk.delta)) };
    if (c.named) out.named = Object.fromEntries(Object.entries(c.named).map(([k, v]) => [k, shiftExpr(v, oldEnd, chunk.delta)]));
    calls.set(c, out);
    if (c.receiverCall) out.receiverCall = inside(c.receiverCall) ? undefined : moveCall(c.receiverCall);
    return out;
  };
  const keptCalls = prev.calls.filter((c) => !inside(c)).map(moveCall);
  const keptBindings: Binding[] = prev.bindings.filter((b) => !inside(b.call)).map((b) => ({ ...b, call: moveCall(b.call) }));
  const keptFns: FunctionSpan[] = prev.functions.filter((f) => !inside(f)).map((f) => ({ ...f, start: s(f.start), end: s(f.end) }));
  const functions = [...keptFns, ...fresh.functions].sort((a, b) => a.start - b.start);
  const fnAt = innermostFunction(functions);
  const allCalls = [...keptCalls, ...fresh.calls];
  for (const c of allCalls) c.fn = fnAt(c.start);
  const bindings = [...keptBindings, ...fresh.bindings].map((b) => ({ ...b, fn: fnAt(b.call.start) }));
  const literals = [
    ...prev.literals.filter((l) => !inside(l)).map((l) => ({ ...l, start: s(l.start), end: s(l.end) })),
    ...fresh.literals,
  ].sort((a, b) => a.start - b.start);
  return {
    calls: allCalls,
    bindings,
    functions,
    literals,
    imports: prev.imports,
    importAt: prev.importAt === undefined ? undefined : s(prev.importAt),
  };
}

/** Offset -> index of the innermost function around it, for functions sorted by start. */
export function innermostFunction(functions: FunctionSpan[]): (offset: number) => number | undefined {
  return (offset) => {
    let lo = 0;
    let hi = functions.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (functions[mid].start <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = best; i >= 0; i--) if (functions[i].end > offset) return i;
    return undefined;
  };
}

/** Keeps only records lying wholly inside [start, end): a range query also returns nodes that merely overlap it. */
export function within(parsed: Parsed, start: number, end: number): Parsed {
  const inside = (r: { start: number; end: number }) => r.start >= start && r.end <= end;
  const calls = parsed.calls.filter(inside);
  for (const c of calls) if (c.receiverCall && !inside(c.receiverCall)) c.receiverCall = undefined;
  return {
    calls,
    bindings: parsed.bindings.filter((b) => inside(b.call)),
    functions: parsed.functions.filter(inside),
    literals: parsed.literals.filter(inside),
    imports: [],
  };
}

/**
 * Drops what no rule reads: calls that take no keys and lead to none (most calls in a file), and bindings that
 * are neither a Redis client nor a MULTI/pipeline. Fewer records make every later edit cheaper.
 */
export function prune(p: Parsed, source: string): Parsed {
  const keep = new Set<Call>();
  const add = (c: Call | undefined) => {
    for (; c && !keep.has(c); c = c.receiverCall) keep.add(c);
  };
  for (const c of p.calls) if (readsArguments(c.method) || BLOCK_OPENERS.has(c.method.toLowerCase())) add(c);
  const bindings = p.bindings.filter(
    (b) => BLOCK_OPENERS.has(b.call.method.toLowerCase()) || REDIS_FACTORY.test(source.slice(b.call.start, b.call.end)),
  );
  for (const b of bindings) add(b.call);
  return { ...p, calls: p.calls.filter((c) => keep.has(c)), bindings };
}
