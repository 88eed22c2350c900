// Bad input: each case must give a clear, specific message (what, which node or field, what to do), through
// the CLI (`node dist/cli.js`, exit 1 or 2, no stack trace, bounded) and, for connection problems, through the
// core API the extension uses (a classified ClusterConnectionError). Afterwards the shared cluster is checked
// for half-done state. Shared TLS cluster (read-only use), private mTLS and plain
// clusters, and misbehaving endpoints (port blocks in test/support/ports.ts).
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ClusterInfo } from '../../scripts/cluster';
import { privateCluster, sharedCluster, sessionFor } from '../support/cluster';
import { ClusterSession } from '../../src/core/connection/session';
import { ClusterConnectionError, type FailureKind } from '../../src/core/common/errors';
import { type ClusterProfile, loadProfileFile } from '../../src/core/profiles/profile';
import { discoverTopology } from '../../src/core/topology/topology';
import { ValueTooLargeError, readValue } from '../../src/core/keys/values';
import { checkCluster } from '../../src/core/admin/ops/check';
import { acquireAdminLock, readAdminLock } from '../../src/core/admin/ops/lock';
import { blackhole, type Closable, standaloneRedis, tlsServer } from './badServers';
import { buildCli, runCli } from '../support/cli';
import { assertCleanFailure, bounded, recordFigure, writeProfile } from './support';
import { basePort } from '../support/ports';

const PW = 'REDIS_CLUSTER_PASSWORD';
const CONNECT_BOUND_MS = 12000; // connect timeout 5 s + CLI start + slack

