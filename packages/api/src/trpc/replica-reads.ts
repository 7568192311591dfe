import { RECORD_TYPES } from '@nmo/domain';

/**
 * Which queries a read replica may answer (DATABASE_REPLICA_URLS; docs/SCALING.md section 2,
 * docs/decisions/0030-read-replicas.md). They tolerate a moment's lag: cohort lists, and a
 * patient's records when this browser has not just written (the middleware in init.ts then asks
 * for a replica that has replayed the write, or reads the primary). Their audit rows and any
 * other write still go to the primary. Every query procedure is in one of the two lists (a test
 * checks it), so a new one is routed on purpose.
 */
const recordQueries = Object.values(RECORD_TYPES).flatMap(({ names }) =>
  ['list', 'get', 'history'].map((query) => `${names.api}.${query}`),
);

export const REPLICA_QUERIES: ReadonlySet<string> = new Set([
  'cohort.overview',
  'cohort.worklist',
  'cohort.stats',
  'cohort.careQuality',
  'cohort.careQualityPatients',
  'cohort.outcomes',
  'patients.list',
  'patients.get',
  'patients.history',
  'patients.timeline',
  ...recordQueries,
  'flags.list',
  'flags.acknowledgements',
  'audit.list',
]);

/** Queries that read the primary, whatever is configured: each must see what was just written. */
export const PRIMARY_QUERIES: ReadonlySet<string> = new Set([
  // Who is signed in and with which rights: a sign-out or a disabled account counts at once.
  'auth.me',
  'accounts.list',
  // Read right after an update (the settings page) and by every page (display settings).
  'settings.get',
  'settings.display',
  // An export's progress rows are updated every page by the instance streaming it.
  'exports.run',
  'exports.recent',
]);
