// The committed l10n bundle and package.nls.json hold the strings the extension uses (a translator starts from
// them); scripts/check-l10n.mjs proves they are complete, this proves a few known ones by name.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const bundle = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>;
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
const manifest = readFileSync('package.json', 'utf8');

describe('l10n bundle', () => {
  it('holds known notification, quick pick and button strings, each mapped to itself', () => {
    for (const key of [
      'Show Log',
      'Redis Cluster: {0} failed: {1}',
      'Redis Cluster "{0}": check OK.',
      'Add Redis Cluster Profile',
      'Redis Cluster: choose a profile',
      'Restricted Mode: trust this workspace to connect',
    ])
      assert.equal(bundle[key], key, `missing from l10n/bundle.l10n.json: ${key}`);
  });

  it('has no template-literal leftovers: placeholders are {n} ($ before one is a shell variable)', () => {
    const leftovers = Object.keys(bundle).filter((k) => /\$\{[^\d]/.test(k));
    assert.deepEqual(leftovers, []);
  });

  it('holds whole sentences: no fragment that starts or ends with a joint, no two placeholders glued together', () => {
    // ", {0} failing" or "done{1}" only make sense stitched into another message, which a translator cannot reorder.
    const fragments = Object.keys(bundle).filter((k) => /^[ ,;:.]|[ ,;(]$|\}\{/.test(k));
    assert.deepEqual(fragments, []);
  });

  it('holds the webview strings too (one t() for the dashboard as for the extension)', () => {
    for (const key of ['Key distribution', 'Keys per master', 'Slot {0}, owner {1} {2}, {3} keys', 'Poll now']) {
      assert.equal(bundle[key], key, `missing from l10n/bundle.l10n.json: ${key}`);
    }
  });

  it('package.nls.json resolves every %key% of package.json', () => {
    const keys = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 50, `only ${keys.length} %key% references`);
    assert.deepEqual(
      keys.filter((k) => !(k in nls)),
      [],
    );
    assert.equal(nls['command.showLog.title'], 'Show Log');
    assert.equal(nls.displayName, 'Redis Cluster');
  });
});
