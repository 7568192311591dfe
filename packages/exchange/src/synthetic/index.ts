import { type Diagnosis, isCalendarDate, type PatientTimeline, toDayNumber } from '@nmo/domain';
import { TIMELINE_FORMAT, TIMELINE_VERSION, type TimelineFile } from '../format.ts';
import { writeCare } from './care.ts';
import { simulateCourse } from './course.ts';
import { writeEdss } from './disability.ts';
import { writeMri } from './imaging.ts';
import { writeLabs } from './labs.ts';
import type { Course, Day, Profile } from './model.ts';
import { inventName } from './names.ts';
import { drawProfile } from './profile.ts';
import { Random } from './random.ts';
import { writeRelapses } from './relapses.ts';
import { writeAntibodies } from './serology.ts';
import { writeTherapies } from './therapy.ts';
import { dateOf, TimelineBuilder } from './timeline.ts';
import { writeVaccinations } from './vaccinations.ts';
import { writeVisual } from './vision.ts';
import { planVisits } from './visits.ts';

export { SHOWCASES, type Showcase, showcaseOf } from './showcase.ts';

export interface SyntheticCohortOptions {
  /** How many patients (0 or more). */
  patients: number;
  /** Any safe integer; the same options always give the same document. */
  seed: number;
  /** YYYY-MM-DD: the last possible event date, 2000-01-01 or later (no later than today for an import). */
  asOf: string;
}

/** Treatments and assays the cohort uses need a modern calendar. */
const EARLIEST_AS_OF = '2000-01-01';

/**
 * A deterministic synthetic NMOSD cohort in the interchange format, plausible enough for a demo
 * and for the rules engine to raise every kind of flag. Patient i depends only on (seed, i).
 */
export function generateCohort(options: SyntheticCohortOptions): TimelineFile {
  return {
    format: TIMELINE_FORMAT,
    version: TIMELINE_VERSION,
    patients: [...generateCohortChunks(options, Infinity)].flat(),
  };
}

/**
 * The same cohort as generateCohort, `chunk` patients at a time: a registry-sized cohort (100,000
 * patients, gigabytes as objects) never has to be held at once.
 */
export function* generateCohortChunks(options: SyntheticCohortOptions, chunk: number): Generator<PatientTimeline[]> {
  const { patients, seed, asOf } = options;
  if (!Number.isSafeInteger(patients) || patients < 0)
    throw new RangeError('patients must be a whole number of 0 or more');
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a whole number');
  if (!isCalendarDate(asOf)) throw new RangeError('asOf must be a real calendar date written YYYY-MM-DD');
  if (asOf < EARLIEST_AS_OF) throw new RangeError(`asOf must be ${EARLIEST_AS_OF} or later`);
  const lastDay = toDayNumber(asOf);
  // MRNs sort like their index (the export orders patients by MRN).
  const width = Math.max(6, String(patients).length);
  for (let start = 0; start < patients; start += chunk) {
    const list: PatientTimeline[] = [];
    for (let index = start; index < Math.min(patients, start + chunk); index++)
      list.push(generatePatient(seed, index, lastDay, width));
    yield list;
  }
}

function generatePatient(seed: number, index: number, asOf: Day, mrnWidth: number): PatientTimeline {
  const random = Random.forPatient(seed, index);
  const profile = drawProfile(random.fork(), index, asOf);
  const { givenName, familyName } = inventName(random.fork(), profile.sex);
  const course = simulateCourse(random.fork(), profile);

  // Attack records first: on a clash of identity, the first event written wins.
  const timeline = new TimelineBuilder(profile.birth, asOf);
  writeRelapses(course, timeline);
  const therapies = writeTherapies(random.fork(), profile, course, timeline);
  const visits = planVisits(random.fork(), profile, course);
  const visitRecords = { profile, course, visits, timeline };
  writeEdss(random.fork(), visitRecords);
  writeAntibodies(random.fork(), profile, course, therapies, timeline);
  writeMri(random.fork(), visitRecords);
  writeVisual(random.fork(), visitRecords);
  writeLabs(random.fork(), profile, therapies, timeline);
  writeVaccinations(random.fork(), profile, therapies, timeline);
  // Drawn last, so that adding it changed nothing else of the cohort.
  const diagnosis = recordedDiagnosis(random.fork(), profile, course);
  // Drawn after it for the same reason (issue 18's records of care).
  writeCare(random.fork(), profile, therapies, timeline);

  // Fields in the order the export writes them; absent optional fields are omitted.
  return {
    mrn: `SYN${String(index + 1).padStart(mrnWidth, '0')}`,
    givenName,
    familyName,
    birthDate: dateOf(profile.birth),
    sex: profile.sex,
    diagnosisDate: dateOf(profile.diagnosis),
    firstAttackDate: dateOf(profile.onset),
    ...(diagnosis ? { diagnosis } : {}),
    aqp4Status: profile.aqp4,
    mogStatus: profile.mog,
    ...(profile.comorbidities.length > 0 ? { comorbidities: [...profile.comorbidities].sort() } : {}),
    events: timeline.sorted(),
  };
}

/** Share of patients whose diagnosis the clinic recorded; the others show the derivation from serostatus. */
const DIAGNOSIS_RECORDED = 0.7;

/**
 * The diagnosis a clinician recorded, consistent with serostatus: AQP4-IgG positive is AQP4-IgG-positive
 * NMOSD; MOG-IgG positive with AQP4-IgG negative is MOGAD; double-seronegative patients with an attack
 * are seronegative NMOSD (the cohort is an NMOSD clinic's). Some are left unrecorded (undefined), so
 * the working diagnosis is derived from serostatus; for double-seronegative patients that is "other
 * or uncertain".
 */
function recordedDiagnosis(random: Random, profile: Profile, course: Course): Diagnosis | undefined {
  if (!random.chance(DIAGNOSIS_RECORDED)) return undefined;
  if (profile.aqp4 === 'positive') return 'nmosd_aqp4_positive';
  if (profile.mog === 'positive' && profile.aqp4 === 'negative') return 'mogad';
  if (profile.aqp4 === 'negative' && profile.mog === 'negative' && course.attacks.length > 0)
    return 'nmosd_seronegative';
  return undefined;
}
