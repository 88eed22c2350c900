// A Spring Boot project tree as the seed's users have it: settings in src/main/resources, stores under ssl/.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ClusterInfo } from '../../scripts/cluster';
import { keyStore, trustStore } from './javaStores';

export const TRUST_PASS = 'changeit';
export const KEY_PASS = 'key-store-pass';

export interface SpringProject {
  root: string;
  resources: string;
  boot2: string;
  boot3: string;
  boot3Pem: string;
}

export function makeSpringProject(info: ClusterInfo, root: string): SpringProject {
  const c = info.certs;
  if (!c) throw new Error('the cluster has no certificates');
  const resources = path.join(root, 'src', 'main', 'resources');
  mkdirSync(path.join(resources, 'ssl'), { recursive: true });
  trustStore(c.ca, path.join(resources, 'ssl', 'redis-cluster-truststore.jks'), TRUST_PASS, 'JKS');
  trustStore(c.ca, path.join(resources, 'ssl', 'redis-cluster-truststore.p12'), TRUST_PASS, 'PKCS12');
  keyStore(c.clientCert, c.clientKey, path.join(resources, 'ssl', 'redis-cluster-keystore.p12'), KEY_PASS, 'PKCS12');
  for (const [from, to] of [
    [c.ca, 'ca.crt'],
    [c.clientCert, 'client.crt'],
    [c.clientKey, 'client.key'],
  ])
    copyFileSync(from, path.join(resources, 'ssl', to));
  const seeds = info.ports.slice(0, 2).map((p) => `127.0.0.1:${p}`);

  const boot2 = path.join(resources, 'application.yml');
  writeFileSync(
    boot2,
    `# Spring Boot 2.7, as the seed has it
spring:
  application:
    name: orders
  redis:
    cluster:
      nodes: ${seeds.join(',')}
      max-redirects: 3
    password: \${REDIS_PASSWORD:}
    ssl: true
    timeout: 2s
orders:
  redis:
    ssl:
      trust-store: classpath:ssl/redis-cluster-truststore.jks
      trust-store-password: \${TRUSTSTORE_PASSWORD:${TRUST_PASS}}
      key-store: classpath:ssl/redis-cluster-keystore.p12
      key-store-password: \${KEYSTORE_PASSWORD}
      key-store-type: PKCS12
---
spring:
  config:
    activate:
      on-profile: prod
  redis:
    cluster:
      nodes: redis-0.prod.invalid:6379
`,
  );

  const boot3 = path.join(resources, 'application-boot3.yaml');
  writeFileSync(
    boot3,
    `spring:
  application:
    name: orders
  data:
    redis:
      cluster:
        nodes:
${seeds.map((s) => `          - ${s}`).join('\n')}
      password: \${REDIS_PASSWORD}
      ssl:
        enabled: true
        bundle: redis-cluster
  ssl:
    bundle:
      jks:
        redis-cluster:
          truststore:
            location: classpath:ssl/redis-cluster-truststore.p12
            password: \${TRUSTSTORE_PASSWORD}
            type: PKCS12
          keystore:
            location: classpath:ssl/redis-cluster-keystore.p12
            password: \${KEYSTORE_PASSWORD}
            type: PKCS12
`,
  );

  const boot3Pem = path.join(resources, 'application-pem.properties');
  writeFileSync(
    boot3Pem,
    [
      'spring.data.redis.cluster.nodes[0]=' + seeds[0],
      'spring.data.redis.cluster.nodes[1]=' + seeds[1],
      'spring.data.redis.password=${REDIS_PASSWORD}',
      'spring.data.redis.ssl.bundle=redis-pem',
      'spring.ssl.bundle.pem.redis-pem.truststore.certificate=classpath:ssl/ca.crt',
      'spring.ssl.bundle.pem.redis-pem.keystore.certificate=classpath:ssl/client.crt',
      'spring.ssl.bundle.pem.redis-pem.keystore.private-key=classpath:ssl/client.key',
      '',
    ].join('\n'),
  );
  return { root, resources, boot2, boot3, boot3Pem };
}

/**
 * The seed's own application.yml: password and ssl block nested under spring.redis.cluster (keys Spring Boot does
 * not bind; the seed's configuration class reads them), seeds from a placeholder whose default is the whole list.
 */
export function writeSeedApplicationYml(project: SpringProject, seeds: string[]): string {
  const dir = path.join(project.root, 'seed-shape');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'application.yml');
  writeFileSync(
    file,
    `spring:
  application:
    name: seed-app
  redis:
    cluster:
      nodes: \${REDIS_CLUSTER_NODES:${seeds.join(',')}}
      max-redirects: 3
      password: \${REDIS_CLUSTER_PASSWORD:change-me-in-production}
      ssl:
        enabled: true
        trust-store: file:${path.join(project.resources, 'ssl', 'redis-cluster-truststore.jks')}
        trust-store-password: \${TRUSTSTORE_PASSWORD}
        trust-store-type: JKS
        key-store: file:${path.join(project.resources, 'ssl', 'redis-cluster-keystore.p12')}
        key-store-password: \${KEYSTORE_PASSWORD}
        key-store-type: PKCS12
    timeout: 2000
`,
  );
  return file;
}
