import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Component tests: React in happy-dom; the browser journeys are Playwright's (e2e/). */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    // See src/test/setup.ts: generous limits so that load on a shared CI machine is not a failure.
    testTimeout: 20_000,
  },
});
