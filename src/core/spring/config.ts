// Spring Boot configuration files (application*.yml|yaml|properties) read into flat property maps, one per document,
// with Spring's relaxed names (spring.data.redis.cluster.nodes = spring.data.redis.cluster.NODES = ...clusterNodes...).
import { readFileSync } from 'node:fs';
import { RedisClusterError } from '../common/errors';
import { yamlLib } from '../common/lazyDeps';
import { wholePlaceholder } from './placeholders';

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
  /** Profile-specific documents (spring.config.activate.on-profile) that were left out: their profile expressions. */
  readonly skippedProfiles: string[] = [];
  /** The files read, in the order they were layered (later wins). */
  readonly files: string[] = [];

  set(key: string, value: string): void {
    this.map.set(canonicalKey(key), { key, value });
  }

  get(key: string): SpringProperty | undefined {
    return this.map.get(canonicalKey(key));
  }

  /**
   * A list property as written: one value (`a,b`, split by the caller once its placeholders are resolved, as
   * Spring binds lists) or key[0], key[1]...
   */
  list(key: string): SpringProperty[] {
    const one = this.get(key);
    if (one) return [one];
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

  /** Layers another document over this one (its keys win); a list given anew replaces the old one whole. */
  merge(over: SpringProperties): void {
    const roots = new Set<string>();
    for (const [k] of over.entries()) roots.add(k.replace(/\[\d+\].*$/, ''));
    for (const [k] of over.entries()) {
      const root = k.replace(/\[\d+\].*$/, '');
      // A list root given again drops the old list, whether it was "a,b" or key[0], key[1]...
      if (roots.delete(root))
        for (const [mine] of this.entries(root)) if (mine === root || mine.startsWith(`${root}[`)) this.map.delete(mine);
    }
    for (const [, p] of over.entries()) this.set(p.key, p.value);
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

/** One document of a configuration file: its properties and, for a profile-specific one, its profile expression. */
export interface SpringDocument {
  onProfile?: string;
  props: SpringProperties;
}

function documentOf(props: SpringProperties): SpringDocument {
  const on = props.get('spring.config.activate.on-profile') ?? props.get('spring.profiles');
  return { onProfile: on?.value, props };
}

// YAML (and SnakeYAML) take a bare CR as a line break; the yaml library does not, so line ends become LF first.
function readYaml(file: string, text: string): SpringDocument[] {
  return yamlLib()
    .parseAllDocuments(text.replace(/\r\n?/g, '\n'))
    .map((doc) => {
      if (doc.errors.length) throw new SpringConfigError(file, `not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      const props = new SpringProperties();
      flatten(doc.toJS(), '', props);
      return documentOf(props);
    });
}

/**
 * java.util.Properties syntax: key=value, key: value or key value; # and ! comments; \ continues a line. A `#---`
 * line starts a new document (Spring Boot 2.4+), which may carry its own spring.config.activate.on-profile.
 */
function readProperties(text: string): SpringDocument[] {
  const docs: SpringDocument[] = [];
  let out = new SpringProperties();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (/^[#!]---\s*$/.test(lines[i])) {
      docs.push(documentOf(out));
      out = new SpringProperties();
      continue;
    }
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
  docs.push(documentOf(out));
  return docs;
}

/** Every document of one file, in order. */
export function readSpringDocuments(file: string): SpringDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpringConfigError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return /\.properties$/i.test(file) ? readProperties(text) : readYaml(file, text);
}

/** One file read alone, without any Spring profile: its profile-specific documents are left out (and listed). */
export function readSpringConfig(file: string): SpringProperties {
  const out = new SpringProperties();
  out.files.push(file);
  for (const doc of readSpringDocuments(file)) {
    if (doc.onProfile !== undefined) out.skippedProfiles.push(doc.onProfile);
    else out.merge(doc.props);
  }
  return out;
}

/** `application.yml`, `application-dev.properties` and the like. */
export function isSpringConfigName(name: string): boolean {
  return /^application(-[\w.-]+)?\.(ya?ml|properties)$/i.test(name);
}

export type Placeholder = { env: string; fallback?: string } | { property: string; fallback?: string };

/** `${NAME}` / `${NAME:default}` taking the whole value (nested braces allowed); undefined for a literal. */
export function parsePlaceholder(value: string): Placeholder | undefined {
  const w = wholePlaceholder(value);
  if (!w) return undefined;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.name) ? { env: w.name, fallback: w.fallback } : { property: w.name, fallback: w.fallback };
}
