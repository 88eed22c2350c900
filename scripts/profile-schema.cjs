// The profile schema has one source, schemas/profile.schema.json (also the jsonValidation schema of profile files
// and the CLI validator's). VS Code's configuration schema cannot $ref a file, so package.json's copy of it
// (redisCluster.profiles items) is generated from it at build time, with its texts moved to package.nls.json so
// they can be translated. Adding a profile property is one edit in the schema file.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file, so build.mjs and the unit tests can both load it */
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const TEXT_FIELDS = ['description', 'markdownDescription', 'errorMessage', 'patternErrorMessage'];
const NLS_PREFIX = 'config.profiles';
/** The setting's own description lives beside the items, not in the schema file. */
const KEEP = new Set(['config.profiles.markdownDescription']);

function walk(node, keyPath, nls) {
  if (Array.isArray(node)) return node.map((v, i) => walk(v, `${keyPath}${i}`, nls));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (TEXT_FIELDS.includes(k) && typeof v === 'string') {
      const key = `${keyPath}.${k}`;
      nls[key] = v;
      out[k] = `%${key}%`;
    } else if (k === 'properties' || k === 'dependencies') {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([p, s]) => [p, walk(s, `${keyPath}${k === 'dependencies' ? '.dependencies' : ''}.${p}`, nls)]),
      );
    } else if (k === 'oneOf') out[k] = walk(v, `${keyPath}.oneOf`, nls);
    else if (['items', 'additionalProperties', 'propertyNames', 'not'].includes(k)) out[k] = walk(v, `${keyPath}.${k}`, nls);
    else out[k] = v;
  }
  return out;
}

/** package.json's items and the package.nls.json texts they name, from the schema file's content. */
function manifestItems(schema) {
  // The file's own header ($schema, title, description) is not part of the setting's items.
  const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => !['$schema', 'title', 'description'].includes(k)));
  const nls = {};
  return { items: walk(rest, NLS_PREFIX, nls), nls };
}

/** Rewrites package.json / package.nls.json when they differ from the schema file; returns the files written. */
function syncManifest(root) {
  const read = (f) => JSON.parse(readFileSync(path.join(root, f), 'utf8'));
  const { items, nls } = manifestItems(read('schemas/profile.schema.json'));
  const pkg = read('package.json');
  const pkgNls = read('package.nls.json');
  const setting = pkg.contributes.configuration.properties['redisCluster.profiles'];
  // The generated texts take the place of the old ones, so the rest of the file keeps its order.
  const nextNls = {};
  let placed = false;
  for (const [k, v] of Object.entries(pkgNls)) {
    if (!k.startsWith(`${NLS_PREFIX}.`) || KEEP.has(k)) nextNls[k] = v;
    else if (!placed) {
      Object.assign(nextNls, nls);
      placed = true;
    }
  }
  if (!placed) Object.assign(nextNls, nls);
  const written = [];
  if (JSON.stringify(setting.items) !== JSON.stringify(items)) {
    setting.items = items;
    writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    written.push('package.json');
  }
  if (JSON.stringify(pkgNls) !== JSON.stringify(nextNls)) {
    writeFileSync(path.join(root, 'package.nls.json'), `${JSON.stringify(nextNls, null, 2)}\n`);
    written.push('package.nls.json');
  }
  return written;
}

module.exports = { manifestItems, syncManifest };

if (require.main === module) {
  const written = syncManifest(path.resolve(__dirname, '..'));
  console.log(written.length ? `profile schema copied into ${written.join(', ')}` : 'package.json already matches the profile schema');
}
