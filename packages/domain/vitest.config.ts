import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The property tests run hundreds of generated histories through every rule (under a second
    // here); on a machine busy with the other packages' tests one took over vitest's default 5 s.
    testTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      // Issue 3: at least 95% line coverage of the pure clinical core.
      thresholds: { lines: 95 },
    },
  },
});
