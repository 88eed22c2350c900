// A cluster profile from a Spring Boot project's configuration: Boot 2 `spring.redis.*`, Boot 3
// `spring.data.redis.*` with SSL bundles (`spring.ssl.bundle.jks|pem.*`). `classpath:` resolves against
// src/main/resources; `${ENV:default}` becomes a ...PasswordEnv name. A literal password never goes into the
// profile: it is returned apart, for SecretStorage.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ClusterConnectionError, RedisClusterError } from '../common/errors';
import { readKeyStore, readTrustStore } from '../connection/javaStores';
import { type ClusterProfile, type TlsOptions, parseHostPort } from '../profiles/profile';
import { address } from '../common/format';
import { type SpringProperties, type SpringProperty, canonicalKey, parsePlaceholder, readSpringConfig } from './config';

export interface SpringSecrets {
  password?: string;
  pfx?: string;
  trustStore?: string;
}

export interface SpringImportResult {
  file: string;
  boot: 2 | 3;
  profile: ClusterProfile;
  /** Literal secrets found in the file, to offer for SecretStorage; never part of the profile. */
  secrets: SpringSecrets;
  notes: string[];
}

export interface SpringImportOptions {
  name?: string;
  /** Paths inside this folder are written relative to it (the workspace folder); others stay absolute. */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
}

export class SpringImportError extends RedisClusterError {
  override name = 'SpringImportError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      'spring-config',
      `cannot import ${file}: ${problems.join('; ')}`,
      'Add the missing settings to the file, or add the profile by hand',
    );
  }
}

interface Secret {
  env?: string;
  literal?: string;
}

class Importer {
  readonly problems: string[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly props: SpringProperties,
    readonly projectRoot: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Resolves every ${...} in a non-secret value: environment, other properties, then the default. */
  text(p: SpringProperty, depth = 0): string | undefined {
    let unresolved = false;
    const out = p.value.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => {
      const fromEnv = this.env[name.trim()];
      const ref = this.props.get(name.trim());
      const value = fromEnv ?? (ref && depth < 8 ? this.text(ref, depth + 1) : undefined) ?? fallback;
      if (value === undefined) unresolved = true;
      return value ?? '';
    });
    if (unresolved) {
      // The value is not quoted: a URL may hold a password.
      this.problems.push(`${p.key}: a placeholder has no value here (set the variable or give a default)`);
      return undefined;
    }
    return out;
  }

