import type { DbClient } from '@nmo/db';
import { TIMELINE_FORMAT, TIMELINE_VERSION } from '../format.ts';
import { type PatientSelection, patientPages } from './pages.ts';

/**
 * The cohort (or the selected patients) in the interchange format, as text chunks, one patient at a time, so that a
 * registry-sized export never sits in memory at once. The concatenated chunks equal
 * `JSON.stringify(file, null, 2) + '\n'`; patients by MRN, events by date, type and identity.
 */
export async function* exportTimelineJson(
  db: DbClient,
  options: Omit<PatientSelection, 'subjectKey'> & { onPage?: (patients: number) => void } = {},
): AsyncGenerator<string> {
  yield `{\n  "format": ${JSON.stringify(TIMELINE_FORMAT)},\n  "version": ${TIMELINE_VERSION},\n  "patients": [`;
  let first = true;
  for await (const page of patientPages(db, options)) {
    for (const { timeline: patient } of page) {
      const body = JSON.stringify(patient, null, 2).replaceAll('\n', '\n    ');
      yield `${first ? '\n' : ',\n'}    ${body}`;
      first = false;
    }
    options.onPage?.(page.length);
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

/** The whole export as one string (small cohorts, tests). */
export async function exportTimelineJsonText(db: DbClient): Promise<string> {
  let text = '';
  for await (const chunk of exportTimelineJson(db)) text += chunk;
  return text;
}
