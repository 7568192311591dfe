import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Component tests: React in happy-dom; the browser journeys are Playwright's (e2e/). */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