  secret(p: SpringProperty | undefined, depth = 0): Secret {
    if (!p || p.value === '') return {};
    const ph = parsePlaceholder(p.value);
    if (!ph) return { literal: p.value };
    if ('env' in ph) return { env: ph.env, literal: ph.fallback || undefined };
    const ref = this.props.get(ph.property);
    if (ref && depth < 8) return this.secret(ref, depth + 1);
    return { literal: ph.fallback || undefined };
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
function findByLastSegment(props: SpringProperties, names: string[]): SpringProperty | undefined {
  const wanted = names.map(canonicalKey);
  return props
    .entries()
    .map(([, p]) => p)
    .find((p) => wanted.includes(canonicalKey(p.key).split('.').pop() ?? ''));
}

function storeType(imp: Importer, p: SpringProperty | undefined): 'PKCS12' | 'JKS' | undefined {
  if (!p) return undefined;
  const t = imp.text(p)?.toUpperCase().replace('PKCS#12', 'PKCS12');
  if (t === 'PKCS12' || t === 'JKS') return t;
  imp.problems.push(`${p.key}: store type "${p.value}" is not supported (PKCS12 or JKS)`);
  return undefined;
}

interface Stores {
  tls: TlsOptions;
  secrets: SpringSecrets;
}

function bundleStores(imp: Importer, bundle: string): Stores {
  const jks = `spring.ssl.bundle.jks.${bundle}`;
  const pem = `spring.ssl.bundle.pem.${bundle}`;
  const tls: TlsOptions = {};
  const secrets: SpringSecrets = {};
  const p = imp.props;
  if (p.entries(`${jks}.`).length) {
    const trust = p.get(`${jks}.truststore.location`);
    if (trust) {
      tls.trustStore = imp.location(trust);
      tls.trustStoreType = storeType(imp, p.get(`${jks}.truststore.type`));
      const s = imp.secret(p.get(`${jks}.truststore.password`));
      tls.trustStorePasswordEnv = s.env;
      secrets.trustStore = s.literal;
    }
    const key = p.get(`${jks}.keystore.location`);
    if (key) {
      tls.pfx = imp.location(key);
      const s = imp.secret(p.get(`${jks}.keystore.password`));
      tls.pfxPasswordEnv = s.env;
      secrets.pfx = s.literal;
      if (p.get(`${jks}.key.password`))
        imp.notes.push(`${jks}.key.password: a key password apart from the store password is not used; the store password opens the key`);
    }
  } else if (p.entries(`${pem}.`).length) {
    const file = (k: string) => {
      const prop = p.get(`${pem}.${k}`);
      return prop ? imp.location(prop) : undefined;
    };
    tls.ca = file('truststore.certificate');
    tls.cert = file('keystore.certificate');
    tls.key = file('keystore.private-key');
    if (p.get(`${pem}.keystore.private-key-password`))
      imp.problems.push(
        `${pem}.keystore.private-key-password: encrypted PEM keys are not supported; decrypt the key or use a PKCS#12 key store`,
      );
  } else
    imp.problems.push(
      `spring.data.redis.ssl.bundle names "${bundle}", but there is no spring.ssl.bundle.jks.${bundle} or spring.ssl.bundle.pem.${bundle}`,
    );
  return { tls, secrets };
}

/** Boot 2 has no SSL bundles: apps name their stores under their own keys (trust-store, key-store, ...). */
function looseStores(imp: Importer): Stores {
  const tls: TlsOptions = {};
  const secrets: SpringSecrets = {};
  const trust = findByLastSegment(imp.props, ['trust-store', 'truststore', 'trust-store-location']);
  if (trust) {
    tls.trustStore = imp.location(trust);
    tls.trustStoreType = storeType(imp, findByLastSegment(imp.props, ['trust-store-type', 'truststore-type']));
    const s = imp.secret(findByLastSegment(imp.props, ['trust-store-password', 'truststore-password']));
    tls.trustStorePasswordEnv = s.env;
    secrets.trustStore = s.literal;
    imp.notes.push(`trust store from ${trust.key}`);
  }
  const key = findByLastSegment(imp.props, ['key-store', 'keystore', 'key-store-location']);
  if (key) {
    tls.pfx = imp.location(key);
    const s = imp.secret(findByLastSegment(imp.props, ['key-store-password', 'keystore-password']));
    tls.pfxPasswordEnv = s.env;
    secrets.pfx = s.literal;
    imp.notes.push(`key store from ${key.key}`);
  }
  return { tls, secrets };
}

function nodesOf(imp: Importer, prefix: string, ssl: { on: boolean }): { nodes: string[]; username?: string; password?: Secret } {
  const listed = imp.props.list(`${prefix}.cluster.nodes`);
  if (listed.length) {
    const nodes = listed
      .map((p) => imp.text({ key: p.key, value: p.value }))
      .filter((n): n is string => n !== undefined)
      .flatMap((n) =>
        n
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    return { nodes };
  }
  const url = imp.props.get(`${prefix}.url`);
  if (url) {
    const text = imp.text(url);
    const m = text ? /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)/.exec(text) : null;
    if (!m) {
      imp.problems.push(`${url.key}: not a redis:// or rediss:// URL`);
      return { nodes: [] };
    }
    if (m[1] === 'rediss') ssl.on = true;
    imp.notes.push(`${url.key}: a single URL gives one seed; the rest of the cluster is discovered`);
    return {
      nodes: [m[4]],
      username: m[2] ? decodeURIComponent(m[2]) : undefined,
      password: m[3] ? { literal: decodeURIComponent(m[3]) } : undefined,
    };
  }
  const host = imp.props.get(`${prefix}.host`);
  if (host) {
    const port = imp.props.get(`${prefix}.port`);
    const h = imp.text(host);
    const p = port ? imp.text(port) : '6379';
    imp.notes.push(`${prefix}.host: no ${prefix}.cluster.nodes; the host is used as the only seed`);
    return { nodes: h && p ? [address({ host: h.replace(/^\[|\]$/g, ''), port: Number(p) })] : [] };
  }
  imp.problems.push(`no ${prefix}.cluster.nodes (nor url or host)`);
  return { nodes: [] };
}

function relative(file: string | undefined, baseDir: string | undefined): string | undefined {
  if (!file || !baseDir) return file;
  const rel = path.relative(baseDir, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Opens the stores whose passwords are known here, so a wrong password shows at import, not at connect. */
function checkStores(imp: Importer, tls: TlsOptions, secrets: SpringSecrets): void {
  const check = (field: 'pfx' | 'trustStore', known: string | undefined, env: string | undefined) => {
    const password = known ?? (env ? imp.env[env] : undefined);
    if (password === undefined) {
      imp.notes.push(`tls.${field} was not opened: its password comes from ${env ?? 'nowhere'}${env ? ', which is not set here' : ''}`);
      return;
    }
    try {
      if (field === 'pfx') readKeyStore(tls, password);
      else readTrustStore(tls, password);
    } catch (e) {
      imp.problems.push(e instanceof ClusterConnectionError ? e.message : String(e));
    }
  };
  if (tls.trustStore) check('trustStore', secrets.trustStore, tls.trustStorePasswordEnv);
  if (tls.pfx) check('pfx', secrets.pfx, tls.pfxPasswordEnv);
}

export function importSpringConfig(file: string, opts: SpringImportOptions = {}): SpringImportResult {
  const props = readSpringConfig(file);
  const projectRoot = projectRootOf(file);
  const imp = new Importer(props, projectRoot, opts.env ?? process.env);
  const boot3 = props.entries('spring.data.redis.').length > 0;
  const boot2 = props.entries('spring.redis.').length > 0;
  if (!boot3 && !boot2) throw new SpringImportError(file, ['no spring.data.redis.* (Boot 3) or spring.redis.* (Boot 2) settings']);
  if (boot3 && boot2) imp.notes.push('both spring.data.redis.* and spring.redis.* are set; the Boot 3 settings are used');
  const prefix = boot3 ? 'spring.data.redis' : 'spring.redis';

  const bundle = boot3 ? props.get(`${prefix}.ssl.bundle`) : undefined;
  const sslFlag = boot3 ? props.get(`${prefix}.ssl.enabled`) : (props.get(`${prefix}.ssl`) ?? props.get(`${prefix}.ssl.enabled`));
  const ssl = { on: !!bundle || (sslFlag ? imp.text(sslFlag) === 'true' : false) };
  const seeds = nodesOf(imp, prefix, ssl);
  for (const n of seeds.nodes)
    if (typeof parseHostPort(n) === 'string') imp.problems.push(`${prefix}.cluster.nodes: "${n}" is not host:port`);

  const userProp = props.get(`${prefix}.username`);
  const username = (userProp ? imp.text(userProp) : undefined) ?? seeds.username;
  const password = seeds.password ?? imp.secret(props.get(`${prefix}.password`));

  const stores: Stores = bundle
    ? bundleStores(imp, imp.text(bundle) ?? bundle.value)
    : ssl.on
      ? looseStores(imp)
      : { tls: {}, secrets: {} };
  if (!ssl.on && findByLastSegment(props, ['trust-store', 'truststore']))
    imp.notes.push('a trust store is configured but SSL is not enabled for Redis; the profile has no TLS');

  const appName = props.get('spring.application.name');
  const suffix = /^application-([\w.-]+)\./i.exec(path.basename(file))?.[1];
  const name = opts.name ?? `${(appName && imp.text(appName)) || path.basename(projectRoot)}${suffix ? `-${suffix}` : ''}`;
  if (props.skippedProfiles.length)
    imp.notes.push(
      `documents for Spring profiles ${props.skippedProfiles.join(', ')} were left out; import application-<profile> files apart`,
    );

  if (ssl.on) checkStores(imp, stores.tls, stores.secrets);
  if (imp.problems.length) throw new SpringImportError(file, imp.problems);

  const profile: ClusterProfile = { name, nodes: seeds.nodes };
  if (username) profile.username = username;
  if (password.env) profile.passwordEnv = password.env;
  if (ssl.on) {
    const t = stores.tls;
    const tls: TlsOptions = {};
    for (const k of ['ca', 'cert', 'key', 'pfx', 'trustStore'] as const) if (t[k]) tls[k] = relative(t[k], opts.baseDir);
    for (const k of ['pfxPasswordEnv', 'trustStorePasswordEnv'] as const) if (t[k]) tls[k] = t[k];
    if (t.trustStoreType) tls.trustStoreType = t.trustStoreType;
    profile.tls = tls;
  }
  const secrets: SpringSecrets = { password: password.literal, pfx: stores.secrets.pfx, trustStore: stores.secrets.trustStore };
  for (const [k, v] of Object.entries(secrets)) {
    if (v !== undefined)
      imp.notes.push(
        `the file holds a literal ${k === 'password' ? 'Redis password' : `${k} store password`}; ` +
          `it is not copied into the profile (store it in SecretStorage)`,
      );
  }
  return { file, boot: boot3 ? 3 : 2, profile, secrets, notes: imp.notes };
}
