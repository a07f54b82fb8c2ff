// Mutation testing of the pure rules: `npm run mutate` (not part of `npm test`; minutes on 2 cores).
// It changes the code one small way at a time (a < for a <=, a dropped condition, another
// constant) and runs the unit tests that cover it: a change no test notices is a rule no test pins.
// The report: reports/mutation/index.html.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.mts' },
  mutate: [
    'shared/domain/**/*.ts',
    // The services' rules that need no database.
    'electron/services/lotStatus.ts',
    'electron/services/weighing.ts',
    'electron/services/scanKey.ts',
  ],
  coverageAnalysis: 'perTest',
  // Module-level constants (the default tables) would each rerun every test: a quarter of the
  // mutants, nine tenths of the time. Left out; the tables are checked value by value anyway.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // `npm run mutate -- --incremental` reuses the last run's results for code and tests unchanged since.
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // No threshold fails the run yet: the score is reported, not enforced.
  thresholds: { high: 90, low: 75, break: null },
};
