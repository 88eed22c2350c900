// The one Markdown writer of reports (src/core/reports/markdown.ts): text from the cluster is escaped wherever it
// lands (the editor's preview renders inline HTML), tables stay one line per row, code blocks cannot be closed by
// their content; and the reports that use it (Diagnose, plans, topology) show a hostile key name as text.
import { strict as assert } from 'node:assert';
import * as md from '../../src/core/reports/markdown';
import { doctorMarkdown, findingHeading } from '../../src/core/diagnose';
import type { DoctorReport } from '../../src/core/diagnose';

const HOSTILE = '<img src=x onerror=alert(1)>|a\nb &amp;';

describe('report Markdown (src/core/reports/markdown)', () => {
  it('escapes HTML, table pipes and line breaks in text from the cluster', () => {
    assert.equal(md.text(HOSTILE), '&lt;img src=x onerror=alert(1)&gt;|a\nb &amp;amp;');
    assert.equal(md.cell(HOSTILE), '&lt;img src=x onerror=alert(1)&gt;\\|a b &amp;amp;');
    assert.equal(md.text('a & b -> c'), 'a & b -&gt; c', 'a bare & stays; only one that would start an entity is escaped');
    assert.equal(md.heading(2, 'Moves <1>'), '## Moves &lt;1&gt;');
  });

  it('writes a table as one line per row, escaping cells but not trusted Markdown', () => {
    assert.deepEqual(md.table(['a', 'b'], [['x|y', { md: '`id`' }]]), ['| a | b |', '|---|---|', '| x\\|y | `id` |']);
  });

  it('fences code longer than any backtick run inside, so the content cannot end the block', () => {
    assert.deepEqual(md.codeBlock(['plain']), ['```text', 'plain', '```']);
    assert.deepEqual(md.codeBlock(['a ```` b']), ['`````text', 'a ```` b', '`````']);
  });

  it('lists, numbered steps and the command line to copy', () => {
    assert.deepEqual(md.bullets(['<b>']), ['- &lt;b&gt;']);
    assert.deepEqual(md.numbered(['one', 'two']), ['1. one', '2. two']);
    assert.equal(
      md.document(md.commandLine('Equivalent command line:', 'redis-cluster check')),
      '---\nEquivalent command line:\n\n    redis-cluster check\n',
    );
  });

  it('Diagnose renders a hostile key name in a finding as text, and its heading is the line the editor marks', () => {
    const finding = {
      id: 'big-key',
      severity: 'warning' as const,
      title: `big key ${HOSTILE}`,
      detail: `key ${HOSTILE} holds 2 MB`,
      nodes: ['n:1'],
    };
    const report: DoctorReport = {
      profile: 'p',
      ok: true,
      counts: { error: 0, warning: 1, info: 0 },
      findings: [finding],
      nodes: { total: 1, reachable: 1 },
      startedAt: 0,
      elapsedMs: 10,
    };
    const text = doctorMarkdown(report);
    assert.ok(!text.includes('<img'), text);
    assert.ok(text.split('\n').includes(findingHeading(finding)));
    assert.equal(text.split('\n').filter((l) => l.startsWith('| ')).length, 2, 'header and one row: the key name did not break the table');
  });
});
