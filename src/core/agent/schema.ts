// The input schemas of the agent tools: one JSON Schema per tool, the same object VS Code reads from
// package.json (contributes.languageModelTools[].inputSchema) and the MCP server lists. A model's input is
// untrusted, so every call is checked here before a handler sees it; this small subset (object of string,
// integer, number, boolean, string arrays, string maps of numbers, enums, bounds) is all the tools use.
import { RedisClusterError } from '../common/errors';

export type JsonSchema =
  | { type: 'string'; description?: string; enum?: readonly string[]; minLength?: number; maxLength?: number }
  | { type: 'integer' | 'number'; description?: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; description?: string; items: JsonSchema; minItems?: number; maxItems?: number }
  | { type: 'object'; description?: string; additionalProperties: JsonSchema };

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties: false;
}

/** Input that does not match a tool's schema: nothing was sent to the cluster. */
export class ToolInputError extends RedisClusterError {
  override name = 'ToolInputError';
  constructor(message: string) {
    super('usage', message, 'Call the tool again with input that matches its schema; nothing was sent to the cluster');
  }
}

function check(schema: JsonSchema, value: unknown, at: string): void {
  const fail = (what: string) => {
    throw new ToolInputError(`${at} ${what}`);
  };
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') fail(`must be a string, got ${describe(value)}`);
      else {
        if (schema.enum && !schema.enum.includes(value))
          fail(`must be one of ${schema.enum.map((e) => `"${e}"`).join(', ')}, got "${value}"`);
        if (schema.minLength !== undefined && value.length < schema.minLength) fail(`must have at least ${schema.minLength} character(s)`);
        if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`must have at most ${schema.maxLength} characters`);
      }
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`must be a number, got ${describe(value)}`);
      else {
        if (schema.type === 'integer' && !Number.isInteger(value)) fail(`must be a whole number, got ${value}`);
        if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}, got ${value}`);
        if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}, got ${value}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${describe(value)}`);
      return;
    case 'array':
      if (!Array.isArray(value)) return fail(`must be an array, got ${describe(value)}`);
      if (schema.minItems !== undefined && value.length < schema.minItems) fail(`must have at least ${schema.minItems} item(s)`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`must have at most ${schema.maxItems} items`);
      value.forEach((v, i) => check(schema.items, v, `${at}[${i}]`));
      return;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`must be an object, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) check(schema.additionalProperties, v, `${at}.${k}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `the string "${v.slice(0, 40)}"` : typeof v;
}

/** Checks `input` against `schema` and returns it typed; throws ToolInputError naming the first mismatch. */
export function validateInput<T>(schema: ObjectSchema, input: unknown): T {
  const value = input ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ToolInputError(`input must be an object, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (!(k in schema.properties)) {
      const known = Object.keys(schema.properties);
      throw new ToolInputError(`unknown input "${k}"${known.length ? ` (known: ${known.join(', ')})` : ' (this tool takes no input)'}`);
    }
  }
  for (const k of schema.required ?? []) if (record[k] === undefined) throw new ToolInputError(`input "${k}" is required`);
  for (const [k, v] of Object.entries(record)) if (v !== undefined) check(schema.properties[k], v, `input "${k}"`);
  return record as T;
}
