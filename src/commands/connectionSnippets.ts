// Client configuration snippets for a profile (Spring Boot, Lettuce, ioredis). Pure text, no vscode import.
// The password is never written: snippets read it from the profile's environment variable (or a placeholder).
import type { ClusterProfile } from '../core/profile';

export type SnippetKind = 'spring-boot-3' | 'spring-boot-2' | 'lettuce' | 'ioredis';

export const SNIPPET_KINDS: { id: SnippetKind; label: string; detail: string; language: string }[] = [
  { id: 'spring-boot-3', label: 'Spring Boot 3 application.yml', detail: 'spring.data.redis.cluster.* with an SSL bundle', language: 'yaml' },
  { id: 'spring-boot-2', label: 'Spring Boot 2 application.yml', detail: 'spring.redis.cluster.* with spring.redis.ssl', language: 'yaml' },
  { id: 'lettuce', label: 'Lettuce (Java)', detail: 'RedisClusterClient with SslOptions', language: 'java' },
  { id: 'ioredis', label: 'ioredis (Node.js)', detail: 'new Redis.Cluster(...) with tls', language: 'javascript' },
];

export function passwordVariable(p: ClusterProfile): string {
  return p.passwordEnv ?? 'REDIS_PASSWORD';
}

function seedsOf(p: ClusterProfile): { host: string; port: number }[] {
  return p.nodes.map((n) => {
    const i = n.lastIndexOf(':');
    return { host: n.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(n.slice(i + 1)) };
  });
}

const tlsOf = (p: ClusterProfile) => (p.tls ? p.tls : undefined);

function springBoot3(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const lines = [
    '# application.yml (Spring Boot 3.1+)',
    'spring:',
    '  data:',
    '    redis:',
    '      cluster:',
    `        nodes: ${p.nodes.join(',')}`,
    '        max-redirects: 5',
  ];
  if (p.username) lines.push(`      username: ${p.username}`);
  lines.push(`      password: \${${passwordVariable(p)}}`, '      timeout: 5s');
  if (tls) {
    lines.push('      ssl:', '        enabled: true');
    if (tls.ca || tls.cert) lines.push('        bundle: redis-cluster');
  }
  lines.push('      lettuce:', '        cluster:', '          refresh:', '            adaptive: true', '            period: 30s');
  if (tls && (tls.ca || tls.cert)) {
    lines.push('  ssl:', '    bundle:', '      pem:', '        redis-cluster:');
    if (tls.ca) lines.push('          truststore:', `            certificate: file:${tls.ca}`);
    if (tls.cert && tls.key) lines.push('          keystore:', `            certificate: file:${tls.cert}`, `            private-key: file:${tls.key}`);
  }
  if (tls?.rejectUnauthorized === false) lines.push('# WARNING: the profile disables certificate verification; do not copy that into production.');
  if (tls?.servername) lines.push(`# The server certificate names ${tls.servername}: connect by that name, or make sure the certificate holds the seed addresses.`);
  return lines.join('\n') + '\n';
}

function springBoot2(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const lines = ['# application.yml (Spring Boot 2.x)', 'spring:', '  redis:', '    cluster:', `      nodes: ${p.nodes.join(',')}`, '      max-redirects: 5'];
  if (p.username) lines.push(`    username: ${p.username}`);
  lines.push(`    password: \${${passwordVariable(p)}}`, '    timeout: 5s');
  if (tls) lines.push('    ssl: true');
  if (tls?.ca) {
    lines.push(
      '# Boot 2 has no PEM bundles: trust the CA through the JVM trust store, e.g.',
      `#   keytool -importcert -noprompt -alias redis-ca -file ${tls.ca} -keystore redis-truststore.p12 -storepass changeit`,
      '#   java -Djavax.net.ssl.trustStore=redis-truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit ...',
    );
  }
  if (tls?.cert) lines.push('# Mutual TLS: put the client certificate and key into a PKCS#12 key store and pass -Djavax.net.ssl.keyStore=...');
  return lines.join('\n') + '\n';
}

function lettuce(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const env = passwordVariable(p);
  const auth = p.username
    ? `.withAuthentication("${p.username}", System.getenv("${env}"))`
    : `.withPassword(System.getenv("${env}").toCharArray())`;
  const seeds = seedsOf(p).map(
    (s) => `    RedisURI.Builder.redis("${s.host}", ${s.port})${tls ? '.withSsl(true)' : ''}${tls?.rejectUnauthorized === false ? '.withVerifyPeer(false)' : ''}${auth}.build()`,
  );
  const lines = [
    '// Lettuce 6: io.lettuce.core.*, io.lettuce.core.cluster.*',
    'List<RedisURI> seeds = List.of(',
    seeds.join(',\n'),
    ');',
    'RedisClusterClient client = RedisClusterClient.create(seeds);',
  ];
  const opts = ['ClusterClientOptions.builder()', '    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())'];
  if (tls && (tls.ca || tls.cert)) {
    const ssl = ['SslOptions.builder()'];
    if (tls.ca) ssl.push(`        .trustManager(new File("${tls.ca}"))`);
    if (tls.cert && tls.key) ssl.push(`        .keyManager(new File("${tls.cert}"), new File("${tls.key}"), null)`);
    opts.push(`    .sslOptions(${ssl.join('\n')}\n        .build())`);
  }
  lines.push(`client.setOptions(${opts.join('\n')}\n    .build());`);
  lines.push('StatefulRedisClusterConnection<String, String> connection = client.connect();');
  if (tls?.servername) lines.push(`// The server certificate names ${tls.servername}; Lettuce checks the host name, so connect by that name or use a certificate that holds the seed addresses.`);
  return lines.join('\n') + '\n';
}

function ioredis(p: ClusterProfile): string {
  const tls = tlsOf(p);
  const seeds = seedsOf(p).map((s) => `  { host: '${s.host}', port: ${s.port} },`);
  const redisOptions: string[] = [];
  if (p.username) redisOptions.push(`    username: '${p.username}',`);
  redisOptions.push(`    password: process.env.${passwordVariable(p)},`);
  if (tls) {
    const t: string[] = [];
    if (tls.ca) t.push(`ca: fs.readFileSync('${tls.ca}')`);
    if (tls.cert && tls.key) t.push(`cert: fs.readFileSync('${tls.cert}')`, `key: fs.readFileSync('${tls.key}')`);
    if (tls.servername) t.push(`servername: '${tls.servername}'`);
    if (tls.rejectUnauthorized === false) t.push('rejectUnauthorized: false /* INSECURE */');
    redisOptions.push(`    tls: { ${t.join(', ')} },`);
  }
  return [
    "const fs = require('node:fs');",
    "const Redis = require('ioredis');",
    '',
    'const cluster = new Redis.Cluster([',
    ...seeds,
    '], {',
    '  // Nodes announce IP addresses; keep them as they are (needed for TLS SNI/host checks to behave).',
    '  dnsLookup: (address, callback) => callback(null, address),',
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
