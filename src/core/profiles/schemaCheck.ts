// A small validator for the JSON Schema subset that schemas/profile.schema.json uses (draft-07: type, properties,
// required, additionalProperties, propertyNames, items, minItems, minLength, minimum, maximum, pattern, enum, oneOf, not,
// dependencies), so the CLI and the extension check a profile by the same file the editor validates with,
// without a schema library in the bundle. Messages come from the schema's errorMessage / patternErrorMessage
// (VS Code shows the same texts) and name the field the way users write it: "tls.cert", "nodes[2]".

export interface JsonSchema {
  type?: 'string' | 'boolean' | 'object' | 'array' | 'number' | 'integer';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  dependencies?: Record<string, string[] | JsonSchema>;
  errorMessage?: string;
  patternErrorMessage?: string;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const typeMatches = (want: string, v: unknown) => typeOf(v) === want || (want === 'number' && typeOf(v) === 'integer');
const child = (at: string, key: string) => (at ? `${at}.${key}` : key);
const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  number: 'a number',
  integer: 'an integer',
};

/** Every problem of `value` against `schema`, as `"field": message`; empty when valid. `at` is the field path. */
export function schemaProblems(schema: JsonSchema, value: unknown, at = ''): string[] {
  const label = (text: string) => (at ? `"${at}": ${text}` : text);
  const wrong = () => [label(schema.errorMessage ?? `must be ${TYPE_WORDS[schema.type ?? ''] ?? 'valid'}`)];
  if (schema.not && schemaProblems(schema.not, value, at).length === 0) return [label(schema.errorMessage ?? 'is not allowed here')];
  if (schema.oneOf) {
    // The branches of this schema differ by type (tls: true/false or an object): the value's type picks one.
    const branch = schema.oneOf.find((b) => b.type && typeMatches(b.type, value));
    return branch ? schemaProblems(branch, value, at) : wrong();
  }
  if (schema.type && !typeMatches(schema.type, value)) return wrong();
  if (schema.enum && !schema.enum.includes(value)) return wrong();
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return wrong();
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
      return [label(`${JSON.stringify(value)} ${schema.patternErrorMessage ?? `does not match ${schema.pattern}`}`)];
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return wrong();
    if (schema.maximum !== undefined && value > schema.maximum) return wrong();
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return wrong();
    if (schema.items) return value.flatMap((v, i) => schemaProblems(schema.items as JsonSchema, v, `${at}[${i}]`));
  }
  if (typeOf(value) === 'object') return objectProblems(schema, value as Record<string, unknown>, at);
  return [];
}

function objectProblems(schema: JsonSchema, obj: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  const props = schema.properties ?? {};
  for (const k of schema.required ?? [])
    if (!(k in obj)) problems.push(`"${child(at, k)}": required${props[k]?.errorMessage ? ` (${props[k].errorMessage})` : ''}`);
  for (const [k, v] of Object.entries(obj)) {
    if (schema.propertyNames?.pattern && !new RegExp(schema.propertyNames.pattern, 'u').test(k))
      problems.push(`"${child(at, k)}": ${schema.propertyNames.patternErrorMessage ?? 'is not an allowed name'}`);
    const sub: JsonSchema | boolean | undefined = k in props ? props[k] : schema.additionalProperties;
    if (sub === false) problems.push(`"${child(at, k)}": unknown field (allowed: ${Object.keys(props).join(', ')})`);
    else if (sub && sub !== true) problems.push(...schemaProblems(sub, v, child(at, k)));
  }
  for (const [k, dep] of Object.entries(schema.dependencies ?? {})) {
    if (!(k in obj)) continue;
    if (Array.isArray(dep)) {
      for (const d of dep) if (!(d in obj)) problems.push(`"${child(at, k)}": set only together with ${child(at, d)}`);
    } else problems.push(...schemaProblems(dep, obj, at));
  }
  return problems;
}
