import { playwrightEnvironment, realServerConfig } from './playwright.shared.ts';

/** The web benchmark (pnpm bench:web): not part of the tests; prints a table and writes JSON. */
export default realServerConfig({
  testDir: 'bench',
  port: playwrightEnvironment.BENCH_WEB_PORT,
  demoPatients: 20,
  dataDirVariable: 'NMO_BENCH_WEB_DATA_DIR',
});
