import { strict as assert } from 'node:assert';
import { classifyError } from '../../src/core/common/errors';
import { redact } from '../../src/core/common/redact';

function err(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

describe('error classification', () => {
  const cases: Array<[Error, boolean, string]> = [
    [err('WRONGPASS invalid username-password pair or user is disabled.'), true, 'auth'],
    [err('NOAUTH Authentication required.'), true, 'noauth'],
    [err('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), true, 'tls-verify'],
    [err('certificate has expired', 'CERT_HAS_EXPIRED'), true, 'tls-expired'],
    [err("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), true, 'tls-hostname'],
    [err('ssl3_get_record:wrong version number'), true, 'tls-on-plain-port'],
    [err('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), false, 'refused'],
    [err('connect ETIMEDOUT', 'ETIMEDOUT'), false, 'timeout'],
    [err('ERR This instance has cluster support disabled'), false, 'not-cluster'],
    [err('Connection is closed.'), false, 'plain-on-tls-port'],
    [err('read ECONNRESET', 'ECONNRESET'), true, 'client-cert-required'],
  ];
  for (const [e, tls, kind] of cases) {
    it(`${e.message} -> ${kind}`, () => {
      const c = classifyError(e, '127.0.0.1:7000', { tls });
      assert.equal(c.kind, kind);
      assert.ok(c.message.startsWith('127.0.0.1:7000: '), c.message);
      assert.ok(c.hint.length > 10);
    });
  }
});

describe('redaction', () => {
  it('removes known secrets and AUTH arguments', () => {
    assert.equal(redact('login with s3cret failed', ['s3cret']), 'login with *** failed');
    assert.equal(redact('MIGRATE h 1 "" 0 5000 AUTH2 app pw KEYS a'), 'MIGRATE h 1 "" 0 5000 AUTH2 app *** KEYS a');
    assert.equal(redact('requirepass hunter2'), 'requirepass ***');
  });
});
