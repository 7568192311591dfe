import { realServerConfig } from './playwright.shared.ts';

/** The web benchmark (pnpm bench:web): not part of the tests; prints a table and writes JSON. */
export default realServerConfig({
  testDir: 'bench',
  port: Number(process.env.BENCH_WEB_PORT ?? 3198),
  demoPatients: 20,
  dataDirVariable: 'NMO_BENCH_WEB_DATA_DIR',
});
