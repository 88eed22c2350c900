// A cluster set up the way docker compose sets one up: the nodes run in a network namespace this process makes,
// announce host names (node-N.redis.invalid) and addresses that only that namespace reaches, and their client
// ports are published on the host's loopback by a TCP forwarder. Each node's certificate names only its host name.
//
//   host: 127.0.0.1:F+i --forwarder--> 198.18.X.2:P+i (veth, the namespace's end) = node i
//   namespace: node i binds 198.19.X.(i+1) (on the namespace's lo) and 198.18.X.2, port P+i; it announces
//   198.19.X.(i+1) and node-i.redis.invalid. The host has no route to 198.19.X.0/24.
// Addresses come from 198.18.0.0/15, the range reserved for network tests (RFC 2544), so they meet no real network.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface NatNode {
  index: number;
  hostname: string;
  ip: string;
  port: number;
  published: number;
}

export interface NatCluster {
  ns: string;
  dir: string;
  password: string;
  ca: string;
  nodes: NatNode[];
  natMap: Record<string, string>;
  /** The namespace's end of the veth pair: the one address of the namespace the host reaches. */
  linkAddress: string;
  stop(): Promise<void>;
}

export interface NatClusterOptions {
  /**
   * false: nodes listen only on their announced addresses (nothing of them is reachable from the host, not even
   * through the veth) and processes run inside the namespace resolve the announced host names (/etc/netns/NS/hosts,
   * which `ip netns exec` mounts over /etc/hosts), as a bastion inside the cluster's network would.
   */
  publish?: boolean;
}

const NODE_PORT = 6380;

