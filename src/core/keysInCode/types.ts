// The language-neutral shape every parser adapter produces (offsets into the source text), and what the rules
// make of it. Adapters know syntax; the rules know Redis; neither knows about the other's details.

export type KeylintLanguage = 'typescript' | 'javascript' | 'java' | 'kotlin' | 'python';

/** A piece of a string expression: constant text, or a hole filled at run time (its source text). */
/** `at`: source offset of the text's first character, set only when the source spells the text as is (no escapes). */
export type Part = { text: string; at?: number } | { hole: string };

export type Expr =
  /** A string literal, template, f-string or concatenation with at least one string in it. */
  | { kind: 'string'; parts: Part[]; start: number; end: number; quote: string }
  | { kind: 'list'; items: Expr[]; start: number; end: number }
  | { kind: 'map'; entries: { key: Expr; value: Expr }[]; start: number; end: number }
  | { kind: 'name'; text: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

export interface Call {
  /** Method name as written (`mGet`, `multiGet`, `mget`). */
  method: string;
  /** Source text of the receiver (`redisTemplate.opsForValue()`), undefined for a bare function call. */
  receiver?: string;
  /** The receiver when it is itself a call (chains like `redis.multi().set(...)`). */
  receiverCall?: Call;
  args: Expr[];
  /** Keyword arguments (Python `match=`), by name. */
  named?: Record<string, Expr>;
  start: number;
  end: number;
  /** Offset of the method name, where a squiggle starts. */
  nameStart: number;
  /** Index into Parsed.functions of the innermost enclosing function, if any. */
  fn?: number;
}

/** `tx = redis.multi()`, `with r.pipeline() as pipe`: a name bound to a call result. */
export interface Binding {
  name: string;
  call: Call;
  fn?: number;
}

export interface FunctionSpan {
  name: string;
  start: number;
  end: number;
}

export interface Parsed {
  calls: Call[];
  bindings: Binding[];
  functions: FunctionSpan[];
  /** Every plain string literal (no holes), for hovers on any key-like literal. */
  literals: { value: string; start: number; end: number }[];
  /** Where a new import line goes (Java/Kotlin), if the file has imports or a package line. */
  importAt?: number;
  imports: string[];
}

export type FindingCode = 'redis-cluster.crossslot' | 'redis-cluster.keys-command';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  code: FindingCode;
  message: string;
  start: number;
  end: number;
  /** Slots of the keys whose slot is known (sorted, unique). */
  slots: number[];
  fixes: QuickFix[];
}

/** A key argument of a recognised Redis call, with what is known of its slot. */
export interface KeyRef {
  start: number;
  end: number;
  /** Full text when the key is a plain literal. */
  literal?: string;
  slot?: number;
  /** The hash tag (constant, or with holes spelt `${hole}`), when the key has one. */
  tag?: string;
}

export interface Lens {
  /** Offset of the function start. */
  start: number;
  fnName: string;
  slots: number[];
}

export interface Analysis {
  findings: Finding[];
  keys: KeyRef[];
  lenses: Lens[];
  literals: Parsed['literals'];
  /** False when the file mentions no Redis client at all (nothing was parsed). */
  parsed: boolean;
}
