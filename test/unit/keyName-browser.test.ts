import { strict as assert } from 'node:assert';
import { ProfileKeys, splitKey } from '../../src/views/keys/model';
import { stringLiteralAt } from '../../src/views/keys/literal';

const b = (s: string) => Buffer.from(s);

describe('key browser model (folders by delimiter, binary-safe)', () => {
  it('splits keys at every delimiter occurrence, on bytes', () => {
    assert.deepEqual(splitKey(b('a:b:c'), b(':')), { folders: [b('a'), b('b')], leaf: b('c') });
    assert.deepEqual(splitKey(b('plain'), b(':')), { folders: [], leaf: b('plain') });
    assert.deepEqual(splitKey(b('a::b'), b('::')), { folders: [b('a')], leaf: b('b') });
    assert.deepEqual(splitKey(b('a:b'), Buffer.alloc(0)), { folders: [], leaf: b('a:b') });
  });

  it('counts keys per folder as loaded, once per key, and forgets removed keys', () => {
    const m = new ProfileKeys({}, b(':'));
    const bin = Buffer.concat([b('user:'), Buffer.from([0xff, 0x00])]);
    m.add([b('user:1:name'), b('user:1:mail'), b('user:2:name'), b('solo'), bin, b('user:1:name')]);
    assert.equal(m.loaded, 5);
    const user = [...m.root.folders.values()].find((f) => f.label === 'user');
    assert.ok(user);
    assert.equal(user.count, 4);
    assert.equal([...user.folders.values()].find((f) => f.label === '1')?.count, 2);
    assert.ok([...user.keys.values()][0].equals(bin), 'binary key kept as exact bytes');
    assert.equal(m.remove(b('user:2:name')), true);
    assert.equal(user.count, 3);
    assert.equal(
      [...user.folders.values()].some((f) => f.label === '2'),
      false,
      'empty folder disappears',
    );
    assert.equal(m.remove(b('nope')), false);
  });
});

describe('string literal under the cursor', () => {
  it('finds the literal around the column, with escapes', () => {
    const line = `redis.get("user:1:name", 'x\\'y')`;
    assert.equal(stringLiteralAt(line, 12), 'user:1:name');
    assert.equal(stringLiteralAt(line, 27), "x'y");
    assert.equal(stringLiteralAt(line, 3), undefined);
    assert.equal(stringLiteralAt('`tpl:${id}` + "', 2), 'tpl:${id}');
  });
});
