// Mocha reporter: the usual spec output, then one machine-readable line for the test aggregator:
//   LAYER <name> passed=N failed=M      (name from --reporter-option layer=<name>, default e2e)
// Hook failures ("before all" hook) count as failures.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- mocha loads reporters with require()
const mochaModule = require('mocha');

const Mocha = mochaModule.reporters ? mochaModule : mochaModule.default;
const { Spec } = Mocha.reporters;
const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_RUN_END } = Mocha.Runner.constants;

class CountReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const layer = (options && options.reporterOption && options.reporterOption.layer) || 'e2e';
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => {
      passed++;
    });
    runner.on(EVENT_TEST_FAIL, () => {
      failed++;
    });
    // Registered after Spec's epilogue, so this is the last line.
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`LAYER ${layer} passed=${passed} failed=${failed}\n`);
    });
  }
}

module.exports = CountReporter;
