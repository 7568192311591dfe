import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// CI machines run every package's tests at once on 2 cores: a busy moment must not fail a query that
// would have found its element (the defaults are 1 s for findBy/waitFor and 5 s per test).
configure({ asyncUtilTimeout: 5000 });

afterEach(() => cleanup());

// The clinician's shell fetches the patient page's code when the browser is idle (routes.tsx
// preloadPatientPage). In a component test that load could start after the test file's environment
// is torn down, which vitest reports as an error; the tests that open a patient load it themselves.
window.requestIdleCallback = () => 0;
