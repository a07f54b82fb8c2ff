import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
          environment: 'node',
          // Labels and certificates must need no system font: @napi-rs/canvas loads only the bundled ones.
          env: { DISABLE_SYSTEM_FONTS_LOAD: '1' },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own station server and Chromium. One file at a time, after the unit
          // group: key timing is what these tests check, and a second browser on a 2-core machine
          // can stall a simulated scanner past the wedge thresholds.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
