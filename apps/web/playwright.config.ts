import { realServerConfig } from './playwright.shared.ts';

/** The browser journeys: a fresh demo cohort of 60 patients for every run. */
export default realServerConfig({
  testDir: 'e2e',
  port: Number(process.env.E2E_PORT ?? 3199),
  demoPatients: 60,
  dataDirVariable: 'NMO_E2E_DATA_DIR',
});