function sh(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { stdio: 'pipe', env: env ?? process.env, timeout: 30000 }).toString();
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${err.stderr?.toString() || err.stdout?.toString() || err.message}`);
  }
}

/** Why this machine cannot run the test (not root, no ip command), or undefined. */
export function natClusterUnsupported(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating a network namespace needs root (ip netns add)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch {
    return 'the ip command (iproute2) with netns support is missing';
  }
  return undefined;
}

function makeCerts(dir: string, hostnames: string[]): { ca: string; node: (i: number) => { cert: string; key: string } } {
  const f = (n: string) => path.join(dir, n);
  writeFileSync(
    f('req.cnf'),
    '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = x\n' +
      '[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n',
  );
  const ssl = (args: string[]) => sh('openssl', args);
  ssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '30',
    '-config',
    f('req.cnf'),
    '-extensions',
    'v3_ca',
    '-subj',
    '/CN=docker-like-test-ca',
  ]);
  hostnames.forEach((h, i) => {
    // Nodes present this certificate to each other on the bus and to replication too: both EKUs.
    writeFileSync(
      f(`node-${i}.ext`),
      `basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n` +
        `extendedKeyUsage = serverAuth,clientAuth\nsubjectAltName = DNS:${h}\n`,
    );
    ssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      f(`node-${i}.key`),
      '-out',
      f(`node-${i}.csr`),
      '-config',
      f('req.cnf'),
      '-subj',
      `/CN=${h}`,
    ]);
    ssl([
      'x509',
      '-req',
      '-in',
      f(`node-${i}.csr`),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-set_serial',
      String(1000 + i),
      '-days',
      '30',
      '-extfile',
      f(`node-${i}.ext`),
      '-out',
      f(`node-${i}.crt`),
    ]);
  });
  return { ca: f('ca.crt'), node: (i) => ({ cert: f(`node-${i}.crt`), key: f(`node-${i}.key`) }) };
}

export function forwarder(listenPort: number, host: string, port: number): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: listenPort, exclusive: true }, () => resolve(server));
  });
}

function signature(clusterNodes: string): string {
  return clusterNodes
    .trim()
    .split('\n')
    .map((line) => {
      const [id, , flags, master, , , , , ...slots] = line.trim().split(' ');
      return `${id} ${flags.includes('master') ? 'master' : 'replica'} ${master} ${slots.join(' ')}`;
    })
    .sort()
    .join('\n');
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Starts masters * (1 + replicas) nodes; publishedBase + i is node i's port on the host's loopback. */
export async function startNatCluster(
  publishedBase: number,
  masters = 3,
  replicasPerMaster = 1,
  options: NatClusterOptions = {},
): Promise<NatCluster> {
  const publish = options.publish !== false;
  const count = masters * (1 + replicasPerMaster);
  const ns = `rcnat${publishedBase}`;
  const vethHost = `rcnh${publishedBase}`;
  const vethNs = `rcnn${publishedBase}`;
  const x = Math.floor(publishedBase / 10) % 250;
  const linkHost = `198.18.${x}.1`;
  const linkNs = `198.18.${x}.2`;
  const dir = path.join(os.tmpdir(), `redis-nat-cluster-${publishedBase}`);
  const password = randomBytes(12).toString('hex');
  const servers: net.Server[] = [];
  const etcDir = `/etc/netns/${ns}`;
  const pids: number[] = [];

  const removeNamespace = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // A namespace left by a crashed run holds nodes too: only processes inside our own namespace are ended.
    try {
      for (const pid of execFileSync('ip', ['netns', 'pids', ns], { stdio: 'pipe' }).toString().split(/\s+/).filter(Boolean))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // no such namespace
    }
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'pipe' });
    } catch {
      // no such namespace
    }
    try {
      execFileSync('ip', ['link', 'del', vethHost], { stdio: 'pipe' });
    } catch {
      // removed with the namespace
    }
    if (!publish) {
      rmSync(etcDir, { recursive: true, force: true });
      try {
        rmdirSync('/etc/netns'); // only when empty: other namespaces' files stay
      } catch {
        // not empty, or not there
      }
    }
  };
  const onExit = () => {
    removeNamespace();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    removeNamespace();
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    removeNamespace();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const nodes: NatNode[] = Array.from({ length: count }, (_, i) => ({
      index: i,
      hostname: `node-${i}.redis.invalid`,
      ip: `198.19.${x}.${i + 1}`,
      port: NODE_PORT + i,
      published: publishedBase + i,
    }));
    const certs = makeCerts(
      dir,
      nodes.map((n) => n.hostname),
    );

    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethNs]);
    sh('ip', ['link', 'set', vethNs, 'netns', ns]);
    sh('ip', ['addr', 'add', `${linkHost}/30`, 'dev', vethHost]);
    sh('ip', ['link', 'set', vethHost, 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', `${linkNs}/30`, 'dev', vethNs]);
    sh('ip', ['-n', ns, 'link', 'set', vethNs, 'up']);
    for (const n of nodes) sh('ip', ['-n', ns, 'addr', 'add', `${n.ip}/32`, 'dev', 'lo']);
    if (!publish) {
      mkdirSync(etcDir, { recursive: true });
      writeFileSync(path.join(etcDir, 'hosts'), `127.0.0.1 localhost\n${nodes.map((n) => `${n.ip} ${n.hostname}`).join('\n')}\n`);
    }

    for (const n of nodes) {
      const c = certs.node(n.index);
      const conf = path.join(dir, `node-${n.index}.conf`);
      writeFileSync(
        conf,
        [
          publish ? `bind ${n.ip} ${linkNs}` : `bind ${n.ip}`,
          'port 0',
          `tls-port ${n.port}`,
          'tls-cluster yes',
          'tls-replication yes',
          `tls-cert-file ${c.cert}`,
          `tls-key-file ${c.key}`,
          `tls-ca-cert-file ${certs.ca}`,
          'tls-auth-clients optional',
          `requirepass ${password}`,
          `masterauth ${password}`,
          'cluster-enabled yes',
          `cluster-config-file nodes-${n.index}.conf`,
          'cluster-node-timeout 3000',
          `cluster-announce-ip ${n.ip}`,
          `cluster-announce-hostname ${n.hostname}`,
          'cluster-preferred-endpoint-type hostname',
          `dir ${dir}`,
          `dbfilename dump-${n.index}.rdb`,
          'appendonly no',
          'save ""',
          'repl-diskless-sync-delay 0',
          'daemonize yes',
          `pidfile ${path.join(dir, `node-${n.index}.pid`)}`,
          `logfile ${path.join(dir, `node-${n.index}.log`)}`,
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      sh('ip', ['netns', 'exec', ns, 'redis-server', conf]);
    }
    const cliEnv = { ...process.env, REDISCLI_AUTH: password };
    const cli = (n: NatNode, ...args: string[]) =>
      sh(
        'ip',
        ['netns', 'exec', ns, 'redis-cli', '--tls', '--cacert', certs.ca, '--sni', n.hostname, '-h', n.ip, '-p', String(n.port), ...args],
        cliEnv,
      );
    for (const n of nodes) {
      for (let tries = 0; ; tries++) {
        try {
          if (cli(n, 'PING').trim() === 'PONG') break;
        } catch (e) {
          if (tries > 100) throw e;
        }
        await sleep(50);
      }
      pids.push(Number(readFileSync(path.join(dir, `node-${n.index}.pid`), 'utf8').trim()));
    }
    sh(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'redis-cli',
        '--tls',
        '--cacert',
        certs.ca,
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.ip}:${n.port}`),
        '--cluster-replicas',
        String(replicasPerMaster),
        '--cluster-yes',
      ],
      cliEnv,
    );
    const deadline = Date.now() + 60000;
    for (;;) {
      const ready = nodes.every((n) => {
        const info = cli(n, 'CLUSTER', 'INFO');
        const repl = cli(n, 'INFO', 'replication');
        return (
          /cluster_state:ok/.test(info) &&
          new RegExp(`cluster_known_nodes:${count}\\b`).test(info) &&
          (!/role:slave/.test(repl) || /master_link_status:up/.test(repl))
        );
      });
      // cluster_state:ok on every node is not enough: wait until they agree on roles, masters and slots too.
      if (ready && new Set(nodes.map((n) => signature(cli(n, 'CLUSTER', 'NODES')))).size === 1) break;
      if (Date.now() > deadline) throw new Error(`the namespace cluster did not converge within 60 s (${dir})`);
      await sleep(200);
    }
    if (publish) for (const n of nodes) servers.push(await forwarder(n.published, linkNs, n.port));
    const natMap = Object.fromEntries(nodes.map((n) => [`${n.hostname}:${n.port}`, `127.0.0.1:${n.published}`]));
    return { ns, dir, password, ca: certs.ca, nodes, natMap, linkAddress: linkNs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
