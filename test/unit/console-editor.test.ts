// The console's line editor and completion, fed with the bytes a terminal sends.
import { strict as assert } from 'node:assert';
import { complete, hintFor, parseCommandDocs, synopsis } from '../../src/core/console/docs';
import { redisCliArgs, redisCliEnv } from '../../src/core/console/redisCli';
import { LineEditor } from '../../src/views/console/lineEditor';

function editor(history: string[] = []) {
  let screen = '';
  const ed = new LineEditor({ write: (t) => (screen += t) }, history);
  ed.start('> ');
  return { ed, screen: () => screen };
}

// COMMAND DOCS (RESP2 flat pairs) for SET and CLUSTER, trimmed.
const docs = parseCommandDocs([
  'set',
  [
    'summary',
    'Set the string value of a key',
    'arguments',
    [
      ['name', 'key', 'type', 'key'],
      ['name', 'value', 'type', 'string'],
      [
        'name',
        'condition',
        'type',
        'oneof',
        'flags',
        ['optional'],
        'arguments',
        [
          ['name', 'nx', 'type', 'pure-token', 'token', 'NX'],
          ['name', 'xx', 'type', 'pure-token', 'token', 'XX'],
        ],
      ],
      ['name', 'get', 'type', 'pure-token', 'token', 'GET', 'flags', ['optional']],
      [
        'name',
        'expiration',
        'type',
        'oneof',
        'flags',
        ['optional'],
        'arguments',
        [
          ['name', 'seconds', 'type', 'integer', 'token', 'EX'],
          ['name', 'keepttl', 'type', 'pure-token', 'token', 'KEEPTTL'],
        ],
      ],
    ],
  ],
  'setex',
  ['summary', 'x', 'arguments', []],
  'mget',
  ['summary', 'x', 'arguments', [['name', 'key', 'type', 'key', 'flags', ['multiple']]]],
  'cluster',
  [
    'summary',
    'A container',
    'subcommands',
    [
      'cluster|info',
      ['summary', 'info', 'arguments', []],
      'cluster|keyslot',
      ['summary', 'slot', 'arguments', [['name', 'key', 'type', 'string']]],
    ],
  ],
]);

describe('console line editor', () => {
  it('types, moves with arrows and Home/End, deletes, and submits on Enter', () => {
    const { ed } = editor();
    assert.equal(ed.feed('GT k').kind, 'none');
    ed.feed('\x1b[D\x1b[D\x1b[D');
    ed.feed('E');
    assert.equal(ed.line, 'GET k');
    ed.feed('\x1b[H');
    assert.equal(ed.cursorIndex, 0);
    ed.feed('\x1b[3~');
    ed.feed('\x1b[F');
    assert.equal(ed.cursorIndex, 4);
    ed.feed('\x7f');
    const r = ed.feed('x\r');
    assert.deepEqual(r, { kind: 'line', line: 'ET x', rest: '' });
  });

  it('splits a multi-line paste into lines, handing back the rest', () => {
    const { ed } = editor();
    const r1 = ed.feed('SET a 1\r\nGET a\rINC');
    assert.deepEqual(r1, { kind: 'line', line: 'SET a 1', rest: 'GET a\rINC' });
    ed.start('> ');
    const r2 = ed.feed(r1.kind === 'line' ? r1.rest : '');
    assert.deepEqual(r2, { kind: 'line', line: 'GET a', rest: 'INC' });
    ed.start('> ');
    assert.equal(ed.feed('INC').kind, 'none');
    assert.equal(ed.line, 'INC');
  });

  it('walks the history with Up/Down and keeps the draft', () => {
    const { ed } = editor(['GET a', 'GET b']);
    ed.feed('dra');
    ed.feed('\x1b[A');
    assert.equal(ed.line, 'GET b');
    ed.feed('\x1b[A\x1b[A');
    assert.equal(ed.line, 'GET a');
    ed.feed('\x1b[B\x1b[B');
    assert.equal(ed.line, 'dra');
  });

  it('reports Ctrl-C and Tab, and redraws with the cursor in place', () => {
    const { ed, screen } = editor();
    ed.feed('abc\x1b[D');
    assert.ok(screen().endsWith('\r\x1b[J> abc\r\x1b[4C'), JSON.stringify(screen()));
    assert.deepEqual(ed.feed('\tz'), { kind: 'tab', rest: 'z' });
    assert.deepEqual(ed.feed('\x03'), { kind: 'interrupt', rest: '' });
  });
});

describe('console line editor: lines wider than the terminal', () => {
  it('redraws from the first row of a wrapped line and puts the cursor on the right row', () => {
    const { ed, screen } = editor();
    ed.setColumns(10);
    ed.feed('abcdefghijkl');
    assert.ok(screen().endsWith('> abcdefghijkl\r\x1b[4C'), JSON.stringify(screen()));
    const before = screen().length;
    ed.feed('\x1b[H');
    assert.equal(screen().slice(before), '\x1b[1A\r\x1b[J> abcdefghijkl\x1b[1A\r\x1b[2C');
  });

  it('cuts the hint to the rest of the row and drops it from a submitted line', () => {
    let screen = '';
    const ed = new LineEditor({ write: (t) => (screen += t), hint: () => 'key value [NX|XX] [GET]' });
    ed.setColumns(20);
    ed.start('> ');
    ed.feed('SET');
    assert.ok(screen.includes('\x1b[90m key value [N…\x1b[0m'), JSON.stringify(screen));
    screen = '';
    ed.feed('\r');
    assert.equal(screen, '\r\x1b[J> SET\r\x1b[5C\r\n');
  });
});

describe('console completion and hints (COMMAND DOCS)', () => {
  it('completes command names and subcommands', () => {
    assert.deepEqual(complete(docs, 'se').candidates, ['SET', 'SETEX']);
    assert.deepEqual(complete(docs, 'cluster k'), { candidates: ['KEYSLOT'], wordStart: 8 });
    assert.deepEqual(complete(docs, 'SET k v ').candidates, []);
  });

  it('shows argument hints like redis-cli, minus what was typed', () => {
    assert.equal(synopsis(docs.get('SET')!), 'key value [NX|XX] [GET] [EX seconds|KEEPTTL]');
    assert.equal(hintFor(docs, 'set k'), 'value [NX|XX] [GET] [EX seconds|KEEPTTL]');
    assert.equal(hintFor(docs, 'MGET'), 'key [key ...]');
    assert.equal(hintFor(docs, 'CLUSTER'), 'INFO|KEYSLOT');
    assert.equal(hintFor(docs, 'cluster keyslot'), 'key');
  });
});

describe('Open in redis-cli', () => {
  it('passes TLS settings as arguments and the password only through REDISCLI_AUTH', () => {
    const profile = { name: 'p', nodes: ['h:1'], username: 'app', tls: { ca: '/ca.crt', servername: 'localhost' } };
    const args = redisCliArgs(profile, { host: '127.0.0.1', port: 7000 });
    assert.deepEqual(args, ['-c', '-h', '127.0.0.1', '-p', '7000', '--user', 'app', '--tls', '--cacert', '/ca.crt', '--sni', 'localhost']);
    assert.deepEqual(redisCliEnv('s3cret'), { REDISCLI_AUTH: 's3cret' });
    assert.ok(!args.join(' ').includes('s3cret'));
  });
});
