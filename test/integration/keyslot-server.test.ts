// Our key -> slot must equal the server's CLUSTER KEYSLOT on every key, hash-tag edge cases and binary included.
import { strict as assert } from 'node:assert';
import { keySlot } from '../../src/core/topology/slots';
import { serverKeySlots } from '../../src/core/keys/keys';
import { sessionFor, sharedCluster } from '../support/cluster';

function edgeCases(): Buffer[] {
  const strings = [
    '',
    'a',
    'foo',
    '{',
    '}',
    '{}',
    '{}{}',
    '}{',
    '{a',
    'a}',
    '{a}',
    '{{a}}',
    '{{}}',
    '{}a{b}',
    'a{}{b}',
    'a{b}{c}',
    'a{b{c}d}',
    '{user1000}.following',
    '{user1000}.followers',
    'foo{{bar}}zap',
    'foo{}{bar}',
    'foo{bar',
    '{ }',
    'ключ',
    '{ключ}x',
    '🔑{🔑}',
    'a'.repeat(1000),
    `{${'b'.repeat(500)}}tail`,
    '\n\r\t',
    '{\u0000}',
    'x{\u0000}y',
  ];
  const out = strings.map((s) => Buffer.from(s, 'utf8'));
  out.push(Buffer.from([0xff, 0xfe, 0x7b, 0x80, 0x7d]), Buffer.from([0x7b, 0x7d, 0x7b, 0xc3, 0x28, 0x7d]), Buffer.alloc(64, 0));
  // A deterministic spread of random binary keys, some with braces.
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < 500; i++) {
    const b = Buffer.alloc(1 + (rnd() % 24));
    for (let j = 0; j < b.length; j++) b[j] = rnd() % 5 === 0 ? (rnd() % 2 ? 0x7b : 0x7d) : rnd() % 256;
    out.push(b);
  }
  return out;
}

describe('key slots agree with the server', function () {
  this.timeout(120000);
  it('on edge cases, unicode and 500 random binary keys', async () => {
    const info = await sharedCluster();
    const session = sessionFor(info);
    try {
      const keys = edgeCases();
      const server = await serverKeySlots(session, keys);
      const mismatches = keys
        .map((k, i) => ({ k: k.toString('hex'), local: keySlot(k), server: server[i] }))
        .filter((r) => r.local !== r.server);
      assert.deepEqual(mismatches, []);
      assert.equal(server.length, keys.length);
    } finally {
      await session.close();
    }
  });
});
