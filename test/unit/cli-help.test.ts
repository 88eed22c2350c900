import { strict as assert } from 'node:assert';
import { HelpRequested, closest, formatHelp } from '../../src/cli/args';
import { UsageError } from '../../src/cli/context';
import { commands } from '../../src/cli/registry';
import { buildCli, runCli } from '../support/cli';

const silent = { out: () => undefined, err: () => undefined };

/** The table a command really parses with: its run() is asked for --help, and parse() hands back that table. */
async function parsedSpec(name: string) {
  const e = await commands[name].run(['--help'], silent).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof HelpRequested, `${name} --help did not reach parse(): ${String(e)}`);
  return e.spec;
}

describe('CLI help from the option tables', () => {
  before(function () {
    this.timeout(120_000);
    buildCli();
  });

  for (const name of Object.keys(commands)) {
    it(`${name}: the help lists every option it parses, with a description, an example and exit codes`, async () => {
      const spec = await parsedSpec(name);
      assert.equal(spec.name, name);
      const run = await runCli(['help', name]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), formatHelp(spec));
      for (const [opt, o] of Object.entries(spec.options)) {
        assert.ok(o.description.length > 10, `${name} --${opt} has no description`);
        assert.match(run.stdout, new RegExp(`--${opt}\\b.*\\S`), `${name} help misses --${opt}`);
      }
      assert.match(run.stdout, /^usage: redis-cluster /m);
      assert.match(run.stdout, /^examples?:\n {2}redis-cluster /m);
      assert.match(run.stdout, /^exit codes:\n {2}0 {2}success/m);
    });
  }

  it('answers --help after the command name the same as help COMMAND, with exit 0', async () => {
    const a = await runCli(['rebalance', '--help']);
    const b = await runCli(['help', 'rebalance']);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /--use-empty-masters/);
    // After "--" a --help belongs to the Redis command, not to the CLI.
    const e = await commands.exec.run(['--profile', '/nonexistent.json', '--', 'GET', '--help'], silent).catch((x: unknown) => x);
    assert.ok(!(e instanceof HelpRequested));
  });

  it('lists every command with its summary on --help, and prints the version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const [name, c] of Object.entries(commands)) assert.ok(help.stdout.includes(`${name}`) && help.stdout.includes(c.spec.summary));
    const v = await runCli(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  it('names the closest valid option or command', async () => {
    const r = await runCli(['rebalance', '--profle', 'x.json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option --profle \(did you mean --profile\?\)/);
    const t = await runCli(['reshard', '--slot_list', '1-5']);
    assert.match(t.stderr, /did you mean --slot-list\?/);
    const c = await runCli(['rebalanse']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /unknown command "rebalanse" \(did you mean rebalance\?\)/);
    assert.equal(closest('zzzzzz', ['profile', 'json']), undefined);
  });

  it('still reports a missing required option as a usage error', async () => {
    const e = await commands.rebalance.run([], silent).catch((x: unknown) => x);
    assert.ok(e instanceof UsageError);
  });
});