describe('reliability: bad input (CLI and core)', function () {
  const ENDPOINTS = basePort('badInputEndpoints');
  const at = (n: number) => `127\\.0\\.0\\.1:${ENDPOINTS + n}`;
  const mtls = privateCluster({ basePort: basePort('badInputMtls'), replicasPerMaster: 0, tls: 'mtls' });
  const plain = privateCluster({ basePort: basePort('badInputPlain'), replicasPerMaster: 0, tls: 'plain' });
  let shared: ClusterInfo;
  let base: ClusterProfile;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const servers: Closable[] = [];
  const times: number[] = [];

  before(async function () {
    this.timeout(120000);
    buildCli();
    shared = await sharedCluster();
    base = loadProfileFile(shared.profilePath);
    env = { [PW]: shared.password };
    dir = mkdtempSync(path.join(os.tmpdir(), 'rel-bad-'));
    const certs = shared.certs;
    assert.ok(certs?.expiredCert && certs.expiredKey && certs.wrongHostCert && certs.wrongHostKey && certs.otherCa);
    servers.push(await standaloneRedis(ENDPOINTS + 0, shared.password, dir));
    servers.push(await tlsServer(ENDPOINTS + 1, certs.expiredCert, certs.expiredKey));
    servers.push(await tlsServer(ENDPOINTS + 2, certs.wrongHostCert, certs.wrongHostKey));
    servers.push(await blackhole(ENDPOINTS + 3));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const profile = (name: string, patch: Partial<ClusterProfile> | Record<string, unknown>): string =>
    writeProfile(dir, name, { ...base, name, ...patch });
  const tlsOf = (info: ClusterInfo) => ({ ca: info.certs?.ca });

  /** The CLI fails cleanly with `cliMessage`; the core (when a profile object is given) throws `kind`. */
  async function connectCase(
    name: string,
    p: Record<string, unknown>,
    cliMessage: RegExp,
    kind: FailureKind,
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<void> {
    const file = profile(name, p);
    const r = await runCli(['topology', '--profile', file], { ...env, ...extraEnv }, CONNECT_BOUND_MS);
    times.push(r.ms);
    assertCleanFailure(r, cliMessage, name);
    const s = new ClusterSession(loadProfileFile(file), { password: (extraEnv[PW] ?? env[PW]) || undefined });
    try {
      const c = await bounded(discoverTopology(s), CONNECT_BOUND_MS, `${name} (core)`);
      assert.ok(c.error instanceof ClusterConnectionError, `${name}: core threw ${String(c.error)}`);
      assert.equal(c.error.kind, kind, `${name}: ${c.error.message}`);
      assert.match(c.error.message, cliMessage);
    } finally {
      await s.close();
    }
  }

  const seed = (port: number) => [`127.0.0.1:${port}`];

  describe('connection', () => {
    it('wrong password', () =>
      connectCase('wrong-password', {}, /127\.0\.0\.1:\d+: authentication failed .*WRONGPASS.*Set the correct password/, 'auth', {
        [PW]: 'not-the-password',
      }));
    it('no password at all', () =>
      connectCase('no-password', {}, /requires a password but none was given.*passwordEnv/, 'noauth', { [PW]: '' }));
    it('unknown ACL user', () =>
      connectCase('unknown-user', { username: 'nobody-here' }, /authentication failed .*(user|username)/i, 'auth'));
    it('wrong CA', () => connectCase('wrong-ca', { tls: { ca: shared.certs?.otherCa } }, /not trusted .*tls\.ca/, 'tls-verify'));
    it('expired server certificate', () =>
      connectCase(
        'expired',
        { nodes: seed(ENDPOINTS + 1) },
        new RegExp(`${at(1)}: TLS: the server certificate has expired.*Renew`),
        'tls-expired',
      ));
    it('hostname mismatch', () =>
      connectCase(
        'wrong-host',
        { nodes: seed(ENDPOINTS + 2) },
        new RegExp(`${at(2)}: TLS: the server certificate does not match the host name.*servername`),
        'tls-hostname',
      ));
    it('client certificate missing under mutual TLS', () =>
      connectCase(
        'mtls-no-cert',
        { nodes: seed(mtls().ports[0]), tls: tlsOf(mtls()) },
        /client certificate.*tls\.cert/,
        'client-cert-required',
        { [PW]: mtls().password },
      ));
    it('TLS against a plain port', () =>
      connectCase(
        'tls-on-plain',
        { nodes: seed(plain().ports[0]), tls: tlsOf(shared) },
        /127\.0\.0\.1:\d+: TLS handshake failed: the port .*[Rr]emove "tls"/,
        'tls-on-plain-port',
        { [PW]: plain().password },
      ));
    it('plain against a TLS port', () => connectCase('plain-on-tls', { tls: false }, /expects TLS.*Enable "tls"/, 'plain-on-tls-port'));
    it('refused port', () =>
      connectCase('refused', { nodes: seed(ENDPOINTS + 4) }, new RegExp(`${at(4)}: connection refused.*node is running`), 'refused'));
    it('blackholed address (plain): bounded by the connect timeout', () =>
      connectCase(
        'blackhole-plain',
        { nodes: seed(ENDPOINTS + 3), tls: false },
        new RegExp(`${at(3)}: no answer before the timeout`),
        'timeout',
      ));
    it('blackholed address (TLS handshake never completes): bounded by the connect timeout', () =>
      connectCase('blackhole-tls', { nodes: seed(ENDPOINTS + 3) }, new RegExp(`${at(3)}: no answer before the timeout`), 'timeout'));
    it('seed not in cluster mode', () =>
      connectCase(
        'standalone',
        { nodes: seed(ENDPOINTS + 0), tls: false },
        new RegExp(`${at(0)}: this Redis server is not in cluster mode`),
        'not-cluster',
      ));
  });

  describe('malformed profiles', () => {
    const bad = async (name: string, content: unknown, expected: RegExp) => {
      const r = await runCli(['topology', '--profile', writeProfile(dir, name, content)], env, 10000);
      assertCleanFailure(r, expected, name);
      assert.throws(() => loadProfileFile(path.join(dir, `${name}.json`)), expected);
    };
    it('missing nodes', () => bad('no-nodes', { name: 'x' }, /"nodes": required/));
    it('missing name', () => bad('no-name', { nodes: ['127.0.0.1:7000'] }, /"name": required/));
    it('bad host:port', () => bad('bad-hostport', { name: 'x', nodes: ['localhost'] }, /"nodes\[0\]": "localhost" is not host:port/));
    it('port out of range', () => bad('bad-port', { name: 'x', nodes: ['127.0.0.1:70000'] }, /port in 1-65535/));
    it('TLS file that does not exist', () =>
      bad(
        'no-ca-file',
        { name: 'x', nodes: ['127.0.0.1:7000'], tls: { ca: '/nonexistent/ca.crt' } },
        /"tls\.ca": file not found: \/nonexistent\/ca\.crt/,
      ));
    it('not JSON', () => bad('not-json', '{ "name": ', /not valid JSON/));
    it('unknown field', () => bad('unknown-field', { name: 'x', nodes: ['127.0.0.1:7000'], pasword: 'oops' }, /"pasword": unknown field/));
    it('profile file missing', async () =>
      assertCleanFailure(
        await runCli(['topology', '--profile', path.join(dir, 'nope.json')], env),
        /cannot read profile file: ENOENT/,
        'missing file',
      ));
    it('--profile not given', async () =>
      assertCleanFailure(await runCli(['topology'], env), /--profile FILE is required/, 'no --profile'));
  });

  describe('key names and values', () => {
    const keyslot = async (args: string[]) => {
      const r = await runCli(['keyslot', '--profile', shared.profilePath, '--json', ...args], env, 15000);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as { key: string; slot: number; serverSlot: number }[];
    };
    it('empty key name: slot 0, agrees with the server', async () =>
      assert.deepEqual(
        (await keyslot([''])).map((r) => [r.slot, r.serverSlot]),
        [[0, 0]],
      ));
    it('binary key name (base64, NUL and 0xff bytes) agrees with the server', async () => {
      const [r] = await keyslot(['--base64', Buffer.from([0, 255, 123, 0, 125]).toString('base64')]);
      assert.equal(r.slot, r.serverSlot);
    });
    it('invalid base64 is a usage error', async () =>
      assertCleanFailure(await runCli(['keyslot', '--base64', '@@@'], env), /"@@@" is not valid base64/, 'bad base64'));
    it('huge key name (60 kB) agrees with the server', async () => {
      const [r] = await keyslot(['k'.repeat(60000)]);
      assert.equal(r.slot, r.serverSlot);
    });
    it('HTML/script key names are echoed as data, not markup', async () => {
      const rows = await keyslot(['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>']);
      assert.deepEqual(
        rows.map((r) => r.key),
        ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>'],
      );
      const scan = await runCli(['scan', '--profile', shared.profilePath, '--match', '<script>*', '--json'], env, 15000);
      assert.equal(scan.code, 0, scan.stderr);
    });
    it('huge value (6 MB): reading it asks first (ValueTooLargeError names key, size and setting)', async () => {
      const s = sessionFor(shared);
      try {
        const key = 'rel:huge-value';
        await (await s.cluster()).set(key, 'x'.repeat(6 * 1024 * 1024));
        const r = await bounded(readValue(s, await discoverTopology(s), Buffer.from(key)), 15000, 'huge value read');
        assert.ok(r.error instanceof ValueTooLargeError, String(r.error));
        assert.match((r.error as Error).message, /rel:huge-value.*MiB limit.*maxValueBytes/);
        await (await s.cluster()).del(key);
      } finally {
        await s.close();
      }
    });
  });

  describe('admin arguments', () => {
    const admin =
      (args: string[], expected: RegExp, bound = 15000) =>
      async () =>
        assertCleanFailure(await runCli([...args, '--profile', shared.profilePath], env, bound), expected, args.join(' '));
    it(
      'reshard --slots not a number',
      admin(['reshard', '--from', 'all', '--to', '127.0.0.1:1', '--slots', 'abc'], /--slots must be an integer in 1-16384, got "abc"/),
    );
    it(
      'reshard --slots -5',
      admin(['reshard', '--from', 'all', '--to', '127.0.0.1:1', '--slots=-5'], /--slots must be an integer in 1-16384/),
    );
    it(
      'reshard --slot-list out of range',
      admin(['reshard', '--to', '127.0.0.1:1', '--slot-list', '16384'], /slot list: "16384" is outside 0-16383/),
    );
    it(
      'reshard to an unknown node id',
      admin(['reshard', '--from', 'all', '--to', 'ffffffffffff', '--slots', '10', '--dry-run'], /ffffffffffff/),
    );
    it('reshard more slots than the sources hold', async () => {
      const t = await topo();
      const [a, b] = t.nodes.filter((n) => n.role === 'master');
      await admin(
        ['reshard', '--from', a.id, '--to', b.id, '--slots', '16000', '--dry-run'],
        /asked for 16000 slots but the sources hold only/,
      )();
    });
    it('reshard to a replica', async () => {
      const replica = (await topo()).nodes.find((n) => n.role === 'replica');
      await admin(
        ['reshard', '--from', 'all', '--to', replica?.id ?? '', '--slots', '10', '--dry-run'],
        /is a replica.*reshard to a master/,
      )();
    });
    it('rebalance with a malformed weight', admin(['rebalance', '--weight', 'abc', '--dry-run'], /--weight must be ID=W/));
    it('rebalance with a weight for an unknown node', admin(['rebalance', '--weight', 'ffffffffffff=2', '--dry-run'], /ffffffffffff/));
    it('rebalance with a negative threshold', admin(['rebalance', '--threshold=-1', '--dry-run'], /--threshold must be a percentage >= 0/));
    it('removing the last master (every weight 0)', async () => {
      const masters = (await topo()).nodes.filter((n) => n.role === 'master');
      await admin(
        ['rebalance', ...masters.flatMap((m) => ['--weight', `${m.id}=0`]), '--dry-run'],
        /all weights are 0: at least one master must keep slots/,
      )();
    });
    it('failover on a master', async () => {
      const master = (await topo()).nodes.find((n) => n.role === 'master');
      await admin(['failover', '--node', master?.id ?? '', '--yes'], /is a master|is already a master|replica/)();
    });
    it('del-node of an unknown node', admin(['del-node', '--node', 'ffffffffffff', '--yes'], /ffffffffffff/));
    it('unknown command and unknown option are usage errors (exit 2)', async () => {
      const a = await runCli(['frobnicate'], env);
      assertCleanFailure(a, /unknown command "frobnicate"/, 'unknown command');
      assert.equal(a.code, 2);
      const b = await runCli(['topology', '--profile', shared.profilePath, '--bogus'], env);
      assertCleanFailure(b, /unknown option --bogus/, 'unknown option');
      assert.equal(b.code, 2);
    });
    it('concurrent admin operations: the second is refused naming the first', async () => {
      const s = sessionFor(shared);
      const lock = await acquireAdminLock(s, { op: 'reliability-test', holder: 'the bad-input suite' });
      try {
        await admin(['fix', '--yes'], /another admin operation is running on this cluster: reliability-test by the bad-input suite/)();
      } finally {
        await lock.release();
        await s.close();
      }
    });
    it('read-only profile refuses admin commands', async () => {
      const file = profile('read-only', { readOnly: true });
      assertCleanFailure(await runCli(['fix', '--yes', '--profile', file], env), /read-only: fix refused/, 'read-only fix');
      assertCleanFailure(
        await runCli(['failover', '--node', 'x', '--yes', '--profile', file], env),
        /read-only: failover refused/,
        'read-only failover',
      );
    });
  });

  let topoCache: Awaited<ReturnType<typeof discoverTopology>> | undefined;
  async function topo() {
    if (topoCache) return topoCache;
    const s = sessionFor(shared);
    try {
      return (topoCache = await discoverTopology(s));
    } finally {
      await s.close();
    }
  }

  // In a describe of its own so it runs after the cases above (mocha runs a suite's own tests before its sub-suites).
  describe('afterwards', () =>
    it('left nothing half-done: the shared cluster checks OK, no admin lock held', async () => {
      const s = sessionFor(shared);
      try {
        const report = await checkCluster(s);
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(await readAdminLock(s), undefined);
        const slowest = Math.max(...times);
        recordFigure('bad.connect', {
          label: 'Bad connection input: slowest CLI failure (incl. blackhole timeouts)',
          value: `${(slowest / 1000).toFixed(1)} s`,
          goal: `< ${CONNECT_BOUND_MS / 1000} s, exit 1/2, no stack trace`,
          met: slowest < CONNECT_BOUND_MS,
        });
      } finally {
        await s.close();
      }
    }));
});
