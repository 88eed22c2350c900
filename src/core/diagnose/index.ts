// Diagnose: one bounded, read-only gather of the whole cluster, then small pure rules, one per concern.
//
// Public API:
//   diagnose(session, opts?): Promise<DoctorReport & { gathered }>   gather + rules
//   evaluate(gathered): DoctorReport                                the rules alone (unit-tested on hand-made data)
//   formatDoctor(report), doctorMarkdown(report, title)            text for the CLI, Markdown for the editor
import { type MergeOptions, type MergePlan, groupsFromViews, planMerge } from '../admin/plan/merge';
import type { ClusterSession } from '../connection/session';
import { type GatherOptions, gather } from './gather';
import { configRules } from './rules/config';
import { coverageRules } from './rules/coverage';
import { latencyRules } from './rules/latency';
import { memoryRules } from './rules/memory';
import { partitionRules } from './rules/partition';
import { replicaRules } from './rules/replicas';
import { securityRules } from './rules/security';
import { serverRules, serversOf } from './rules/servers';
import type { DoctorReport, Finding, Gathered, Rule, Severity } from './types';

export * from './types';
export { gather, type GatherOptions } from './gather';
export { judgePassword } from './parse';

export const RULES: Rule[] = [
  ...partitionRules,
  ...coverageRules,
  replicaRules,
  latencyRules,
  memoryRules,
  ...configRules,
  ...securityRules,
  ...serverRules,
];

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function evaluate(g: Gathered, rules: Rule[] = RULES): DoctorReport {
  const findings: Finding[] = [];
  for (const rule of rules) {
    try {
      findings.push(...rule(g));
    } catch (e) {
      // One broken rule must not hide the others' findings.
      findings.push({
        id: 'doctor.rule-failed',
        severity: 'info',
        title: `A check could not run (${rule.name})`,
        detail: String(e),
        nodes: [],
      });
    }
  }
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    profile: g.profile.name,
    ok: counts.error === 0,
    counts,
    findings,
    nodes: { reachable: g.nodes.filter((n) => n.reachable).length, total: g.nodes.length },
    servers: serversOf(g),
    startedAt: g.startedAt,
    elapsedMs: g.elapsedMs,
  };
}

/** The report without the gathered data (which is large): what the CLI prints and the editor keeps. */
export function reportOf(r: DoctorReport & { gathered?: Gathered }): DoctorReport {
  const { profile, ok, counts, findings, nodes, servers, startedAt, elapsedMs } = r;
  return { profile, ok, counts, findings, nodes, servers, startedAt, elapsedMs };
}

export async function diagnose(session: ClusterSession, opts: GatherOptions = {}): Promise<DoctorReport & { gathered: Gathered }> {
  const gathered = await gather(session, opts);
  return { ...evaluate(gathered), gathered };
}

/** The merge plan for a split cluster as gathered; throws PlanError (with the reason) when it cannot be merged. */
export function mergePlanFor(g: Gathered, opts: MergeOptions = {}): MergePlan {
  return planMerge(groupsFromViews(g.nodes.filter((p) => p.reachable).map((p) => ({ nodes: p.view }))), opts);
}

function summary(r: DoctorReport): string {
  return (
    `${r.ok ? 'OK' : 'PROBLEMS FOUND'}: ${r.counts.error} error(s), ${r.counts.warning} warning(s), ${r.counts.info} note(s); ` +
    `${r.nodes.reachable}/${r.nodes.total} nodes answered in ${(r.elapsedMs / 1000).toFixed(2)} s`
  );
}

export function formatDoctor(r: DoctorReport): string {
  const lines = [`Diagnose "${r.profile}": ${summary(r)}`];
  if (r.servers?.length) lines.push(`  servers: ${serversLine(r)}`);
  for (const f of r.findings) {
    lines.push(`  [${f.severity}] ${f.title}${f.nodes.length ? `  (${f.nodes.join(', ')})` : ''}`, `      ${f.detail}`);
    if (f.fix) lines.push(`      fix: ${f.fix.label} (${f.fix.command})`);
  }
  return lines.join('\n');
}

/** "Redis 7.0.15 on 6 nodes", or each version with its nodes when they differ. */
function serversLine(r: DoctorReport): string {
  const s = r.servers ?? [];
  if (s.length === 1) return `${s[0].label} on ${s[0].nodes.length === 1 ? '1 node' : `every node (${s[0].nodes.length})`}`;
  return s.map((x) => `${x.label} on ${x.nodes.join(', ')}`).join('; ');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
// Words, not emoji: the editor's preview font may lack the glyphs.
const ICON: Record<Severity, string> = { error: '**ERROR**', warning: 'WARNING', info: 'info' };

export function doctorMarkdown(r: DoctorReport, title = `Diagnose "${r.profile}"`): string {
  const out = [`# ${title}`, '', `**${summary(r)}**, ${new Date(r.startedAt).toISOString()}.`, ''];
  if (r.servers?.length) out.push(`Servers: ${cell(serversLine(r))}.`, '');
  if (!r.findings.length) out.push('No finding: every check passed.');
  else {
    out.push('| | finding | nodes | fix |', '|---|---|---|---|');
    for (const f of r.findings)
      out.push(`| ${ICON[f.severity]} | ${cell(f.title)} | ${cell(f.nodes.join(', ') || 'cluster')} | ${f.fix ? cell(f.fix.label) : ''} |`);
    out.push('', '## Details', '');
    for (const f of r.findings)
      out.push(
        `### ${f.severity}: ${cell(f.title)}`,
        '',
        f.detail,
        '',
        `\`${f.id}\`${f.nodes.length ? ` · ${f.nodes.join(', ')}` : ''}`,
        '',
      );
  }
  return out.join('\n');
}
