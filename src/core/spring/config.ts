// Spring Boot configuration files (application*.yml|yaml|properties) read into one flat property map, with
// Spring's relaxed names (spring.data.redis.cluster.nodes = spring.data.redis.cluster.NODES = ...clusterNodes...).
import { readFileSync } from 'node:fs';
import { RedisClusterError } from '../common/errors';
import { yamlLib } from '../common/lazyDeps';

export class SpringConfigError extends RedisClusterError {
  override name = 'SpringConfigError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super('spring-config', `${file}: ${message}`, 'Correct the Spring Boot configuration file and import it again');
  }
}

export interface SpringProperty {
  /** The key as written (first spelling seen). */
  key: string;
  value: string;
}

/** Relaxed name: lower case, no dashes or underscores, list indexes as [n]. */
export function canonicalKey(key: string): string {
  return key
    .split('.')
    .map((s) => s.toLowerCase().replace(/[-_]/g, ''))
    .join('.');
}

export class SpringProperties {
  private readonly map = new Map<string, SpringProperty>();
  /** Profile-specific documents (spring.config.activate.on-profile) that were left out. */
  readonly skippedProfiles: string[] = [];

  set(key: string, value: string): void {
    this.map.set(canonicalKey(key), { key, value });
  }

  get(key: string): SpringProperty | undefined {
    return this.map.get(canonicalKey(key));
  }

  /** A list property given as "a,b" or as key[0], key[1]... */
  list(key: string): SpringProperty[] {
    const one = this.get(key);
    if (one)
      return one.value
        .split(',')
        .map((v) => ({ key: one.key, value: v.trim() }))
        .filter((p) => p.value !== '');
    const out: SpringProperty[] = [];
    for (let i = 0; ; i++) {
      const p = this.get(`${key}[${i}]`);
      if (!p) return out;
      out.push(p);
    }
  }

  /** Properties whose canonical key starts with the prefix. */
  entries(prefix = ''): [string, SpringProperty][] {
    const c = canonicalKey(prefix);
    return [...this.map.entries()].filter(([k]) => k.startsWith(c));
  }
}

function flatten(value: unknown, prefix: string, out: SpringProperties): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== null && value !== undefined && prefix) {
    out.set(prefix, String(value));
  }
}

function readYaml(file: string, text: string, out: SpringProperties): void {
  for (const doc of yamlLib().parseAllDocuments(text)) {
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw new SpringConfigError(file, `not valid YAML: ${e.message.split('\n')[0]}`);
    }
    const json: unknown = doc.toJS();
    const probe = new SpringProperties();
    flatten(json, '', probe);
    const onProfile = probe.get('spring.config.activate.on-profile') ?? probe.get('spring.profiles');
    if (onProfile) {
      out.skippedProfiles.push(onProfile.value);
      continue;
    }
    for (const [, p] of probe.entries()) out.set(p.key, p.value);
  }
}

/** java.util.Properties syntax: key=value, key: value or key value; # and ! comments; \ continues a line. */
function readProperties(text: string, out: SpringProperties): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].replace(/^\s+/, '');
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    const key = (m ? m[1] : line).replace(/\\(.)/g, '$1');
    const value = (m ? m[2] : '')
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\([tnrf])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', f: '\f' })[c] ?? c)
      .replace(/\\(.)/g, '$1');
    out.set(key, value);
  }
}

export function readSpringConfig(file: string): SpringProperties {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpringConfigError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const out = new SpringProperties();
  if (/\.properties$/i.test(file)) readProperties(text, out);
  else readYaml(file, text, out);
  return out;
}

/** `application.yml`, `application-dev.properties` and the like. */
export function isSpringConfigName(name: string): boolean {
  return /^application(-[\w.-]+)?\.(ya?ml|properties)$/i.test(name);
}

export type Placeholder = { env: string; fallback?: string } | { property: string; fallback?: string };

/** `${NAME}` / `${NAME:default}` taking the whole value; undefined for a literal. */
export function parsePlaceholder(value: string): Placeholder | undefined {
  const m = /^\$\{([^}:]+)(?::([^}]*))?\}$/.exec(value.trim());
  if (!m) return undefined;
  const name = m[1].trim();
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? { env: name, fallback: m[2] } : { property: name, fallback: m[2] };
}
