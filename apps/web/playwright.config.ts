import { playwrightEnvironment, realServerConfig } from './playwright.shared.ts';

/** The browser journeys: a fresh demo cohort of 60 patients for every run. */
export default realServerConfig({
  testDir: 'e2e',
  port: playwrightEnvironment.E2E_PORT,
  demoPatients: 60,
  dataDirVariable: 'NMO_E2E_DATA_DIR',
});
