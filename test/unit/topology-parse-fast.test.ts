// The hand-rolled CLUSTER NODES parser against the plain regex one it replaced (kept here as the oracle):
// both must give the same nodes for real replies and for the odd lines a server or a hand can produce.
import { strict as assert } from 'node:assert';
import { mergeRanges } from '../../src/core/topology/slots';
import { type ClusterNode, parseClusterNodes } from '../../src/core/topology/topology';

function oracle(text: string): ClusterNode[] {
  const out: ClusterNode[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [id, addr, flagText, master, , , epoch, link, ...slotFields] = line.trim().split(' ');
    const m = /^(.*):(\d+)@(\d+)(?:,(.*))?$/.exec(addr);
    const flags = flagText.split(',').filter((f) => f && f !== 'noflags');
    const node: ClusterNode = {
      id,
      host: m ? m[1] : '',
      port: m ? Number(m[2]) : 0,
      cport: m ? Number(m[3]) : 0,
      hostname: m?.[4] || undefined,
      role: flags.includes('master') ? 'master' : 'replica',
      masterId: master !== '-' ? master : undefined,
      flags: flags.filter((f) => f !== 'myself' && f !== 'master' && f !== 'slave'),
      myself: flags.includes('myself'),
      linkState: link === 'connected' ? 'connected' : 'disconnected',
      configEpoch: Number(epoch),
      slots: [],
      migrating: [],
      importing: [],
    };
    for (const f of slotFields) {
      const open = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(f);
      if (open) (open[2] === '>' ? node.migrating : node.importing).push({ slot: Number(open[1]), peer: open[3] });
      else {
        const [a, b] = f.split('-').map(Number);
        node.slots.push([a, b ?? a]);
      }
    }
    node.slots = mergeRanges(node.slots);
    out.push(node);
  }
  return out;
}

const id = (i: number) => i.toString(16).padStart(40, '0');

/** A 100-node reply as a 50-master cluster prints it, with its slots split into runs and single slots. */
function bigReply(): string {
  const lines: string[] = [];
  for (let i = 0; i < 50; i++) {
    const lo = i * 327;
    const slots = i === 49 ? `${lo}-16383` : `${lo}-${lo + 300} ${lo + 302} ${lo + 304}-${lo + 326}`;
    lines.push(
      `${id(i)} 127.0.0.1:${7000 + i}@${17000 + i} ${i === 0 ? 'myself,master' : 'master'} - 0 1700000000 ${i + 1} connected ${slots}`,
    );
    lines.push(`${id(100 + i)} 127.0.0.1:${7050 + i}@${17050 + i} slave ${id(i)} 0 1700000000 ${i + 1} connected`);
  }
  return `${lines.join('\n')}\n`;
}

const ODD = [
  // IPv6 with and without a hostname; a hostname that is empty after the comma.
  'a1 [::1]:7000@17000,redis-0.svc myself,master - 0 0 1 connected 0-100',
  'a2 ::1:7001@17001 master - 0 0 2 connected 101-200',
  'a3 10.0.0.3:7002@17002, slave a1 0 0 1 connected',
  // No address, handshake, noflags, unknown flags.
  'a4 :0@0 slave,noaddr a1 0 0 0 disconnected',
  'a5 127.0.0.1:7004@17004 handshake - 0 0 0 connected',
  'a6 127.0.0.1:7005@17005 noflags - 0 0 0 connected',
  'a7 127.0.0.1:7006@17006 master,nofailover,fail? - 0 0 7 connected 300',
  // Ranges out of order, overlapping, adjacent; open slots among them.
  'a8 127.0.0.1:7007@17007 master - 0 0 8 connected 900-950 400-500 501-510 [950->-a7] 505-520 [12-<-a1] 7',
  // An address that does not parse, a line with surrounding blanks, CRLF.
  'a9 bogus master - 0 0 9 connected 1000-1001',
  '   b1 127.0.0.1:7008@17008 slave a8 0 0 8 connected   ',
].join('\r\n');

describe('CLUSTER NODES parser (hand-rolled) agrees with the regex parser', () => {
  it('on a 100-node reply', () => {
    const text = bigReply();
    const nodes = parseClusterNodes(text);
    assert.equal(nodes.length, 100);
    assert.deepEqual(nodes, oracle(text));
    assert.deepEqual(nodes[0].slots.slice(0, 3), [
      [0, 300],
      [302, 302],
      [304, 326],
    ]);
  });
  it('on odd lines: IPv6, hostnames, no address, flags, unordered ranges, open slots, CRLF', () => {
    const nodes = parseClusterNodes(ODD);
    assert.deepEqual(nodes, oracle(ODD));
    assert.equal(nodes[0].host, '[::1]');
    assert.equal(nodes[0].hostname, 'redis-0.svc');
    assert.equal(nodes[2].hostname, undefined);
    assert.deepEqual(nodes[7].slots, [
      [7, 7],
      [400, 520],
      [900, 950],
    ]);
    assert.deepEqual(nodes[7].migrating, [{ slot: 950, peer: 'a7' }]);
    assert.equal(nodes[8].port, 0);
  });
});
