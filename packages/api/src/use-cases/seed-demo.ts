import { type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import { type CalendarDate, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import type { ImportSummary } from '@nmo/storage';
import { importTimelines } from './import-file.ts';

/**
 * A synthetic cohort (generateCohort) imported as the system user through the path every import
 * takes, flags recomputed: `nmo seed` and the server's first start with NMO_DEMO.
 */
export function seedDemo(
  db: PrismaClient,
  options: { patients: number; seed: number; asOf?: CalendarDate | undefined },
): Promise<ImportSummary> {
  const file = generateCohort({
    patients: options.patients,
    seed: options.seed,
    asOf: options.asOf ?? todayInClinic(),
  });
  return importTimelines(db, file, { actorId: SYSTEM_USER_ID });
}
