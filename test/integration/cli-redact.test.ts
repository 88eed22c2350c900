// The CLI redacts every secret it used, at one point (its stdio): the password of a profile whose passwordEnv
// names a custom variable, and REDIS_CLUSTER_PASSWORD, in stderr and stdout, text and JSON, also when the
// message that echoes it is printed before the command read the profile. Shared TLS cluster (read-only use).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterInfo } from '../../scripts/cluster';
import { loadProfileFile } from '../../src/core/profiles/profile';
import { sharedCluster } from '../support/cluster';
import { buildCli, runCli } from '../support/cli';
import { writeProfile } from '../reliability/support';

const CUSTOM = 'MY_TEAM_REDIS_SECRET';

describe('CLI: one redaction point for every secret', function () {
  this.timeout(120000);
  let shared: ClusterInfo;
  let profile: string;
  let env: NodeJS.ProcessEnv;
  // Quote and backslash: --json prints them escaped, and the escaped form must go too.
  const other = 'Other-Qu"ote\\Secret';
  const leaks = (text: string, secret: string) => text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1));

  before(async () => {
    buildCli();
    shared = await sharedCluster();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-redact-'));
    profile = writeProfile(dir, 'custom-var', { ...loadProfileFile(shared.profilePath), name: 'custom-var', passwordEnv: CUSTOM });
    env = { [CUSTOM]: shared.password, REDIS_CLUSTER_PASSWORD: other };
  });

  it("a usage error echoing the custom variable's password, printed before the command reads the profile", async () => {
    const r = await runCli(['create', '--profile', profile, '--nodes', '127.0.0.1:1', '--replicas', shared.password], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--replicas must be an integer in 0-10, got "\*\*\*"/);
    assert.ok(!leaks(r.stdout + r.stderr, shared.password), `password in: ${r.stderr}`);
  });

  it('a core error echoing it after connecting with it (del-node --node <password>)', async () => {
    const r = await runCli(['del-node', '--profile', profile, '--node', shared.password], env);
    // The plan is made from the topology (after connecting); an unknown node is the caller's mistake: exit 2.
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: .*\*\*\*/m);
    assert.ok(!leaks(r.stdout + r.stderr, shared.password), `password in: ${r.stderr}`);
  });

  it("JSON on stdout: both the custom variable's password and REDIS_CLUSTER_PASSWORD, escaped or not", async () => {
    const r = await runCli(['keyslot', '--profile', profile, '--json', shared.password, other, 'plain'], env);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { key: string; slot: number; serverSlot: number }[];
    assert.deepEqual(
      rows.map((x) => x.key),
      ['***', '***', 'plain'],
    );
    assert.ok(
      rows.every((x) => x.serverSlot === x.slot),
      "connected with the custom variable's password",
    );
    for (const s of [shared.password, other]) assert.ok(!leaks(r.stdout + r.stderr, s), `a secret in: ${r.stdout}`);
  });
});
