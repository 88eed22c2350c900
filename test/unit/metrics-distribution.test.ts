import { strict as assert } from 'node:assert';
import { countPlan, imbalance, slotOwners, topSlots } from '../../src/core/monitoring/distribution';
import { SLOT_COUNT } from '../../src/core/topology/slots';
import { type Topology, parseClusterInfo, parseClusterNodes } from '../../src/core/topology/topology';

const topo: Topology = {
  source: 'test',
  fetchedAt: 0,
  usedShardsCommand: false,
  shards: [],
  info: parseClusterInfo(''),
  nodes: parseClusterNodes(`a 127.0.0.1:7100@17100 master - 0 0 1 connected 0-5460 [5461-<-b]
b 127.0.0.1:7101@17101 master - 0 0 2 connected 5461-10922 [5461->-a]
c 127.0.0.1:7102@17102 master - 0 0 3 connected 10923-16000
d 127.0.0.1:7103@17103 slave a 0 0 1 connected
`),
};

describe('distribution: pure parts', () => {
  it('maps every slot to its master and leaves unassigned slots empty', () => {
    const owners = slotOwners(topo);
    assert.equal(owners.length, SLOT_COUNT);
    assert.equal(owners[0], 'a');
    assert.equal(owners[5461], 'b');
    assert.equal(owners[16000], 'c');
    assert.equal(owners[16001], undefined);
  });

  it('asks each master for its own slots plus the slots it is importing, never a replica', () => {
    const plan = countPlan(topo);
    assert.deepEqual(
      plan.map((p) => p.node.id),
      ['a', 'b', 'c'],
    );
    const a = plan[0];
    assert.equal(a.owned, 5461);
    assert.equal(a.slots.length, 5462);
    assert.equal(a.slots[a.slots.length - 1], 5461);
    assert.equal(plan[1].slots.length, 5462, 'the migrating owner counts its slot once');
  });

  it('imbalance is max over mean, 1 when empty', () => {
    assert.equal(imbalance([10, 10, 10]), 1);
    assert.equal(imbalance([30, 0, 0]), 3);
    assert.equal(imbalance([0, 0]), 1);
    assert.equal(imbalance([]), 1);
  });

  it('top slots: fullest first, ties by slot number, no empty slots, owner attached', () => {
    const counts = new Uint32Array(SLOT_COUNT);
    counts[5] = 3;
    counts[9] = 7;
    counts[2] = 7;
    counts[16383] = 1;
    const top = topSlots(counts, 3, slotOwners(topo));
    assert.deepEqual(top, [
      { slot: 2, keys: 7, owner: 'a' },
      { slot: 9, keys: 7, owner: 'a' },
      { slot: 5, keys: 3, owner: 'a' },
    ]);
    assert.equal(topSlots(new Uint32Array(SLOT_COUNT)).length, 0);
    const many = Uint32Array.from({ length: SLOT_COUNT }, (_, i) => i % 100);
    assert.equal(topSlots(many).length, 20);
    assert.ok(topSlots(many).every((t) => t.keys === 99));
  });
});
