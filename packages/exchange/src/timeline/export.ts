import type { DbClient, PatientModel } from '@nmo/db';
import { compareEvents } from '@nmo/domain';
import { TIMELINE_FORMAT, TIMELINE_VERSION } from '../format.ts';
import { patientCodec } from './codecs.ts';
import { EVENT_TABLES } from './tables.ts';

const liveOnly = { where: { deletedAt: null } };

/** Loads one page of live patients (ordered by MRN, after `afterMrn`) as interchange objects. */
async function loadPatientPage(db: DbClient, afterMrn: string | undefined, pageSize: number) {
  const include = Object.fromEntries(
    EVENT_TABLES.map((table) => [
      table.relation,
      table.children ? { ...liveOnly, include: { [table.children.relation]: liveOnly } } : liveOnly,
    ]),
  );
  const patients = (await db.patient.findMany({
    where: { deletedAt: null, ...(afterMrn === undefined ? {} : { mrn: { gt: afterMrn } }) },
    orderBy: { mrn: 'asc' },
    take: pageSize,
    include,
  })) as unknown as (PatientModel & Record<string, Record<string, unknown>[]>)[];
  return patients.map((patient) => {
    const events = EVENT_TABLES.flatMap((table) => (patient[table.relation] ?? []).map(table.codec.fromRow)).sort(
      compareEvents,
    );
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
