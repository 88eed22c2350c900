// The read-only agent tools: profiles, topology, Check, Diagnose, key lookup, distribution, keys in code and the
// Analyze Keyspace seam. Each is one core call, answered as a short summary plus JSON; nothing here writes.
import { checkCluster } from '../admin/ops/check';
import { diagnose, reportOf } from '../diagnose';
import { lineIndex } from '../keysInCode';
import { parseKeyInput } from '../keys/keyName';
import { hashTagHint, lookupKeys } from '../keys/lookup';
import { countKeysPerSlot } from '../monitoring/distribution';
import { formatRanges } from '../topology/slots';
import { type Topology, address, isFailing } from '../topology/topology';
import { type ObjectSchema, ToolInputError } from './schema';
import type { AgentTool } from './types';
import { PROFILE_INPUT, profileOf, resolveTarget } from './target';

const profileOnly: ObjectSchema = { type: 'object', properties: { profile: PROFILE_INPUT }, required: [], additionalProperties: false };

export function topologySummary(t: Topology) {
  return {
    state: t.info.state,
    slotsAssigned: t.info.slotsAssigned,
    currentEpoch: t.info.currentEpoch,
    readFrom: t.source,
    shards: t.shards.map((s) => ({
      master: s.master && { id: s.master.id, address: address(s.master), flags: s.master.flags, failing: isFailing(s.master) },
      slots: formatRanges(s.slots),
      replicas: s.replicas.map((r) => ({ id: r.id, address: address(r), flags: r.flags, failing: isFailing(r) })),
    })),
  };
}

const listProfiles: AgentTool = {
  name: 'redis_cluster_profiles',
  title: 'List Redis Cluster profiles',
  description:
    'Lists the Redis Cluster connection profiles this user has (id, label, scope, whether connected, readOnly/protected). ' +
    'Use it first to learn which profile id to pass to the other redis_cluster_* tools. Never returns passwords or node secrets.',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  admin: false,
  run: async (_input, { host }) => {
    const profiles = host.profiles();
    return { summary: `${profiles.length} profile(s).`, data: profiles };
  },
};

const topology: AgentTool<{ profile?: string }> = {
  name: 'redis_cluster_topology',
  title: 'Redis Cluster topology',
  description:
    'Reads the live topology of a Redis Cluster: cluster state, shards with their master, replicas, node ids, addresses, flags ' +
    'and slot ranges. Use it to answer "which nodes are there", "which master owns which slots", or to find node ids for ' +
    'failover/reshard.',
  inputSchema: profileOnly,
  admin: false,
  run: async (input, ctx) => {
    const t = await resolveTarget(input.profile, ctx);
    const s = topologySummary(t.topology);
    return {
      summary: `Cluster "${t.profile.name}" is ${s.state}: ${t.topology.shards.length} shard(s), ${t.topology.nodes.length} node(s).`,
      data: s,
    };
  },
};

const check: AgentTool<{ profile?: string }> = {
  name: 'redis_cluster_check',
  title: 'Check Redis Cluster',
  description:
    'Runs Check (like redis-cli --cluster check): slot coverage, open (migrating/importing) slots, nodes that disagree, failing ' +
    'or unreachable nodes, masters without replicas. Use it to answer "is the cluster healthy?" and before suggesting fix.',
  inputSchema: profileOnly,
  admin: false,
  run: async (input, ctx) => {
    const t = await resolveTarget(input.profile, ctx);
    const r = await checkCluster(t.session, { signal: ctx.signal });
    const errors = r.problems.filter((p) => p.severity === 'error').length;
    return {
      summary: r.ok
        ? `Check OK: ${r.masters} master(s), ${r.replicas} replica(s), all 16384 slots covered; ${r.problems.length} warning(s).`
        : `Check found ${errors} error(s)${r.problems.some((p) => p.fixable) ? '; some can be repaired with redis_cluster_fix' : ''}.`,
      data: { ...r, uncovered: formatRanges(r.uncovered) },
    };
  },
};

const doctor: AgentTool<{ profile?: string }> = {
  name: 'redis_cluster_diagnose',
  title: 'Diagnose Redis Cluster',
  description:
    'Runs Diagnose on every node: configuration, memory, latency, replication, partitions, security and big keys, returning ' +
    'findings with severity, the nodes concerned and what to do. Use it for "what is wrong / what should I do about it?".',
  inputSchema: profileOnly,
  admin: false,
  run: async (input, ctx) => {
    const t = await resolveTarget(input.profile, ctx);
    const r = reportOf(await diagnose(t.session, { signal: ctx.signal }));
    const c = r.counts;
    return {
      summary:
        `Diagnose "${t.profile.name}": ${c.error} error(s), ${c.warning} warning(s), ${c.info} note(s); ` +
        `${r.nodes.reachable}/${r.nodes.total} node(s) reached.`,
      data: { ok: r.ok, counts: r.counts, nodes: r.nodes, findings: r.findings.map(({ fix: _fix, ...f }) => f) },
    };
  },
};

