// `npm run demo`: a local 3+3 TLS Redis Cluster with sample keys, and the extension running in a real VS Code
// (code-server on 127.0.0.1) with a profile for that cluster. Ctrl-C stops both.
// The profile is a user setting, not a workspace one: a workspace profile naming a passwordEnv variable asks for
// consent before reading it (right for other people's repositories), and the demo would open on that prompt for a
// variable it set itself. A user profile is the user's own, so the demo opens on the connected cluster.
// Options (env): DEMO_PORT (code-server, default 8790), DEMO_BASE_PORT (Redis, default 7100), DEMO_KEYS (default 20000).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, stopCluster } from './cluster-launcher.mjs';
import { REPO_ROOT, ensureCodeServer, startCodeServer, workbenchUrl } from './code-server.mjs';
import { workspaceSettingsFor } from './vscode-workspace-settings.mjs';

const port = Number(process.env.DEMO_PORT ?? 8790);
const basePort = Number(process.env.DEMO_BASE_PORT ?? 7100);
const keyCount = Number(process.env.DEMO_KEYS ?? 20000);

async function seedKeys(info) {
  const { readFileSync } = await import('node:fs');
  const { Cluster } = await import('ioredis');
  const profile = JSON.parse(readFileSync(info.profilePath, 'utf8'));
  const cluster = new Cluster(
    profile.nodes.map((n) => ({ host: n.split(':')[0], port: Number(n.split(':')[1]) })),
    {
      dnsLookup: (address, cb) => cb(null, address),
      redisOptions: { password: info.password, tls: { ca: readFileSync(info.certs.ca), servername: 'localhost' } },
    },
  );
  // Cluster pipelines must stay within one slot, so write in concurrent batches instead.
  for (let start = 0; start < keyCount; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(keyCount, start + 1000); i++) {
      const ns = ['user', 'session', 'cart', 'product'][i % 4];
      batch.push(cluster.set(`${ns}:${i}`, JSON.stringify({ id: i, ns, at: Date.now() })));
    }
    await Promise.all(batch);
  }
  await cluster.hset('user:profile:{42}', { name: 'Ada', plan: 'pro', visits: '17' });
  await cluster.rpush('queue:{jobs}', 'resize', 'email', 'report');
  await cluster.zadd('leaderboard:{game}', 100, 'ada', 80, 'linus', 95, 'grace');
  await cluster.set('<img src=x onerror=alert(1)>', 'a key name that must render as text');
  cluster.disconnect();
}

async function main() {
  console.log('building the extension…');
  if (spawnSync('node', ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  console.log('starting the local TLS Redis Cluster (3 masters + 3 replicas)…');
  const info = await startCluster(['--base-port', String(basePort), '--spares', '1']);
  let server;
  const shutdown = async () => {
    console.log('\nstopping…');
    await server?.stop().catch(() => undefined);
    await stopCluster(info).catch((e) => console.error(`stopping the cluster failed: ${e}`));
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    await seedKeys(info);
    console.log('provisioning code-server 4.100.3 (first run takes about a minute)…');
    await ensureCodeServer();
    const folder = join(tmpdir(), `redis-cluster-demo-workspace-${basePort}`);
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), '{}\n');
    server = await startCodeServer({ port, folder, env: { ...info.env }, userSettings: workspaceSettingsFor(info.profilePath) });
    const url = workbenchUrl({ port, folder, extensionDevelopmentPath: REPO_ROOT });
    console.log(`\nRedis Cluster demo is running.
  VS Code (code-server): ${url}
  cluster profile:       ${info.profilePath}  (spare node for add-node: ${info.sparePorts.join(', ') || 'none'})
  password:              export REDIS_CLUSTER_PASSWORD="$(cat ${info.dir}/password)"
  CLI:                   node dist/cli.js topology --profile ${info.profilePath}
Press Ctrl-C to stop VS Code and the cluster.`);
  } catch (e) {
    console.error(`demo failed: ${e instanceof Error ? e.message : e}`);
    await shutdown();
  }
}

await main();
