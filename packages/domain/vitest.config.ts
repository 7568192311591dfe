import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      // Issue 3: at least 95% line coverage of the pure clinical core.
      thresholds: { lines: 95 },
    },
  },
});
