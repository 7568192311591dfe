import type { DbClient } from '@nmo/db';
import { compareEvents, type TimelineEvent } from '@nmo/domain';
import { TIMELINE_FORMAT, TIMELINE_VERSION } from '../format.ts';
import { patientCodec } from './codecs.ts';
import { EVENT_TABLES } from './tables.ts';

const liveOnly = { where: { deletedAt: null } };

/** Loads one page of live patients (ordered by MRN, after `afterMrn`) as interchange objects. */
async function loadPatientPage(db: DbClient, afterMrn: string | undefined, pageSize: number) {
  const patients = await db.patient.findMany({
    where: { deletedAt: null, ...(afterMrn === undefined ? {} : { mrn: { gt: afterMrn } }) },
    orderBy: { mrn: 'asc' },
    take: pageSize,
    include: {
      edssAssessments: liveOnly,
      antibodyTests: liveOnly,
      mriExams: liveOnly,
      visualExams: liveOnly,
      relapses: { where: { deletedAt: null }, include: { acuteTreatments: liveOnly } },
      therapies: { where: { deletedAt: null }, include: { administrations: liveOnly } },
      labResults: liveOnly,
      vaccinations: liveOnly,
    },
  });
  const relationOf: Record<TimelineEvent['type'], keyof (typeof patients)[number]> = {
    edss: 'edssAssessments',
    antibody: 'antibodyTests',
    mri: 'mriExams',
    visual: 'visualExams',
    relapse: 'relapses',
    therapy: 'therapies',
    lab: 'labResults',
    vaccination: 'vaccinations',
  };
  return patients.map((patient) => {
    const events = EVENT_TABLES.flatMap((table) =>
      (patient[relationOf[table.type]] as Record<string, unknown>[]).map((row) => table.codec.fromRow(row)),
    ).sort(compareEvents);
    return { ...patientCodec.fromRow(patient), events };
  });
}

/**
 * The whole cohort in the interchange format, as text chunks, one patient at a time, so that a
 * registry-sized export never sits in memory at once. The concatenated chunks equal
 * `JSON.stringify(file, null, 2) + '\n'`; patients by MRN, events by date, type and identity.
 */
export async function* exportTimelineJson(db: DbClient, options: { pageSize?: number } = {}): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 200;
  yield `{\n  "format": ${JSON.stringify(TIMELINE_FORMAT)},\n  "version": ${TIMELINE_VERSION},\n  "patients": [`;
  let afterMrn: string | undefined;
  let first = true;
  for (;;) {
    const page = await loadPatientPage(db, afterMrn, pageSize);
    for (const patient of page) {
      const body = JSON.stringify(patient, null, 2).replaceAll('\n', '\n    ');
      yield `${first ? '\n' : ',\n'}    ${body}`;
      first = false;
    }
    if (page.length < pageSize) break;
    afterMrn = page.at(-1)?.mrn;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

/** The whole export as one string (small cohorts, tests). */
export async function exportTimelineJsonText(db: DbClient): Promise<string> {
  let text = '';
  for await (const chunk of exportTimelineJson(db)) text += chunk;
  return text;
}
