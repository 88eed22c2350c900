// known_hosts as OpenSSH writes it: the hashed lines below were made by `ssh-keygen -H` and the fingerprints
// printed by `ssh-keygen -l`, so the parser is checked against OpenSSH itself, not against its own idea of it.
import { strict as assert } from 'node:assert';
import {
  fingerprint,
  hostPatternsMatch,
  judgeHostKey,
  keyTypeOf,
  keysForHost,
  preferredHostKeyAlgorithms,
} from '../../src/core/connection/ssh/knownHosts';
import { sshProblems } from '../../src/core/connection/ssh/sshProfile';
import { ProfileError, validateProfile } from '../../src/core/profiles/profile';

const A = 'AAAAC3NzaC1lZDI1NTE5AAAAIHUHGgtOBl9Jj4bsI5cQwqf+nBgLk39qFbShHgir4Zhw';
const B = 'AAAAC3NzaC1lZDI1NTE5AAAAIEs646Q3qWDvriM0h08mSGY4o8xDd98C7yhZZ4m/Cg2N';
const C =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBObAn921yY2wkojENOrBvw3DRIfRLjNLI0YBAY5S+' +
  'ggyO20JNQEXUx9s0Wv4ZLpYkwZY4yJRpsTtD6wVW7+zzSA=';
const blob = (b64: string) => Buffer.from(b64, 'base64');

// bastion.example.com -> A, [bastion.example.com]:2222 -> B, hashed by ssh-keygen -H.
const HASHED = [
  `|1|EuM0ZRRtm/uM61NJIEzd4v7FhdY=|54tO6zClgZtphtPNpQLrGYQpo4k= ssh-ed25519 ${A}`,
  `|1|rrJ3gHrTciycsMBD3v3juSeAsPo=|A6LO8CxTVH6ZBSxLwRUhusKy20M= ssh-ed25519 ${B}`,
].join('\n');

describe('SSH known_hosts', () => {
  it('fingerprints as ssh-keygen -l prints them', () => {
    assert.equal(fingerprint(blob(A)), 'SHA256:rDJ1qFGIF0kKwECJ6b2yeZkRDtMlZjY2Cz2RGf0u7KI');
    assert.equal(fingerprint(blob(C)), 'SHA256:pMf7e3vtLHvD53FVVG2qSYjdgTKEHvp95sPzreRlpAY');
    assert.equal(keyTypeOf(blob(C)), 'ecdsa-sha2-nistp256');
  });

  it('hashed entries: port 22 by the bare name, other ports as [host]:port', () => {
    assert.deepEqual(
      keysForHost(HASHED, 'bastion.example.com', 22).map((k) => fingerprint(k.blob)),
      ['SHA256:rDJ1qFGIF0kKwECJ6b2yeZkRDtMlZjY2Cz2RGf0u7KI'],
    );
    assert.deepEqual(
      keysForHost(HASHED, 'bastion.example.com', 2222).map((k) => fingerprint(k.blob)),
      ['SHA256:LNGEWB5P9tOTpjBuXBqJW+c04nbLzXythfFP8Z4lNi4'],
    );
    assert.deepEqual(keysForHost(HASHED, 'other.example.com', 22), []);
    assert.equal(keysForHost(HASHED, 'bastion.example.com', 2222, '/home/u/.ssh/known_hosts')[0].where, '/home/u/.ssh/known_hosts:2');
  });

  it('plain patterns: lists, wildcards, negation, comments, @cert-authority skipped', () => {
    assert.equal(hostPatternsMatch('a.example,bastion.example.com', 'bastion.example.com'), true);
    assert.equal(hostPatternsMatch('*.example.com', 'bastion.example.com'), true);
    assert.equal(hostPatternsMatch('bastion?.example.com', 'bastion1.example.com'), true);
    assert.equal(hostPatternsMatch('*.example.com,!bastion.example.com', 'bastion.example.com'), false);
    assert.equal(hostPatternsMatch('[10.0.0.1]:2222', '[10.0.0.1]:2222'), true);
    assert.equal(hostPatternsMatch('10.0.0.1', '[10.0.0.1]:2222'), false);
    const text = `# comment\n\n@cert-authority *.example.com ssh-ed25519 ${B}\n*.example.com ssh-ed25519 ${A} me@laptop\n`;
    assert.equal(keysForHost(text, 'x.example.com', 22).length, 1);
  });

  it('verdicts: known, unknown, changed (naming the line), revoked', () => {
    const known = keysForHost(`h ssh-ed25519 ${A}\nh ecdsa-sha2-nistp256 ${C}`, 'h', 22, 'kh');
    assert.deepEqual(judgeHostKey(known, blob(A)), { status: 'known' });
    assert.deepEqual(judgeHostKey([], blob(A)), { status: 'unknown' });
    const changed = judgeHostKey(known, blob(B));
    assert.equal(changed.status, 'changed');
    assert.ok(changed.status === 'changed' && changed.expected.includes(fingerprint(blob(A))) && changed.where === 'kh:1');
    const revoked = keysForHost(`@revoked h ssh-ed25519 ${B}`, 'h', 22, 'kh');
    assert.deepEqual(judgeHostKey(revoked, blob(B)), { status: 'revoked', where: 'kh:1' });
  });

  it('offers the host key types known_hosts lists first, so a host known by ECDSA is not judged changed', () => {
    const known = keysForHost(`h ecdsa-sha2-nistp256 ${C}`, 'h', 22);
    assert.equal(preferredHostKeyAlgorithms(known)?.[0], 'ecdsa-sha2-nistp256');
    assert.equal(preferredHostKeyAlgorithms([]), undefined);
  });
});

describe('profile.ssh validation', () => {
  const base = { name: 'p', nodes: ['10.0.0.1:6379'] };

  it('accepts a key or an agent, and keeps the block', () => {
    const p = validateProfile({
      ...base,
      ssh: { host: 'bastion', username: 'ops', privateKeyPath: '~/.ssh/id_ed25519', passphraseEnv: 'KEY_PASS' },
    });
    assert.equal(p.ssh?.host, 'bastion');
    assert.deepEqual(sshProblems({ host: 'b', port: 2222, username: 'ops', agent: true, knownHostsPath: '/k' }), []);
  });

  it('names every problem: missing host/user, both or neither of key and agent, bad port, stray passphraseEnv, unknown field', () => {
    assert.throws(
      () => validateProfile({ ...base, ssh: { port: 0, privateKeyPath: 'k', agent: true, passphraseEnv: '1x', proxyJump: 'x' } }),
      (e: unknown) => {
        assert.ok(e instanceof ProfileError);
        const text = e.problems.join('\n');
        for (const re of [
          /"ssh.host": required/,
          /"ssh.username": required/,
          /"ssh.port"/,
          /either "privateKeyPath" or "agent"/,
          /"ssh.passphraseEnv"/,
          /"ssh.proxyJump": unknown/,
        ]) {
          assert.match(text, re);
        }
        return true;
      },
    );
    assert.match(
      sshProblems({ host: 'b', username: 'u', agent: true, passphraseEnv: 'X' }).join(),
      /only together with ssh.privateKeyPath/,
    );
    assert.match(sshProblems({ host: 'b', username: 'u' }).join(), /either "privateKeyPath" or "agent"/);
  });
});
