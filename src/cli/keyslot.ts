// `keyslot KEY... [--base64] [--json] [--profile FILE]`: offline slot computation; with a profile, the
// server's CLUSTER KEYSLOT is asked too and any disagreement is reported (exit 1).
import { keySlot } from '../core/slots';
import { serverKeySlots } from '../core/keys';
import { parse } from './args';
import { type CliIO, UsageError, json, withSession } from './context';

export interface KeyslotRow {
  key: string;
  slot: number;
  serverSlot?: number;
}

export async function keyslotCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    base64: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new UsageError('keyslot needs at least one KEY');
  const keys = positionals.map((k) => (values.base64 ? decodeBase64(k) : Buffer.from(k, 'utf8')));
  const rows: KeyslotRow[] = positionals.map((k, i) => ({ key: k, slot: keySlot(keys[i]) }));

  let disagreements = 0;
  if (values.profile) {
    const server = await withSession(values.profile, (s) => serverKeySlots(s, keys));
    rows.forEach((r, i) => {
      r.serverSlot = server[i];
      if (r.serverSlot !== r.slot) {
        disagreements++;
        io.err(`slot disagreement for key ${JSON.stringify(r.key)}: local ${r.slot}, server ${r.serverSlot}`);
      }
    });
  }
  if (values.json) io.out(json(rows));
  else for (const r of rows) io.out(`${r.slot}\t${r.key}${r.serverSlot !== undefined && r.serverSlot !== r.slot ? `\t(server says ${r.serverSlot})` : ''}`);
  return disagreements ? 1 : 0;
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new UsageError(`"${text}" is not valid base64`);
  return Buffer.from(text, 'base64');
}
