// What a .vsix (a zip) holds, read from its central directory, and whether it holds what an installed user
// needs: every image the README shows (VS Code renders the packaged README from the package), the CLI that the
// log's action lines run, the cluster script behind Start a Local Dev Cluster, and the localization files.
import { readFileSync } from 'node:fs';

/** File names in a zip, from its central directory records (signature PK\1\2). */
export function zipEntries(file) {
  const buf = readFileSync(file);
  const names = [];
  // The end-of-central-directory record says where the central directory starts (offset 16).
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  let o = buf.readUInt32LE(eocd + 16);
  while (o + 46 <= buf.length && buf.readUInt32LE(o) === 0x02014b50) {
    const nameLen = buf.readUInt16LE(o + 28);
    names.push(buf.toString('utf8', o + 46, o + 46 + nameLen));
    o += 46 + nameLen + buf.readUInt16LE(o + 30) + buf.readUInt16LE(o + 32);
  }
  return names;
}

/** Paths the package must hold but does not: README images and the shipped scripts. */
export function missingFromVsix(vsix, readme = 'README.md') {
  const names = new Set(zipEntries(vsix));
  const images = [...readFileSync(readme, 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^\w+:/.test(l));
  const shipped = [
    'dist/cli.js',
    'dist/cluster.js',
    'dist/extension.js',
    'package.nls.json',
    'l10n/bundle.l10n.json',
    ...jsonValidationFiles(),
  ];
  return [...new Set([...images, ...shipped])].filter((p) => !names.has(`extension/${p}`));
}

/** Schema files that package.json's jsonValidation names (./schemas/profile.schema.json): the editor reads them from the package. */
function jsonValidationFiles() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  return (pkg.contributes.jsonValidation ?? []).map((v) => v.url.replace(/^\.\//, '')).filter((u) => !/^\w+:/.test(u));
}
