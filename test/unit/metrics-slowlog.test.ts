import { strict as assert } from 'node:assert';
import { mergeSlowlogs, parseSlowlog } from '../../src/core/monitoring/slowlog';

describe('metrics: slow log', () => {
  const a = parseSlowlog(
    [
      [14, 1700000010, 15000, ['SET', '<img src=x onerror=alert(1)>', 'v'], '127.0.0.1:5000', ''],
      [13, 1700000000, 20000, ['KEYS', '*'], '127.0.0.1:5001', 'worker'],
    ],
    '127.0.0.1:7100',
    'm1',
  );
  const b = parseSlowlog([[3, 1700000010, 30000, ['DEL', 'k']], 'garbage', [1]], '127.0.0.1:7101', 'm2');

  it('parses RESP2 entries and skips malformed ones', () => {
    assert.equal(a.length, 2);
    assert.deepEqual(a[0], {
      node: '127.0.0.1:7100',
      nodeId: 'm1',
      id: 14,
      time: 1700000010,
      durationUs: 15000,
      args: ['SET', '<img src=x onerror=alert(1)>', 'v'],
      client: '127.0.0.1:5000',
      clientName: undefined,
    });
    assert.equal(a[1].clientName, 'worker');
    assert.equal(b.length, 1);
    assert.equal(parseSlowlog('nope', 'x', 'y').length, 0);
  });

  it('merges nodes newest first, slower first within a second, and limits', () => {
    const merged = mergeSlowlogs([a, b]);
    assert.deepEqual(
      merged.map((e) => `${e.node}#${e.id}`),
      ['127.0.0.1:7101#3', '127.0.0.1:7100#14', '127.0.0.1:7100#13'],
    );
    assert.equal(mergeSlowlogs([a, b], 2).length, 2);
  });
});
