import { defineConfig } from 'vitest/config';

/**
 * The unit tests mutation testing runs (`npm run mutate`, stryker.config.mjs): those of the pure
 * rules it mutates, nothing that opens a database, a port or a browser.
 */
export default defineConfig({
  test: {
    include: ['test/unit/domain/**/*.test.ts', 'test/unit/upload/**/*.test.ts', 'test/unit/services/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
