import { strict as assert } from 'node:assert';
import { address, formatBytes, shortId } from '../../src/core/common/format';
import { masters, nodeById, resolveNode } from '../../src/core/topology/nodeLookup';
import { findNode } from '../../src/core/topology/topology';

const node = (id: string, host: string, port: number, role: 'master' | 'replica') => ({ id, host, port, role });
const A = node('f0357034aa11223344556677889900aabbccddee', '10.0.0.1', 7000, 'master');
const B = node('f0357099bb11223344556677889900aabbccddee', '10.0.0.2', 7000, 'master');
const C = node('c1d2e3f4cc11223344556677889900aabbccddee', '::1', 7001, 'replica');
const topo = { nodes: [A, B, C] };

describe('domain formatting (src/core/common/format)', () => {
  it('writes host:port, IPv6 hosts in brackets', () => {
    assert.equal(address({ host: '127.0.0.1', port: 7000 }), '127.0.0.1:7000');
    assert.equal(address({ host: 'redis-1.example', port: 6380 }), 'redis-1.example:6380');
    assert.equal(address({ host: '::1', port: 7001 }), '[::1]:7001');
    assert.equal(address({ host: 'fe80::1:2', port: 7002 }), '[fe80::1:2]:7002');
  });

  it('shortens node ids to 8 digits and leaves shorter text alone', () => {
    assert.equal(shortId(A.id), 'f0357034');
    assert.equal(shortId('abc'), 'abc');
  });

  it('formats bytes: whole bytes, one decimal below 10, none from 10, carried to the next unit when rounding reaches 1024', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(1910040), '1.8 MiB');
    assert.equal(formatBytes(9.94 * 1024), '9.9 KiB');
    assert.equal(formatBytes(9.96 * 1024), '10 KiB', 'never "10.0 KiB"');
    assert.equal(formatBytes(15 * 1024), '15 KiB');
    assert.equal(formatBytes(300 * 1024 * 1024), '300 MiB');
    assert.equal(formatBytes(1023.4 * 1024), '1023 KiB');
    assert.equal(formatBytes(1023.6 * 1024), '1.0 MiB', 'never "1024 KiB"');
    assert.equal(formatBytes(2 ** 50), '1.0 PiB');
    assert.equal(formatBytes(-1536), '-1.5 KiB');
    assert.equal(formatBytes(undefined), '?');
    assert.equal(formatBytes(Number.NaN), '?');
  });
});

describe('node lookup (src/core/topology/nodeLookup)', () => {
  it('lists the masters', () => {
    assert.deepEqual(
      masters(topo).map((n) => n.id),
      [A.id, B.id],
    );
  });

  it('finds a node by full id, by address (IPv6 in brackets) and by an unambiguous prefix', () => {
    assert.equal(nodeById(topo.nodes, C.id), C);
    assert.equal(nodeById(topo.nodes, 'nope'), undefined);
    assert.equal(nodeById(topo.nodes, undefined), undefined);
    assert.equal(findNode(topo, A.id), A);
    assert.equal(findNode(topo, '10.0.0.2:7000'), B);
    assert.equal(findNode(topo, '[::1]:7001'), C);
    assert.equal(findNode(topo, 'c1d2'), C);
    assert.equal(findNode(topo, 'f0357099'), B);
  });

  it('refuses an ambiguous prefix, naming the candidates, and a prefix too short to mean one node', () => {
    assert.throws(() => findNode(topo, 'f0357'), /"f0357" is ambiguous: f0357034 \(10\.0\.0\.1:7000\), f0357099 \(10\.0\.0\.2:7000\)/);
    assert.deepEqual(resolveNode(topo.nodes, 'c1d'), {
      error: 'no node "c1d" in the cluster (give an id, an unambiguous id prefix of at least 4 characters, or host:port)',
    });
    assert.throws(() => findNode(topo, ''), /no node ""/);
    assert.throws(() => findNode(topo, '10.0.0.9:7000'), /no node "10\.0\.0\.9:7000"/);
  });
});
