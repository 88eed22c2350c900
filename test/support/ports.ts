// Every test cluster's ports come from this one table, so two blocks never overlap (test/unit/ports.test.ts checks
// it) and a whole run can be moved with TEST_PORT_OFFSET (two checkouts testing side by side on one machine: use
// 2000, 3000, 4000...; redis bus ports are +10000, code-server uses 8700-8799, so offsets 1000 and 10000 collide).
// Each block holds up to 10 nodes (ports base..base+9) unless BLOCK_WIDTHS says more.
export const PORT_BLOCKS = {
  /** bench/ 100-node clusters use ports 7000-7099 (never tests). */
  benchScale: 7000,
  /** scripts/test-all.mjs starts the shared cluster at 7100 + TEST_PORT_OFFSET too. */
  shared: 7100,
  rebalanceUnderLoad: 7200,
  nodeDeath: 7210,
  clusterFaults: 7220,
  badInputMtls: 7230,
  badInputPlain: 7240,
  /** Misbehaving endpoints (plain redis, expired cert, wrong host, blackhole...), not a cluster. */
  badInputEndpoints: 7250,
  rebalanceUnderLoadGentle: 7260,
  /** test/integration/gentle-pipelines.test.ts */
  gentlePipelines: 7270,
  /** The Diagnose bench's 60-node cluster (7300-7359). */
  benchDoctor: 7300,
  clusterScript: 7400,
  migrateRebalance: 7500,
  migrateReshard: 7520,
  checkFix: 7540,
  benchMigrate: 7560,
  lifecycleCreate: 7600,
  lifecycleFailover: 7620,
  keyStoresMtls: 7640,
  migrateHandover: 7660,
  /** Loopback forwarder ports of the Docker-like cluster in a network namespace (its nodes listen inside it). */
  natDocker: 7680,
  javaProject: 7700,
  javaClient: 7720,
  distribution: 7740,
  benchDistribution: 7760,
  vscodeAdminLifecycle: 7800,
  benchScan: 7820,
  benchMonitoringOurs: 7840,
  benchMonitoringInsight: 7850,
  doctor: 7860,
  doctorSplit: 7870,
  vscodeDoctorMerge: 7880,
  benchMonitoringBefore: 7890,
  benchImpact: 7900,
  vscodeExplorer: 7920,
  /** test/vscode/publish.test.ts: Start a Local Dev Cluster (3 masters + 3 replicas). */
  vscodeDevCluster: 7940,
  console: 7960,
  /** test/integration/admin-use-cases.test.ts: the split cluster both front-ends plan a merge of. */
  useCases: 8200,
  /** test/e2e/scale-tree.test.ts: the explorer on a 100-node cluster (8000-8099). */
  e2eScale: 8000,
  /** test/integration/ssh-bastion.test.ts: the bastion's sshd published on loopback (8160), a closed port (8161). */
  sshBastion: 8160,
  /** The namespace cluster behind that bastion (its network namespace and veth are named after this port). */
  sshCluster: 8170,
  /** test/integration/agent-mcp.test.ts: the MCP server's admin tools on a cluster of their own. */
  agentTools: 8180,
  /** bench/analyze.bench.ts: Analyze Keyspace against redis-cli --memkeys. */
  benchAnalyze: 7970,
  /** test/integration/analyze.test.ts: the seeded keyspace analysed exactly. */
  analyze: 8100,
  /** test/integration/analyze-kill.test.ts: a node killed mid-analysis. */
  analyzeKill: 8110,
  /** Clusters seen through a DelayForwarder (test/support/remoteCluster.ts): the nodes' own ports. */
  remoteRtt: 8120,
  /** The DelayForwarder's ports for remoteRtt (one per node). */
  remoteForwarders: 8130,
  /** test/integration/remote-drops.test.ts: 3 masters (base..+2) and their forwarder (+3..+5). */
  remoteDrops: 8140,
  /** bench/soak.bench.ts and test/reliability/soak.test.ts: 3+3 nodes (base..+5), their forwarder (+10..+15). */
  remoteSoak: 8220,
} as const;

export type PortBlock = keyof typeof PORT_BLOCKS;

/** Blocks wider than the usual 10 ports: their clusters' node counts. */
export const BLOCK_WIDTHS: Partial<Record<PortBlock, number>> = { benchScale: 100, benchDoctor: 60, e2eScale: 100, remoteSoak: 20 };

/** How many ports from its base a block owns. */
export function blockWidth(block: PortBlock): number {
  return BLOCK_WIDTHS[block] ?? 10;
}

export function portOffset(): number {
  const raw = process.env.TEST_PORT_OFFSET ?? '0';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`TEST_PORT_OFFSET must be a non-negative integer, got "${raw}"`);
  return n;
}

/** First port of a named block, shifted by TEST_PORT_OFFSET. */
export function basePort(block: PortBlock): number {
  return PORT_BLOCKS[block] + portOffset();
}
