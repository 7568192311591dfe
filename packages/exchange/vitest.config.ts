import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../db/test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // @medplum/core (the FHIR validator of test/fhir.test.ts) needs a global WebSocket when it loads;
    // Node 22 has one, Node 20 only behind this flag (shared/TOOLCHAIN.md).
    execArgv: typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [],
  },
});
