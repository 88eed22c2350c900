// Local loopback Redis Cluster for tests, benchmarks and the demo.
// Module: import { startCluster, stopCluster, ... } from '../scripts/cluster'.
// CLI:    npm run cluster -- <start|stop|status> [options]   (see usage below)
import { clusterStatus, killNode, loadClusterInfo, startCluster, startNode, stopCluster } from './cluster/lifecycle';
import { redisCli } from './cluster/nodes';
import { missingTools } from './cluster/proc';
import { defaultDir, type ClusterOptions, type TlsMode } from './cluster/types';
import { waitForClusterReady } from './cluster/wait';

export type { CertPaths, ClusterInfo, ClusterOptions, TlsMode } from './cluster/types';
export { clusterStatus, killNode, loadClusterInfo, redisCli, startCluster, startNode, stopCluster, waitForClusterReady };

const USAGE = `usage: tsx scripts/cluster.ts <command> [options]
  start  [--base-port N] [--masters N] [--replicas N] [--spares N] [--tls|--mtls|--plain]
         [--node-timeout MS] [--timeout MS] [--dir D] [--no-create] [--json]
         [--reuse]   when the dir's nodes all run already, print their info instead of failing
  stop   [--dir D | --base-port N]
  status [--dir D | --base-port N] [--json]
  tools  [--tls|--mtls|--plain] [--json]   which needed tools are missing from PATH (exit 1 if any)
Data dir defaults to ${defaultDir(7100).replace('7100', '<base-port>')}.`;

interface Parsed {
  cmd: string;
  opts: ClusterOptions;
  json: boolean;
  reuse?: boolean;
}

function parseArgs(argv: string[]): Parsed {
  const [cmd = '', ...rest] = argv;
  const opts: ClusterOptions = {};
  let json = false;
  let reuse = false;
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n)) throw new Error(`${flag} needs an integer, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case '--base-port':
        opts.basePort = num(flag, val());
        break;
      case '--masters':
        opts.masters = num(flag, val());
        break;
      case '--replicas':
        opts.replicasPerMaster = num(flag, val());
        break;
      case '--spares':
        opts.spares = num(flag, val());
        break;
      case '--node-timeout':
        opts.nodeTimeout = num(flag, val());
        break;
      case '--timeout':
        opts.timeoutMs = num(flag, val());
        break;
      case '--dir':
        opts.dir = val();
        if (!opts.dir) throw new Error('--dir needs a path');
        break;
      case '--tls':
      case '--mtls':
      case '--plain':
        opts.tls = flag.slice(2) as TlsMode;
        break;
      case '--no-create':
        opts.create = false;
        break;
      case '--json':
        json = true;
        break;
      case '--reuse':
        reuse = true;
        break;
      case '-h':
      case '--help':
        return { cmd: 'help', opts, json };
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return { cmd, opts, json, reuse };
}

async function main(argv: string[]): Promise<number> {
  const { cmd, opts, json, reuse } = parseArgs(argv);
  const dir = opts.dir ?? defaultDir(opts.basePort ?? 7100);
  switch (cmd) {
    case 'start': {
      if (reuse) {
        const st = await clusterStatus(dir);
        if (st.nodes.length && st.nodes.every((n) => n.alive)) {
          const running = loadClusterInfo(dir);
          console.log(json ? JSON.stringify(running, null, 2) : `already running: ${running.dir}`);
          return 0;
        }
      }
      const t0 = Date.now();
      const phases: string[] = [];
      const info = await startCluster({ ...opts, onPhase: (name, ms) => phases.push(`${name} ${(ms / 1000).toFixed(1)} s`) });
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (json) {
        console.log(JSON.stringify(info, null, 2));
        return 0;
      }
      const replicas = opts.replicasPerMaster ?? 1;
      console.log(
        `Redis Cluster ready in ${secs} s (${info.tls}, ` +
          `${info.ports.length ? `${info.ports.length / (1 + replicas)} masters x ${replicas} replicas` : 'not created'}` +
          `, ${info.sparePorts.length} spare)`,
      );
      console.log(`  phases:  ${phases.join(', ')}`);
      if (info.ports.length) console.log(`  members: ${info.ports.join(' ')}`);
      if (info.sparePorts.length) console.log(`  spares:  ${info.sparePorts.join(' ')}`);
      console.log(`  dir:     ${info.dir}`);
      console.log(`  profile: ${info.profilePath}`);
      console.log(`  export ${info.passwordEnv}="$(cat ${info.dir}/password)"`);
      console.log(`  stop:    npm run cluster -- stop --dir ${info.dir}`);
      return 0;
    }
    case 'stop':
      await stopCluster(dir);
      if (!json) console.log(`stopped the nodes of ${dir}`);
      return 0;
    case 'status': {
      const st = await clusterStatus(dir);
      if (json) console.log(JSON.stringify(st, null, 2));
      else if (!st.nodes.length) console.log(`no cluster in ${dir}`);
      else
        for (const n of st.nodes)
          console.log(
            (
              `${n.port}  pid ${n.pid || '-'}  ${n.alive ? 'up  ' : 'down'}  ` +
              `${n.role ?? ''} ${n.state ? `cluster_state:${n.state}` : ''}`
            ).trimEnd(),
          );
      return st.nodes.length && st.nodes.every((n) => n.alive) ? 0 : 1;
    }
    case 'tools': {
      const missing = missingTools(opts.tls ?? 'tls');
      if (json) console.log(JSON.stringify({ missing }));
      else for (const m of missing) console.log(`${m.tool} not found; install it: ${m.install}`);
      return missing.length ? 1 : 0;
    }
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`cluster: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
