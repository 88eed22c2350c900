// The Redis knowledge: from calls to findings (CROSSSLOT, KEYS), key references (hovers) and lenses.
import { BLOCK_OPENERS, type KeySpec, REDIS_FACTORY, keySpec, receiverKind } from './commands';
import { type Identity, type StringExpr, commonTagEdits, describe, identity, sameSlotKey } from './judge';
import { scanFix } from './scanFix';
import type { Analysis, Call, Expr, Finding, KeyRef, KeylintLanguage, Lens, Parsed, QuickFix } from './types';

const flatten = (e: Expr): Expr[] => (e.kind === 'list' ? e.items.flatMap(flatten) : [e]);

function keyArgs(spec: KeySpec, call: Call): Expr[] {
  const a = call.args;
  switch (spec) {
    case 'all':
      return a.flatMap(flatten);
    case 'first':
      return a.slice(0, 1);
    case 'first2':
      return a.slice(0, 2);
    case 'allButLast':
      return a.length >= 2 ? a.slice(0, -1).flatMap(flatten) : a.flatMap(flatten);
    case 'pairs': {
      if (a.length === 1 && a[0].kind === 'map') return a[0].entries.map((e) => e.key);
      if (a.length === 1 && a[0].kind === 'list') {
        const items = a[0].items;
        return items.every((i) => i.kind === 'list')
          ? items.map((i) => (i.kind === 'list' ? i.items[0] : i)).filter(Boolean)
          : items.filter((_, i) => i % 2 === 0);
      }
      return a.filter((_, i) => i % 2 === 0);
    }
    case 'numkeys': {
      const second = a[1];
      const dest = call.method.toLowerCase().endsWith('store') ? a.slice(0, 1) : [];
      if (second?.kind === 'number') return [...dest, ...a.slice(2, 2 + second.value)];
      if (second?.kind === 'list') return flatten(second);
      if (second?.kind === 'map') return second.entries.filter((e) => keyText(e.key) === 'keys').flatMap((e) => flatten(e.value));
      return [];
    }
  }
}

const keyText = (e: Expr): string | undefined =>
  e.kind === 'string' && e.parts.length === 1 && 'text' in e.parts[0] ? e.parts[0].text : undefined;

interface Judged {
  expr: StringExpr;
  id: Identity;
}

function judge(keys: Expr[]): Judged[] {
  return keys.filter((k): k is StringExpr => k.kind === 'string').map((expr) => ({ expr, id: identity(expr) }));
}

const slotsOf = (js: Judged[]) => [...new Set(js.flatMap((j) => (j.id.kind === 'slot' ? [j.id.slot] : [])))].sort((a, b) => a - b);

function crossslot(judged: Judged[], what: string, start: number, end: number, source: string): Finding | undefined {
  const distinct = new Set(judged.map((j) => sameSlotKey(j.id)));
  if (judged.length < 2 || distinct.size < 2) return undefined;
  const shown = judged
    .slice(0, 4)
    .map((j) => describe(j.expr, j.id))
    .join('; ');
  const more = judged.length > 4 ? `; and ${judged.length - 4} more` : '';
  const finding: Omit<Finding, 'fixes'> = {
    code: 'redis-cluster.crossslot',
    message: `${what}: keys land in different slots (${shown}${more}); a cluster answers CROSSSLOT. Give them one {hash tag}.`,
    start,
    end,
    slots: slotsOf(judged),
  };
  // Worked out when asked (a quick-fix menu, the CLI's tests): most findings are only ever shown.
  let fixes: QuickFix[] | undefined;
  return Object.defineProperty(finding as Finding, 'fixes', {
    enumerable: true,
    get: () => {
      if (!fixes) {
        const tagged = commonTagEdits(judged.map((j) => j.expr));
        fixes =
          tagged && tagged.edits.every((e) => e.start <= source.length)
            ? [{ title: `Add the common hash tag {${tagged.tag}}`, edits: tagged.edits }]
            : [];
      }
      return fixes;
    },
  });
}

