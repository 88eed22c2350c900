// A loopback cluster that behaves like one far away: its nodes announce the ports of a DelayForwarder
// (CONFIG SET cluster-announce-tls-port), so the explorer, the CLI and redis-cli all go through the same delay.
// A profile file next to the cluster's own lists the forwarder's ports as seeds.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type ClusterInfo, redisCli } from '../../scripts/cluster';
import { readPid } from '../../scripts/cluster/nodes';
import { DelayForwarder, NODE_SOURCE_ADDR } from './delayForwarder';

export interface RemoteCluster {
  info: ClusterInfo;
  forwarder: DelayForwarder;
  /** A profile whose seeds are forwarder ports (same TLS files and password variable as info.profilePath). */
  profilePath: string;
  /** Forwarder port of each member, in info.ports order (then the spares, when included). */
  ports: number[];
  /** Sets the delay each way (RTT = 2 × ms). */
  setDelay(ms: number): void;
  /** Announces the real ports again and closes the forwarder. */
  stop(): Promise<void>;
}

/**
 * Puts a forwarder in front of every member of `info` and each spare already met (listening on `forwardBase + i`)
 * and has the nodes announce it. Meet spares before: CLUSTER MEET derives the bus port from the port it is given.
 */
export async function remoteCluster(info: ClusterInfo, forwardBase: number, delayMs: number, withSpares = false): Promise<RemoteCluster> {
  const members = withSpares ? [...info.ports, ...info.sparePorts] : info.ports;
  const ports = members.map((_, i) => forwardBase + i);
  const forwarder = await DelayForwarder.start(
    members.map((port) => ({ host: '127.0.0.1', port })),
    ports,
    delayMs,
  );
  forwarder.nodePids = members.map((p) => readPid(info.dir, p)).filter((pid) => pid > 0);
  // The nodes' own connections (MIGRATE, replication) leave from another loopback address, so the forwarder
  // passes them through undelayed: only the client is remote.
  // The announced ip is pinned, or peers would learn each node's address from where its bus connection comes from.
  await Promise.all(
    members.map((p) => redisCli(info, p, 'CONFIG', 'SET', 'cluster-announce-ip', '127.0.0.1', 'bind-source-addr', NODE_SOURCE_ADDR)),
  );
  await announce(info, members, ports);
  const profile = JSON.parse(readFileSync(info.profilePath, 'utf8')) as { name: string; nodes: string[] };
  profile.name = `${profile.name}-remote`;
  profile.nodes = ports.slice(0, 3).map((p) => `127.0.0.1:${p}`);
  const profilePath = path.join(info.dir, 'profile-remote.json');
  writeFileSync(profilePath, `${JSON.stringify(profile, null, 2)}\n`);
  return {
    info,
    forwarder,
    profilePath,
    ports,
    setDelay: (ms) => (forwarder.delayMs = ms),
    stop: async () => {
      await announce(
        info,
        members,
        members.map(() => 0),
      ).catch(() => undefined);
      await Promise.all(members.map((p) => redisCli(info, p, 'CONFIG', 'SET', 'bind-source-addr', '').catch(() => '')));
      await forwarder.close();
    },
  };
}

/** Sets each node's announced TLS port and waits until every node's CLUSTER NODES shows all of them. */
async function announce(info: ClusterInfo, real: number[], announced: number[]): Promise<void> {
  await Promise.all(real.map((p, i) => redisCli(info, p, 'CONFIG', 'SET', 'cluster-announce-tls-port', String(announced[i]))));
  const expected = real.map((p, i) => announced[i] || p);
  const deadline = Date.now() + 20000;
  let relinked = false;
  for (;;) {
    const views = await Promise.all(real.map((p) => redisCli(info, p, 'CLUSTER', 'NODES')));
    const links = await Promise.all(real.map((p) => redisCli(info, p, 'INFO', 'replication')));
    const agreed =
      views.every((v) => expected.every((port) => v.includes(`127.0.0.1:${port}@`)) && !v.includes('127.0.0.2')) &&
      links.every((l) => !l.includes('master_link_status:down'));
    if (agreed) return;
    // A replica that was reconnecting while its master's address changed can keep dialling the old one.
    if (!relinked && Date.now() > deadline - 17000) {
      relinked = true;
      await relinkReplicas(info, real, views, links);
    }
    if (Date.now() > deadline) throw new Error(`nodes did not agree on announced ports ${expected.join(',')} within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function relinkReplicas(info: ClusterInfo, real: number[], views: string[], links: string[]): Promise<void> {
  await Promise.all(
    real.map(async (p, i) => {
      if (!links[i].includes('master_link_status:down')) return;
      const self = views[i].split('\n').find((l) => l.includes('myself'));
      const masterId = self?.split(' ')[3];
      if (masterId && masterId !== '-') await redisCli(info, p, 'CLUSTER', 'REPLICATE', masterId).catch(() => '');
    }),
  );
}
