import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../packages/db/test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