const keyLookup: AgentTool<{ profile?: string; keys: string[] }> = {
  name: 'redis_cluster_key',
  title: 'Look up Redis keys',
  description:
    "Looks keys up in a Redis Cluster: hash slot (the server's CLUSTER KEYSLOT), hash tag, owning master, replicas, type, TTL " +
    'and memory size. Never returns values. Give several keys to learn whether they share a slot, e.g. to explain a ' +
    'CROSSSLOT error in MGET/MULTI/Lua; the answer then suggests a hash tag. A key in double quotes may use \\xHH escapes.',
  inputSchema: {
    type: 'object',
    properties: {
      profile: PROFILE_INPUT,
      keys: {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: 4096 },
        minItems: 1,
        maxItems: 50,
        description: 'Key names.',
      },
    },
    required: ['keys'],
    additionalProperties: false,
  },
  admin: false,
  run: async (input, ctx) => {
    const keys = input.keys.map((k, i) => {
      try {
        return parseKeyInput(k);
      } catch (e) {
        throw new ToolInputError(`input "keys"[${i}]: ${(e as Error).message}`);
      }
    });
    const t = await resolveTarget(input.profile, ctx);
    const rows = await lookupKeys(t.session, keys, t.topology);
    const hint = hashTagHint(keys);
    const slots = new Set(rows.map((r) => r.slot));
    return {
      summary:
        rows.length === 1
          ? `Key ${rows[0].display} is in slot ${rows[0].slot}, owned by ${rows[0].owner?.address ?? 'no master'}; ` +
            `${rows[0].exists ? `a ${rows[0].type}` : 'it does not exist'}.`
          : `${rows.length} keys in ${slots.size} slot(s)` +
            `${slots.size > 1 ? ': they cannot be used together in one multi-key command (CROSSSLOT)' : ''}.`,
      data: {
        keys: rows.map((r) => ({
          key: r.display,
          slot: r.slot,
          ...(r.slotDisagreement ? { slotDisagreement: r.slotDisagreement } : {}),
          hashTag: r.hashTag?.text,
          owner: r.owner,
          replicas: r.replicas,
          slotState: r.slotState,
          exists: r.exists,
          type: r.type,
          ttl: r.ttlMs === undefined ? undefined : r.ttlMs === -1 ? 'no expiry' : r.ttlMs === -2 ? 'missing' : `${r.ttlMs} ms`,
          memoryBytes: r.memoryUsage,
          encoding: r.encoding,
          problems: r.problems.length ? r.problems : undefined,
        })),
        hashTagHint: hint,
      },
    };
  },
};

const distribution: AgentTool<{ profile?: string }> = {
  name: 'redis_cluster_distribution',
  title: 'Redis Cluster key distribution',
  description:
    'Counts keys per slot on every master: keys and slots per master, the imbalance (largest master over the mean) and the ' +
    'fullest slots. Use it for "is the data evenly spread?", hot slots, or before suggesting a rebalance.',
  inputSchema: profileOnly,
  admin: false,
  run: async (input, ctx) => {
    const t = await resolveTarget(input.profile, ctx);
    const d = await countKeysPerSlot(t.session, t.topology, { signal: ctx.signal });
    return {
      summary:
        `${d.total} key(s) over ${d.masters.length} master(s); imbalance ${d.imbalance.toFixed(2)} (1 = even)` +
        `${d.complete ? '' : '; some masters could not be counted'}.`,
      data: {
        total: d.total,
        imbalance: Number(d.imbalance.toFixed(3)),
        complete: d.complete,
        masters: d.masters,
        fullestSlots: d.top.slice(0, 10),
      },
    };
  },
};

const keysInCode: AgentTool<{ file: string }> = {
  name: 'redis_cluster_keys_in_code',
  title: 'Keys in code findings',
  description:
    'Analyses one source file (TypeScript, JavaScript, Java, Kotlin, Python) for Redis calls whose keys hash to different ' +
    'slots (CROSSSLOT in a cluster) and for KEYS commands. Offline: needs no profile. Use it when the user asks whether code ' +
    'is cluster-safe or why a multi-key call fails.',
  inputSchema: {
    type: 'object',
    properties: { file: { type: 'string', minLength: 1, description: 'Path of the file (absolute, or relative to the workspace).' } },
    required: ['file'],
    additionalProperties: false,
  },
  admin: false,
  run: async (input, { host }) => {
    const { path, source, analysis } = await host.analyzeFile(input.file);
    const at = lineIndex(source);
    const findings = analysis.findings.map((f) => {
      const p = at(f.start);
      return { line: p.line + 1, column: p.column + 1, code: f.code, message: f.message, slots: f.slots };
    });
    return { summary: `${path}: ${findings.length} finding(s)${analysis.parsed ? '' : ' (no Redis client calls found)'}.`, data: findings };
  },
};

const keyspace: AgentTool<{ profile?: string }> = {
  name: 'redis_cluster_keyspace_analysis',
  title: 'Analyze Keyspace summary',
  description:
    'Returns the summary of the latest Analyze Keyspace run for a profile (key patterns, their memory and TTLs), when one has ' +
    'run. It does not start an analysis. Use it for "what takes the memory?" questions.',
  inputSchema: profileOnly,
  admin: false,
  run: async (input, ctx) => {
    const id = profileOf(input.profile, ctx).id;
    const summary = ctx.host.keyspaceAnalysis?.(id);
    if (summary === undefined)
      return {
        summary: `No analysis has run for "${id}". Ask the user to run "Redis Cluster: Analyze Keyspace", then call this again.`,
      };
    return { summary: `Latest Analyze Keyspace summary for "${id}".`, data: summary };
  },
};

export const READ_TOOLS: AgentTool[] = [
  listProfiles,
  topology,
  check,
  doctor,
  keyLookup,
  distribution,
  keysInCode,
  keyspace,
] as AgentTool[];
