// `keyslot KEY... [--base64] [--json] [--profile FILE]`: offline slot computation; with a profile, the
// server's CLUSTER KEYSLOT is asked too and any disagreement is reported (exit 1), and each row says where the
// key lives: its owner ("node") and, read there, whether it exists, its type and TTL (seconds; -1 none, -2 missing).
import { keySlot } from '../core/topology/slots';
import { lookupKeys } from '../core/keys/lookup';
import { common, defineCommand, parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';

export interface KeyslotRow {
  key: string;
  slot: number;
  serverSlot?: number;
  node?: string;
  exists?: boolean;
  type?: string;
  ttl?: number;
}

export const keyslotSpec = defineCommand({
  name: 'keyslot',
  summary: 'Hash slot of each KEY (offline); with a profile also where it lives, its type and TTL.',
  usage: 'keyslot KEY... [--base64] [--json] [--profile FILE]',
  positionals: 'KEY...: one or more key names (with --base64: their bytes in base64).',
  options: {
    profile: { ...common.profile, description: 'Also ask the server (CLUSTER KEYSLOT) and read each key on its owner.' },
    base64: { type: 'boolean', description: 'The KEYs are given in base64 (binary key names).' },
    json: common.json,
  },
  examples: ['redis-cluster keyslot user:{42}:cart user:{42}:orders', 'redis-cluster keyslot --profile prod.json session:abc'],
  exitCodes: { 1: 'the server disagrees with the local slot computation' },
});

export async function keyslotCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, keyslotSpec);
  if (positionals.length === 0) throw new UsageError('keyslot needs at least one KEY');
  const keys = positionals.map((k) => (values.base64 ? decodeBase64(k) : Buffer.from(k, 'utf8')));
  const rows: KeyslotRow[] = positionals.map((k, i) => ({ key: k, slot: keySlot(keys[i]) }));

  let disagreements = 0;
  if (values.profile) {
    const found = await withSession(values.profile, (s) => lookupKeys(s, keys));
    rows.forEach((r, i) => {
      const l = found[i];
      Object.assign(r, { serverSlot: l.slot, node: l.owner?.address, exists: l.exists, type: l.type });
      if (l.ttlMs !== undefined) r.ttl = l.ttlMs < 0 ? l.ttlMs : Math.ceil(l.ttlMs / 1000);
      for (const p of l.problems) io.err(`key ${JSON.stringify(r.key)}: ${p}`);
      if (r.serverSlot !== r.slot) {
        disagreements++;
        io.err(`slot disagreement for key ${JSON.stringify(r.key)}: local ${r.slot}, server ${r.serverSlot}`);
      }
    });
  }
  if (values.json) io.out(json(rows));
  else
    for (const r of rows)
      io.out(
        `${r.slot}\t${r.key}` +
          `${r.serverSlot !== undefined && r.serverSlot !== r.slot ? `\t(server says ${r.serverSlot})` : ''}` +
          `${r.node ? `\t${r.node}\t${r.exists ? `${r.type} ttl=${r.ttl}` : 'missing'}` : ''}`,
      );
  return disagreements ? 1 : 0;
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new UsageError(`"${text}" is not valid base64`);
  return Buffer.from(text, 'base64');
}
