// Client configuration snippets for a profile (Spring Boot, Lettuce, ioredis). Pure text, no vscode import.
// YAML comes from the yaml library and Java/JS string literals from JSON.stringify (a valid literal in both), so
// IPv6 seeds and Windows paths come out intact. The password is never written: snippets read it from the
// profile's environment variable (or a placeholder).
import { yamlLib } from '../core/common/lazyDeps';
import { type ClusterProfile, type TlsOptions, parseHostPort } from '../core/profiles/profile';

export type SnippetKind = 'spring-boot-3' | 'spring-boot-2' | 'lettuce' | 'ioredis';

export const SNIPPET_KINDS: { id: SnippetKind; label: string; detail: string; language: string }[] = [
  {
    id: 'spring-boot-3',
    label: 'Spring Boot 3 application.yml',
    detail: 'spring.data.redis.cluster.* with an SSL bundle',
    language: 'yaml',
  },
  { id: 'spring-boot-2', label: 'Spring Boot 2 application.yml', detail: 'spring.redis.cluster.* with spring.redis.ssl', language: 'yaml' },
  { id: 'lettuce', label: 'Lettuce (Java)', detail: 'RedisClusterClient with SslOptions', language: 'java' },
  { id: 'ioredis', label: 'ioredis (Node.js)', detail: 'new Redis.Cluster(...) with tls', language: 'javascript' },
];

export function passwordVariable(p: ClusterProfile): string {
  return p.passwordEnv ?? 'REDIS_PASSWORD';
}

const trustVariable = (t: TlsOptions) => t.trustStorePasswordEnv ?? 'REDIS_TRUSTSTORE_PASSWORD';
const keyStoreVariable = (t: TlsOptions) => t.pfxPasswordEnv ?? 'REDIS_KEYSTORE_PASSWORD';

/** A Java or JavaScript string literal. */
export function literal(s: string): string {
  return JSON.stringify(s);
}

