// Step 4c of the migration protocol (migrateSlots.ts): telling masters the new owner of slots. The one way it
// is done, by the executor after each group's handover and by fix (after finishing a slot, and to re-point a
// node that still imports from a dead source).
//
// Public API:
//   announceOwners(session, addresses, changes: OwnerChange[]): Promise<string[]>  — warnings; never throws
import { errorText } from '../../common/errors';
import type { ClusterSession } from '../../connection/session';

// Told the new owner of many slots in ONE command per master and owner, a script
// running the same CLUSTER SETSLOT NODE per slot with per-slot errors counted (pcall), not aborting the rest.
// Separate SETSLOT commands for a big move cost the client more CPU than the move could spare (bench/README.md).
// The script neither writes keys nor needs memory (flags), so it runs where plain SETSLOT would; if the
// server refuses scripts (ACL without EVAL, scripting disabled), the plain pipeline does the same.
const ANNOUNCE_SCRIPT = `#!lua flags=no-writes,allow-oom,allow-stale
local bad, first = 0, ""
for i = 2, #ARGV do
  local r = redis.pcall("CLUSTER", "SETSLOT", ARGV[i], "NODE", ARGV[1])
  if type(r) == "table" and r.err then bad = bad + 1; if first == "" then first = r.err end end
end
return {bad, first}`;

export interface OwnerChange {
  slot: number;
  /** Id of the new owner. */
  owner: string;
  /** Addresses that know it already (the two sides of a move): not told again. */
  known?: readonly string[];
}

/**
 * SETSLOT NODE on each of `addresses` for every change it does not know yet. Best effort (gossip spreads it
 * too): returns warnings, never throws.
 */
export async function announceOwners(session: ClusterSession, addresses: string[], changes: OwnerChange[]): Promise<string[]> {
  const warnings: string[] = [];
  await Promise.all(
    addresses.map(async (addr) => {
      const mine = changes.filter((c) => !c.known?.includes(addr));
      if (!mine.length) return;
      try {
        const client = await session.node(addr);
        for (let i = 0; i < mine.length; i += 2000) {
          const chunk = mine.slice(i, i + 2000);
          for (const owner of new Set(chunk.map((c) => c.owner))) {
            const slots = chunk.filter((c) => c.owner === owner).map((c) => c.slot);
            const failed = (n: number, why: string) =>
              warnings.push(`${addr}: SETSLOT NODE failed for ${n} slot(s) (${why}); gossip still spreads the new owners`);
            const viaScript = await client.call('EVAL', ANNOUNCE_SCRIPT, 0, owner, ...slots).then(
              (r) => r as [number, string],
              () => undefined,
            );
            if (viaScript) {
              if (viaScript[0] > 0) failed(viaScript[0], viaScript[1]);
              continue;
            }
            const p = client.pipeline();
            for (const s of slots) p.call('CLUSTER', 'SETSLOT', s, 'NODE', owner);
            const bad = ((await p.exec()) ?? []).filter(([e]) => e);
            if (bad.length) failed(bad.length, errorText(bad[0][0]));
          }
        }
      } catch (e) {
        warnings.push(`${addr}: could not announce new slot owners (${errorText(e)}); gossip still spreads them`);
      }
    }),
  );
  return warnings;
}
