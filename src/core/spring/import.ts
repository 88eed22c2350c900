// A cluster profile from a Spring Boot project's configuration: Boot 2 `spring.redis.*`, Boot 3
// `spring.data.redis.*` with SSL bundles (`spring.ssl.bundle.jks|pem.*`). `classpath:` resolves against
// src/main/resources; `${ENV:default}` becomes a ...PasswordEnv name. A literal password never goes into the
// profile: it is returned apart, for SecretStorage. Spring profiles layer documents and application-{profile}
// files (layers.ts); placeholders resolve before lists are split (placeholders.ts).
import * as path from 'node:path';
import { RedisClusterError } from '../common/errors';
import { type ClusterProfile, type TlsOptions, parseHostPort } from '../profiles/profile';
import { address } from '../common/format';
import type { SpringProperties } from './config';
import { type Secret, Importer, findByLastSegment, projectRootOf } from './importer';
import { loadSpringConfig } from './layers';
import { type SpringSecrets, type Stores, bundleStores, checkStores, looseStores } from './stores';

export type { SpringSecrets } from './stores';
export { projectRootOf } from './importer';

export interface SpringImportResult {
  file: string;
  boot: 2 | 3;
  profile: ClusterProfile;
  /** Literal secrets found in the file, to offer for SecretStorage; never part of the profile. */
  secrets: SpringSecrets;
  notes: string[];
  /** The Spring profiles that were active, and the files layered (later wins). */
  springProfiles: string[];
  files: string[];
}

export interface SpringImportOptions {
  name?: string;
  /** Paths inside this folder are written relative to it (the workspace folder); others stay absolute. */
  baseDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Active Spring profiles; undefined: the file's own spring.profiles.active. */
  springProfiles?: string[];
  /** Values for placeholders, winning over the environment (the CLI's --set, the extension's answers). */
  values?: Record<string, string>;
}

export class SpringImportError extends RedisClusterError {
  override name = 'SpringImportError';
  constructor(
    readonly file: string,
    readonly problems: string[],
    /** Placeholders that had no value and no default, so the caller can ask for them. */
    readonly missing: string[] = [],
  ) {
    super(
      'spring-config',
      `cannot import ${file}: ${problems.join('; ')}`,
      missing.length
        ? `Give a value for ${missing.join(', ')} (CLI: --set ${missing[0]}=VALUE; the editor asks), ` +
            `or a default in the file (\${${missing[0]}:value})`
        : 'Add the missing settings to the file, or add the profile by hand',
    );
  }
}

/** Spring Boot prefers Sentinel when both are configured: such a file describes no cluster to import. */
function refuseSentinel(file: string, props: SpringProperties): void {
  for (const prefix of ['spring.data.redis', 'spring.redis']) {
    const found = props.entries(`${prefix}.sentinel.`)[0];
    if (found)
      throw new SpringImportError(file, [
        `this is a Sentinel setup (${found[1].key}): Spring Boot connects through Redis Sentinel there, ` +
          'not to a Redis Cluster, so there is no cluster to import',
      ]);
  }
}

/**
 * The seed's shape: password and ssl under spring.redis.cluster. Spring Boot binds neither there, but the project's
 * own configuration class reads them, so they are imported, with a note.
 */
function clusterScoped(imp: Importer, prefix: string): { password?: Secret; ssl?: boolean } {
  const pw = imp.props.get(`${prefix}.cluster.password`);
  const sslKeys = imp.props.entries(`${prefix}.cluster.ssl`);
  if (!pw && !sslKeys.length) return {};
  const flag = imp.props.get(`${prefix}.cluster.ssl.enabled`) ?? imp.props.get(`${prefix}.cluster.ssl`);
  const ssl = sslKeys.length ? (flag ? imp.text(flag) === 'true' : true) : undefined;
  const keys = [pw ? `${prefix}.cluster.password` : '', sslKeys.length ? `${prefix}.cluster.ssl.*` : ''].filter(Boolean).join(' and ');
  imp.notes.push(
    `${keys}: Spring Boot itself does not bind ${pw && sslKeys.length ? 'these keys' : 'this key'} (it reads ${prefix}.password and ` +
      `${prefix}.ssl); imported because the project's own configuration reads them`,
  );
  return { password: pw ? imp.secret(pw) : undefined, ssl };
}

