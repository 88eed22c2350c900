// TypeScript/JavaScript through the TypeScript compiler's parser (syntax only: no program, no type check).
import type * as TS from 'typescript';
import { readsArguments } from './commands';
import { prune } from './incremental';
import { loadTypeScript } from './loader';
import type { Binding, Call, Expr, FunctionSpan, Parsed, Part } from './types';

/** Reads the file (or only the nodes inside `range`) into plain records; arguments only of calls a rule may read. */
export function parseTypeScript(sf: TS.SourceFile, source: string, range?: { start: number; end: number }): Parsed {
  const ts = loadTypeScript();
  const calls: Call[] = [];
  const bindings: Binding[] = [];
  const functions: FunctionSpan[] = [];
  const literals: Parsed['literals'] = [];
  const memo = new Map<TS.Node, Call>();
  const start = (n: TS.Node) => n.getStart(sf);
  const text = (n: TS.Node) => source.slice(start(n), n.end);

  const literal = (n: TS.StringLiteral | TS.NoSubstitutionTemplateLiteral): Expr => {
    const s = start(n);
    const raw = source.slice(s + 1, n.end - 1);
    return { kind: 'string', parts: [{ text: n.text, at: raw === n.text ? s + 1 : undefined }], start: s, end: n.end, quote: source[s] };
  };

  const expr = (n: TS.Expression): Expr => {
    if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n))
      return expr(n.expression);
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return literal(n);
    if (ts.isNumericLiteral(n)) return { kind: 'number', value: Number(n.text), start: start(n), end: n.end };
    if (ts.isIdentifier(n)) return { kind: 'name', text: n.text, start: start(n), end: n.end };
    if (ts.isTemplateExpression(n)) {
      const s = start(n);
      const parts: Part[] = [{ text: n.head.text, at: s + 1 }];
      for (const span of n.templateSpans) {
        parts.push({ hole: text(span.expression) });
        const lit = span.literal;
        parts.push({ text: lit.text, at: start(lit) + 1 });
      }
      return { kind: 'string', parts: parts.filter((p) => 'hole' in p || p.text), start: s, end: n.end, quote: '`' };
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = expr(n.left);
      const r = expr(n.right);
      if (l.kind !== 'string' && r.kind !== 'string') return { kind: 'other', start: start(n), end: n.end };
      const partsOf = (e: Expr, node: TS.Expression): Part[] =>
        e.kind === 'string' ? e.parts : e.kind === 'number' ? [{ text: String(e.value) }] : [{ hole: text(node) }];
      return {
        kind: 'string',
        parts: [...partsOf(l, n.left), ...partsOf(r, n.right)],
        start: start(n),
        end: n.end,
        quote: l.kind === 'string' ? l.quote : '"',
      };
    }
    if (ts.isArrayLiteralExpression(n))
      return { kind: 'list', items: n.elements.filter((e) => !ts.isSpreadElement(e)).map(expr), start: start(n), end: n.end };
    if (ts.isObjectLiteralExpression(n)) {
      const entries: { key: Expr; value: Expr }[] = [];
      for (const p of n.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const name = p.name;
        const key: Expr | undefined = ts.isStringLiteral(name)
          ? literal(name)
          : ts.isIdentifier(name)
            ? { kind: 'string', parts: [{ text: name.text, at: start(name) }], start: start(name), end: name.end, quote: '' }
            : undefined;
        if (key) entries.push({ key, value: expr(p.initializer) });
      }
      return { kind: 'map', entries, start: start(n), end: n.end };
    }
    return { kind: 'other', start: start(n), end: n.end };
  };

  const toCall = (n: TS.CallExpression, fn: number | undefined): Call | undefined => {
    const known = memo.get(n);
    if (known) return known;
    const callee = n.expression;
    let method: string;
    let receiver: string | undefined;
    let receiverCall: Call | undefined;
    let nameStart: number;
    if (ts.isPropertyAccessExpression(callee)) {
      method = callee.name.text;
      nameStart = start(callee.name);
      receiver = text(callee.expression);
      if (ts.isCallExpression(callee.expression)) receiverCall = toCall(callee.expression, fn);
    } else if (ts.isIdentifier(callee)) {
      method = callee.text;
      nameStart = start(callee);
    } else return undefined;
    const args = readsArguments(method) ? n.arguments.map(expr) : [];
    const call: Call = { method, receiver, receiverCall, args, start: start(n), end: n.end, nameStart, fn };
    memo.set(n, call);
    return call;
  };

  const visit = (n: TS.Node, fn: number | undefined, name?: string): void => {
    if (range && (n.end <= range.start || n.pos >= range.end)) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) literals.push({ value: n.text, start: start(n), end: n.end });
    if (
      ts.isFunctionDeclaration(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isConstructorDeclaration(n) ||
      ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && name)
    ) {
      const fnName =
        (n.name && ts.isIdentifier(n.name) ? n.name.text : undefined) ??
        name ??
        (ts.isConstructorDeclaration(n) ? 'constructor' : '(anonymous)');
      functions.push({ name: fnName, start: start(n), end: n.end });
      fn = functions.length - 1;
    }
    if (ts.isCallExpression(n)) {
      const c = toCall(n, fn);
      if (c) calls.push(c);
    }
    // `const x = …` and class fields `x = …`: bindings, and names for arrow functions.
    if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) && ts.isIdentifier(n.name) && n.initializer) {
      let init: TS.Expression = n.initializer;
      while (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isCallExpression(init)) {
        const c = toCall(init, fn);
        if (c) bindings.push({ name: n.name.text, call: c, fn });
      } else if (ts.isNewExpression(init)) {
        bindings.push({
          name: n.name.text,
          call: { method: text(init.expression), args: [], start: start(init), end: init.end, nameStart: start(init), fn },
          fn,
        });
      }
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        visit(init, fn, n.name.text);
        return;
      }
    }
    ts.forEachChild(n, (c) => visit(c, fn));
  };
  visit(sf, undefined);
  return prune({ calls, bindings, functions, literals, imports: [] }, source);
}
