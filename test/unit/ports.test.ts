// The port table of test clusters (test/support/ports.ts): no two blocks share a port, wide blocks are as wide as
// their clusters, nothing reaches code-server's range, and clusters take their ports from the table by name.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { BLOCK_WIDTHS, PORT_BLOCKS, type PortBlock, blockWidth } from '../support/ports';

const REPO = path.resolve(__dirname, '..', '..');
const BUS_OFFSET = 10000;
const blocks = (Object.keys(PORT_BLOCKS) as PortBlock[]).map((name) => ({
  name,
  from: PORT_BLOCKS[name],
  to: PORT_BLOCKS[name] + blockWidth(name) - 1,
}));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('test port blocks', () => {
  it('the wide blocks are as wide as their clusters: 100-node bench and e2e, 60-node Diagnose bench, soak (6 nodes + forwarder)', () => {
    assert.deepEqual(BLOCK_WIDTHS, { benchScale: 100, benchDoctor: 60, e2eScale: 100, remoteSoak: 20 });
  });

  it('no two blocks overlap', () => {
    const clashes: string[] = [];
    for (const [i, a] of blocks.entries()) {
      for (const b of blocks.slice(i + 1)) {
        if (a.from <= b.to && b.from <= a.to) clashes.push(`${a.name} ${a.from}-${a.to} and ${b.name} ${b.from}-${b.to}`);
      }
    }
    assert.deepEqual(clashes, []);
  });

  it('no block, nor its bus ports, reaches code-server (8700-8799) or past 65535', () => {
    for (const b of blocks) {
      for (const [from, to] of [
        [b.from, b.to],
        [b.from + BUS_OFFSET, b.to + BUS_OFFSET],
      ]) {
        assert.ok(to < 8700 || from > 8799, `${b.name} ${from}-${to} overlaps code-server's 8700-8799`);
        assert.ok(to <= 65535, `${b.name} ends at ${to}`);
      }
    }
  });

  it('clusters in bench/ and test/ take their base port from the table, not a literal', () => {
    const literal = /basePort:\s*\d/;
    const offenders = [...tsFiles(path.join(REPO, 'bench')), ...tsFiles(path.join(REPO, 'test'))]
      .filter((f) => literal.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO, f));
    assert.deepEqual(offenders, []);
  });
});