function nodesOf(imp: Importer, prefix: string, ssl: { on: boolean }): { nodes: string[]; username?: string; password?: Secret } {
  const listed = imp.props.list(`${prefix}.cluster.nodes`);
  if (listed.length) {
    // Resolved first, split after: a placeholder's default may be the whole list (${NODES:a:1,b:2}).
    const nodes = listed
      .map((p) => imp.text(p))
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
    if (text === undefined) return { nodes: [] };
    const m = /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)/.exec(text);
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

export function importSpringConfig(file: string, opts: SpringImportOptions = {}): SpringImportResult {
  const { props, active } = loadSpringConfig(file, opts.springProfiles);
  refuseSentinel(file, props);
  const projectRoot = projectRootOf(file);
  const imp = new Importer(props, projectRoot, opts.env ?? process.env, opts.values);
  const boot3 = props.entries('spring.data.redis.').length > 0;
  const boot2 = props.entries('spring.redis.').length > 0;
  if (!boot3 && !boot2) throw new SpringImportError(file, ['no spring.data.redis.* (Boot 3) or spring.redis.* (Boot 2) settings']);
  if (boot3 && boot2) imp.notes.push('both spring.data.redis.* and spring.redis.* are set; the Boot 3 settings are used');
  const prefix = boot3 ? 'spring.data.redis' : 'spring.redis';

  const bundle = boot3 ? props.get(`${prefix}.ssl.bundle`) : undefined;
  const sslFlag = boot3 ? props.get(`${prefix}.ssl.enabled`) : (props.get(`${prefix}.ssl`) ?? props.get(`${prefix}.ssl.enabled`));
  const scoped = clusterScoped(imp, prefix);
  const ssl = { on: !!bundle || (sslFlag ? imp.text(sslFlag) === 'true' : (scoped.ssl ?? false)) };
  const seeds = nodesOf(imp, prefix, ssl);
  for (const n of seeds.nodes)
    if (typeof parseHostPort(n) === 'string') imp.problems.push(`${prefix}.cluster.nodes: "${n}" is not host:port`);

  const userProp = props.get(`${prefix}.username`);
  const username = (userProp ? imp.text(userProp) : undefined) ?? seeds.username;
  const topPassword = props.get(`${prefix}.password`);
  const password = seeds.password ?? (topPassword ? imp.secret(topPassword) : (scoped.password ?? {}));

  const stores: Stores = bundle
    ? bundleStores(imp, imp.text(bundle) ?? bundle.value)
    : ssl.on
      ? looseStores(imp)
      : { tls: {}, secrets: {} };
  if (!ssl.on && findByLastSegment(props, ['trust-store', 'truststore']))
    imp.notes.push('a trust store is configured but SSL is not enabled for Redis; the profile has no TLS');

  const appName = props.get('spring.application.name');
  const suffix = active.length ? active.join('-') : /^application-([\w.-]+)\./i.exec(path.basename(file))?.[1];
  const name = opts.name ?? `${(appName && imp.text(appName)) || path.basename(projectRoot)}${suffix ? `-${suffix}` : ''}`;
  if (props.skippedProfiles.length)
    imp.notes.push(
      `documents for Spring profiles ${[...new Set(props.skippedProfiles)].join(', ')} were left out` +
        `${active.length ? ` (active: ${active.join(', ')})` : ''}; choose the profile to import (CLI: --spring-profile NAME)`,
    );

  if (ssl.on) checkStores(imp, stores.tls, stores.secrets);
  if (imp.problems.length) throw new SpringImportError(file, imp.problems, [...imp.missing]);

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
  return { file, boot: boot3 ? 3 : 2, profile, secrets, notes: imp.notes, springProfiles: active, files: props.files };
}