/** A single-quoted JavaScript string literal. */
function jsLiteral(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function seedsOf(p: ClusterProfile): { host: string; port: number }[] {
  return p.nodes.map((n) => {
    const hp = parseHostPort(n);
    return typeof hp === 'string' ? { host: n, port: 0 } : hp;
  });
}

const tlsOf = (p: ClusterProfile): TlsOptions | undefined => (p.tls ? p.tls : undefined);

/** Spring resource location of a local file (file: URL form works for Windows paths too). */
function fileLocation(file: string): string {
  return `file:${file.replace(/\\/g, '/')}`;
}

function yamlText(value: unknown, header: string, footer: string[]): string {
  const doc = new (yamlLib().Document)(value);
  doc.commentBefore = ` ${header}`;
  if (footer.length) doc.comment = footer.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

function natComment(p: ClusterProfile): string[] {
  return p.natMap && Object.keys(p.natMap).length
    ? [
        'The profile maps announced node addresses (natMap): this client must reach the nodes at ' +
          'their announced addresses, or map them itself.',
      ]
    : [];
}

function springBoot3(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const redis: Record<string, unknown> = { cluster: { nodes: p.nodes, 'max-redirects': 5 } };
  if (p.username) redis.username = p.username;
  redis.password = `\${${passwordVariable(p)}}`;
  redis.timeout = '5s';
  const stores = !!tls && !!(tls.trustStore || tls.pfx);
  const pem = !!tls && !!(tls.ca || tls.cert);
  if (tls) redis.ssl = stores || pem ? { enabled: true, bundle: 'redis-cluster' } : { enabled: true };
  redis.lettuce = { cluster: { refresh: { adaptive: true, period: '30s' } } };
  const spring: Record<string, unknown> = { data: { redis } };
  if (tls && stores) {
    const jks: Record<string, unknown> = {};
    if (tls.trustStore) {
      jks.truststore = {
        location: fileLocation(tls.trustStore),
        password: `\${${trustVariable(tls)}}`,
        ...(tls.trustStoreType ? { type: tls.trustStoreType } : {}),
      };
    }
    if (tls.pfx) jks.keystore = { location: fileLocation(tls.pfx), password: `\${${keyStoreVariable(tls)}}`, type: 'PKCS12' };
    spring.ssl = { bundle: { jks: { 'redis-cluster': jks } } };
  } else if (tls && pem) {
    const bundle: Record<string, unknown> = {};
    if (tls.ca) bundle.truststore = { certificate: fileLocation(tls.ca) };
    if (tls.cert && tls.key) bundle.keystore = { certificate: fileLocation(tls.cert), 'private-key': fileLocation(tls.key) };
    spring.ssl = { bundle: { pem: { 'redis-cluster': bundle } } };
  }
  const footer: string[] = [];
  if (tls?.rejectUnauthorized === false)
    footer.push('WARNING: the profile disables certificate verification; do not copy that into production.');
  if (tls?.servername)
    footer.push(
      `The server certificate names ${tls.servername}: connect by that name, or make sure the certificate holds the seed addresses.`,
    );
  footer.push(...natComment(p));
  return yamlText({ spring }, 'application.yml (Spring Boot 3.1+)', footer);
}

function springBoot2(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const redis: Record<string, unknown> = { cluster: { nodes: p.nodes, 'max-redirects': 5 } };
  if (p.username) redis.username = p.username;
  redis.password = `\${${passwordVariable(p)}}`;
  redis.timeout = '5s';
  if (tls) redis.ssl = true;
  const footer: string[] = [];
  if (tls?.trustStore || tls?.pfx) {
    footer.push('Boot 2 has no SSL bundles: hand the stores to the JVM, e.g.');
    if (tls.trustStore)
      footer.push(`  -Djavax.net.ssl.trustStore=${tls.trustStore} -Djavax.net.ssl.trustStorePassword=$${trustVariable(tls)}`);
    if (tls.pfx)
      footer.push(
        `  -Djavax.net.ssl.keyStore=${tls.pfx} -Djavax.net.ssl.keyStoreType=PKCS12 ` +
          `-Djavax.net.ssl.keyStorePassword=$${keyStoreVariable(tls)}`,
      );
  } else if (tls?.ca) {
    footer.push(
      'Boot 2 has no PEM bundles: trust the CA through a JVM trust store ("Redis Cluster: Export Java Key Stores" writes one), e.g.',
    );
    footer.push('  java -Djavax.net.ssl.trustStore=redis-truststore.p12 -Djavax.net.ssl.trustStorePassword=... -jar app.jar');
    if (tls.cert)
      footer.push(
        'Mutual TLS: pass the exported key store too: -Djavax.net.ssl.keyStore=redis-keystore.p12 -Djavax.net.ssl.keyStoreType=PKCS12',
      );
  }
  footer.push(...natComment(p));
  return yamlText({ spring: { redis } }, 'application.yml (Spring Boot 2.x)', footer);
}

function lettuce(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const env = passwordVariable(p);
  const auth = p.username
    ? `.withAuthentication(${literal(p.username)}, System.getenv(${literal(env)}))`
    : `.withPassword(System.getenv(${literal(env)}).toCharArray())`;
  const seeds = seedsOf(p).map(
    (s) =>
      `    RedisURI.Builder.redis(${literal(s.host)}, ${s.port})${tls ? '.withSsl(true)' : ''}` +
      `${tls?.rejectUnauthorized === false ? '.withVerifyPeer(false)' : ''}${auth}.build()`,
  );
  const lines = [
    '// Lettuce 6: io.lettuce.core.*, io.lettuce.core.cluster.*',
    'List<RedisURI> seeds = List.of(',
    seeds.join(',\n'),
    ');',
    'RedisClusterClient client = RedisClusterClient.create(seeds);',
  ];
  const opts = [
    'ClusterClientOptions.builder()',
    '    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())',
  ];
  if (tls && (tls.ca || tls.cert || tls.trustStore || tls.pfx)) {
    const ssl = ['SslOptions.builder()'];
    if (tls.ca) ssl.push(`        .trustManager(new File(${literal(tls.ca)}))`);
    if (tls.trustStore)
      ssl.push(`        .truststore(new File(${literal(tls.trustStore)}), System.getenv(${literal(trustVariable(tls))}))`);
    if (tls.cert && tls.key) ssl.push(`        .keyManager(new File(${literal(tls.cert)}), new File(${literal(tls.key)}), null)`);
    if (tls.pfx)
      ssl.push(`        .keystore(new File(${literal(tls.pfx)}), System.getenv(${literal(keyStoreVariable(tls))}).toCharArray())`);
    opts.push(`    .sslOptions(${ssl.join('\n')}\n        .build())`);
  }
  lines.push(`client.setOptions(${opts.join('\n')}\n    .build());`);
  lines.push('StatefulRedisClusterConnection<String, String> connection = client.connect();');
  if (tls?.servername)
    lines.push(
      `// The server certificate names ${tls.servername}; Lettuce checks the host name, so ` +
        `connect by that name or use a certificate that holds the seed addresses.`,
    );
  if (p.natMap && Object.keys(p.natMap).length)
    lines.push('// The profile maps announced node addresses (natMap): give Lettuce a MappingSocketAddressResolver with the same mapping.');
  return lines.join('\n') + '\n';
}

function ioredis(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const seeds = seedsOf(p).map((s) => `  { host: ${jsLiteral(s.host)}, port: ${s.port} },`);
  const redisOptions: string[] = [];
  if (p.username) redisOptions.push(`    username: ${jsLiteral(p.username)},`);
  redisOptions.push(`    password: process.env.${passwordVariable(p)},`);
  if (tls) {
    const t: string[] = [];
    if (tls.ca) t.push(`ca: fs.readFileSync(${jsLiteral(tls.ca)})`);
    if (tls.cert && tls.key) t.push(`cert: fs.readFileSync(${jsLiteral(tls.cert)})`, `key: fs.readFileSync(${jsLiteral(tls.key)})`);
    if (tls.pfx) t.push(`pfx: fs.readFileSync(${jsLiteral(tls.pfx)})`, `passphrase: process.env.${keyStoreVariable(tls)}`);
    if (tls.servername) t.push(`servername: ${jsLiteral(tls.servername)}`);
    if (tls.rejectUnauthorized === false) t.push('rejectUnauthorized: false /* INSECURE */');
    redisOptions.push(`    tls: { ${t.join(', ')} },`);
    if (tls.trustStore)
      redisOptions.push('    // Node cannot read a Java trust store: export its CA as PEM (keytool -exportcert -rfc) and pass it as ca.');
  }
  const natMap =
    p.natMap && Object.keys(p.natMap).length
      ? [
          '  natMap: {',
          ...Object.entries(p.natMap).map(([from, to]) => {
            const hp = parseHostPort(to);
            const target = typeof hp === 'string' ? `{ host: ${jsLiteral(to)} }` : `{ host: ${jsLiteral(hp.host)}, port: ${hp.port} }`;
            return `    ${jsLiteral(from)}: ${target},`;
          }),
          '  },',
        ]
      : [];
  return [
    "const fs = require('node:fs');",
    "const Redis = require('ioredis');",
    '',
    'const cluster = new Redis.Cluster([',
    ...seeds,
    '], {',
    '  // Nodes announce IP addresses; keep them as they are (needed for TLS SNI/host checks to behave).',
    '  dnsLookup: (address, callback) => callback(null, address),',
    ...natMap,
    '  redisOptions: {',
    ...redisOptions,
    '  },',
    '});',
    '',
  ].join('\n');
}

export function connectionSnippet(p: ClusterProfile, kind: SnippetKind): string {
  switch (kind) {
    case 'spring-boot-3':
      return springBoot3(p);
    case 'spring-boot-2':
      return springBoot2(p);
    case 'lettuce':
      return lettuce(p);
    case 'ioredis':
      return ioredis(p);
  }
}
