/** The demo accounts' password on the browser tests' server (NMO_DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'e2e demo passphrase';
