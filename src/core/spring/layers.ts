// Spring profiles, as Spring Boot (2.4+) layers configuration: the file's documents in order, a profile-specific
// document (spring.config.activate.on-profile) only when its expression matches the active profiles, then
// application-{profile} files next to it, one per active profile in the order given; a later layer wins. Without
// an explicit choice the active profiles are the file's own spring.profiles.active.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { SpringProperties, type SpringDocument, readSpringDocuments } from './config';

/** `prod`, `prod,eu` (any), `!dev`, `prod & eu`, `prod | staging` (no parentheses), against the active profiles. */
export function matchesProfiles(expression: string, active: string[]): boolean {
  const term = (t: string): boolean => {
    const x = t.trim();
    if (x.startsWith('!')) return !term(x.slice(1));
    return active.includes(x);
  };
  return expression.split(',').some((alt) => alt.split('|').some((or) => or.split('&').every((and) => term(and))));
}

function splitProfiles(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** application-{profile}.properties wins over .yaml/.yml of the same profile, as in Spring. */
function profileFiles(file: string, profile: string): string[] {
  const dir = path.dirname(file);
  const stem = path.basename(file).replace(/(-[\w.-]+)?\.(ya?ml|properties)$/i, '');
  return ['yml', 'yaml', 'properties'].map((ext) => path.join(dir, `${stem}-${profile}.${ext}`)).filter((f) => f !== file && existsSync(f));
}

function layer(out: SpringProperties, docs: SpringDocument[], active: string[]): void {
  for (const doc of docs) {
    if (doc.onProfile !== undefined && !matchesProfiles(doc.onProfile, active)) out.skippedProfiles.push(doc.onProfile);
    else out.merge(doc.props);
  }
}

export interface LayeredConfig {
  props: SpringProperties;
  /** The profiles that were active: the ones asked for, else the file's spring.profiles.active. */
  active: string[];
}

/** The file with the given Spring profiles active (undefined: the file's own spring.profiles.active, if any). */
export function loadSpringConfig(file: string, profiles?: string[]): LayeredConfig {
  const docs = readSpringDocuments(file);
  const declared = splitProfiles(
    docs.find((d) => d.onProfile === undefined && d.props.get('spring.profiles.active'))?.props.get('spring.profiles.active')?.value,
  );
  const active = profiles ?? declared;
  const props = new SpringProperties();
  props.files.push(file);
  layer(props, docs, active);
  for (const p of active)
    for (const f of profileFiles(file, p)) {
      props.files.push(f);
      layer(props, readSpringDocuments(f), active);
    }
  return { props, active };
}

export interface SpringProfileChoice {
  /** Profiles named by the file's documents or by application-{profile} files beside it, sorted. */
  profiles: string[];
  /** The file's spring.profiles.active, when it sets one. */
  declared: string[];
}

/** The profiles a user can pick for a file (for the extension's QuickPick and the CLI's notes). */
export function springProfilesOf(file: string): SpringProfileChoice {
  const docs = readSpringDocuments(file);
  const names = new Set<string>();
  for (const d of docs)
    if (d.onProfile !== undefined)
      for (const n of d.onProfile.split(/[,|&]/)) if (n.trim() && !n.trim().startsWith('!')) names.add(n.trim());
  const stem = path.basename(file).replace(/(-[\w.-]+)?\.(ya?ml|properties)$/i, '');
  if (!/-/.test(path.basename(file).replace(/\.(ya?ml|properties)$/i, '')))
    for (const f of readdirSync(path.dirname(file))) {
      const m = new RegExp(`^${stem}-([\\w.-]+)\\.(ya?ml|properties)$`, 'i').exec(f);
      if (m) names.add(m[1]);
    }
  const declared = splitProfiles(
    docs.find((d) => d.onProfile === undefined && d.props.get('spring.profiles.active'))?.props.get('spring.profiles.active')?.value,
  );
  for (const d of declared) names.add(d);
  return { profiles: [...names].sort(), declared };
}
