// The state of one Spring import: where values come from (explicit values, the environment, the files' own
// properties, then placeholder defaults), and the problems, notes and unresolved placeholders it collects.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { type SpringProperties, type SpringProperty, canonicalKey, parsePlaceholder } from './config';
import { envNameOf, resolvePlaceholders } from './placeholders';

export interface Secret {
  env?: string;
  literal?: string;
}

export class Importer {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  /** Placeholders with no value and no default: the extension asks for them, the CLI takes --set NAME=VALUE. */
  readonly missing = new Set<string>();

  constructor(
    readonly props: SpringProperties,
    readonly projectRoot: string,
    readonly env: NodeJS.ProcessEnv,
    readonly values: Record<string, string> = {},
  ) {}

  /** A placeholder's value: given values, the environment (also relaxed: redis.host from REDIS_HOST), then properties. */
  readonly lookup = (name: string): string | undefined =>
    this.values[name] ?? this.env[name] ?? (/[.a-z-]/.test(name) ? this.env[envNameOf(name)] : undefined) ?? this.props.get(name)?.value;

  /** Resolves every ${...} in a non-secret value; undefined (and a problem naming the placeholders) when some have no value. */
  text(p: SpringProperty): string | undefined {
    const r = resolvePlaceholders(p.value, this.lookup);
    if (r.missing.length) {
      for (const m of r.missing) this.missing.add(m);
      // Names only: the value itself is not quoted, since a URL may hold a password.
      this.problems.push(`${p.key}: no value for ${r.missing.map((m) => `\${${m}}`).join(', ')}`);
      return undefined;
    }
    return r.value;
  }

  /** A secret stays a reference: ${ENV} becomes an environment variable name, a literal (or default) is returned apart. */
  secret(p: SpringProperty | undefined, depth = 0): Secret {
    if (!p || p.value === '') return {};
    const ph = parsePlaceholder(p.value);
    if (!ph) return { literal: p.value };
    // A default that is itself a placeholder (${A:${B:}}) is no literal password.
    const literal = ph.fallback && !ph.fallback.includes('${') ? ph.fallback : undefined;
    if ('env' in ph) return { env: ph.env, literal };
    const ref = this.props.get(ph.property);
    if (ref && depth < 8) return this.secret(ref, depth + 1);
    return { literal };
  }

  /** classpath: against src/main/resources, file: and relative paths against the project root. */
  location(p: SpringProperty): string | undefined {
    const raw = this.text(p);
    if (raw === undefined) return undefined;
    let file: string;
    if (/^classpath\*?:/.test(raw)) file = path.join(this.projectRoot, 'src', 'main', 'resources', raw.replace(/^classpath\*?:\/?/, ''));
    else {
      const plain = raw.replace(/^file:(\/\/)?/, '');
      file = path.isAbsolute(plain) ? plain : path.resolve(this.projectRoot, plain);
    }
    if (!existsSync(file)) {
      this.problems.push(
        `${p.key}: store not found: ${file}${raw.startsWith('classpath:') ? ' (classpath: is looked up in src/main/resources)' : ''}`,
      );
      return undefined;
    }
    return file;
  }
}

/** The folder holding src/main/resources above the config file, or the file's own folder. */
export function projectRootOf(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < 12; i++) {
    if (existsSync(path.join(dir, 'src', 'main', 'resources'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.dirname(path.resolve(file));
}

/** First property whose last key segment is one of the names (Boot 2 apps keep stores under their own keys). */
export function findByLastSegment(props: SpringProperties, names: string[]): SpringProperty | undefined {
  const wanted = names.map(canonicalKey);
  return props
    .entries()
    .map(([, p]) => p)
    .find((p) => wanted.includes(canonicalKey(p.key).split('.').pop() ?? ''));
}
