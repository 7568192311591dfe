import type { DbClient } from '@nmo/db';
import { TIMELINE_FORMAT, TIMELINE_VERSION } from '../format.ts';
import { loadPatientTimelines } from './load.ts';

/**
 * The whole cohort in the interchange format, as text chunks, one patient at a time, so that a
 * registry-sized export never sits in memory at once. The concatenated chunks equal
 * `JSON.stringify(file, null, 2) + '\n'`; patients by MRN, events by date, type and identity.
 */
export async function* exportTimelineJson(
  db: DbClient,
  options: { pageSize?: number; onPage?: (patients: number) => void } = {},
): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 200;
  yield `{\n  "format": ${JSON.stringify(TIMELINE_FORMAT)},\n  "version": ${TIMELINE_VERSION},\n  "patients": [`;
  let afterMrn: string | undefined;
  let first = true;
  for (;;) {
    const page = await loadPatientTimelines(db, { afterMrn, take: pageSize });
    for (const { timeline: patient } of page) {
      const body = JSON.stringify(patient, null, 2).replaceAll('\n', '\n    ');
      yield `${first ? '\n' : ',\n'}    ${body}`;
      first = false;
    }
    options.onPage?.(page.length);
    if (page.length < pageSize) break;
    afterMrn = page.at(-1)?.timeline.mrn;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}

/** The whole export as one string (small cohorts, tests). */
export async function exportTimelineJsonText(db: DbClient): Promise<string> {
  let text = '';
  for await (const chunk of exportTimelineJson(db)) text += chunk;
  return text;
}