export function applyRules(parsed: Parsed, source: string, lang: KeylintLanguage): Omit<Analysis, 'parsed'> {
  const findings: Finding[] = [];
  const keys: KeyRef[] = [];
  const redisBound = new Set(parsed.bindings.filter((b) => REDIS_FACTORY.test(source.slice(b.call.start, b.call.end))).map((b) => b.name));
  const blockBindings = parsed.bindings.filter((b) => BLOCK_OPENERS.has(b.call.method.toLowerCase()));
  const fnSlots = new Map<number, Set<number>>();
  const blocks = new Map<number, { opener: Call; members: { call: Call; judged: Judged[] }[] }>();

  const blockOf = (call: Call): Call | undefined => {
    for (let c = call.receiverCall; c; c = c.receiverCall) if (BLOCK_OPENERS.has(c.method.toLowerCase())) return c;
    if (call.receiverCall || call.receiver === undefined) return undefined;
    let best: Call | undefined;
    for (const b of blockBindings) if (b.name === call.receiver && b.fn === call.fn && b.call.end <= call.start) best = b.call;
    return best;
  };

  for (const call of [...parsed.calls].sort((a, b) => a.nameStart - b.nameStart)) {
    const method = call.method.toLowerCase();
    if (method !== 'keys' && !keySpec(method, true, true)) continue;
    let kind = receiverKind(call.receiver, (n) => redisBound.has(n));
    for (let c = call.receiverCall; c && kind === 'maybe'; c = c.receiverCall) if (/^(opsFor|bound)/.test(c.method)) kind = 'redis';
    if (kind === 'never') continue;
    if (method === 'keys' && (kind === 'redis' ? call.args.length <= 1 : call.args.length === 1 && call.args[0].kind === 'string')) {
      const fix = scanFix(lang, call, source, parsed);
      findings.push({
        code: 'redis-cluster.keys-command',
        message:
          'KEYS walks every key of a node and blocks it meanwhile; in a cluster it also sees one node only. Use SCAN on each master.',
        start: call.nameStart,
        end: call.end,
        slots: [],
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    const opener = blockOf(call);
    if (opener) kind = 'redis';
    const spec = keySpec(call.method, kind === 'redis', kind === 'redis');
    if (!spec) continue;
    const judged = judge(keyArgs(spec, call));
    for (const j of judged) {
      const lit = keyText(j.expr);
      if (call.fn !== undefined && j.id.kind === 'slot') fnSlots.set(call.fn, (fnSlots.get(call.fn) ?? new Set()).add(j.id.slot));
      keys.push({
        start: j.expr.start,
        end: j.expr.end,
        literal: j.expr.parts.some((p) => 'hole' in p) ? undefined : lit,
        slot: j.id.kind === 'slot' ? j.id.slot : undefined,
        tag: j.id.kind === 'untagged' ? undefined : j.id.tag,
      });
    }
    if (spec !== 'first') {
      const f = crossslot(judged, `${call.method}()`, call.nameStart, call.end, source);
      if (f) findings.push(f);
    }
    if (opener && call !== opener) {
      const block = blocks.get(opener.start) ?? { opener, members: [] };
      block.members.push({ call, judged });
      blocks.set(opener.start, block);
    }
  }

  for (const { opener, members } of blocks.values()) {
    const all = members.flatMap((m) => m.judged);
    const firstId = all[0] ? sameSlotKey(all[0].id) : undefined;
    const odd = members.find((m) => m.judged.some((j) => sameSlotKey(j.id) !== firstId));
    if (!odd) continue;
    const f = crossslot(all, `${opener.method.toUpperCase()} block`, odd.call.nameStart, odd.call.end, source);
    if (f) findings.push({ code: f.code, message: f.message, start: f.start, end: f.end, slots: f.slots, fixes: [] });
  }

  const lenses: Lens[] = [];
  for (const [i, slots] of fnSlots) {
    const fn = parsed.functions[i];
    if (slots.size > 1) lenses.push({ start: fn.start, fnName: fn.name, slots: [...slots].sort((x, y) => x - y) });
  }
  lenses.sort((x, y) => x.start - y.start);
  findings.sort((a, b) => a.start - b.start);
  return { findings, keys, lenses, literals: parsed.literals };
}
