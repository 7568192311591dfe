import {
  compareFieldPaths,
  expected,
  type FieldError,
  fieldErrors,
  formatPath,
  type IndexedEvent,
  patientFieldsSchema,
  patientTimelineSchema,
  type TimelineAnchor,
  timelineConsistencyIssues,
  timelineEventSchema,
  todayInClinic,
  unsafeTextErrors,
} from '@nmo/domain';
import { z } from 'zod';
import { jsonSyntaxMessage } from './json-syntax.ts';
import { withUcumLabUnits } from './legacy-units.ts';

export const TIMELINE_FORMAT = 'nmo-timeline';
export const TIMELINE_VERSION = 1;

/** The interchange format, version 1 (DESIGN.md contract 4): what import reads and export writes. */
export const timelineFileSchema = z
  .strictObject(
    {
      format: z.literal(TIMELINE_FORMAT, { error: `must be "${TIMELINE_FORMAT}"` }),
      version: z.literal(TIMELINE_VERSION, {
        error: `must be ${TIMELINE_VERSION} (the only version this release reads)`,
      }),
      patients: z.array(patientTimelineSchema, { error: expected('must be a list') }),
    },
    { error: expected('must be an object') },
  )
  .superRefine((file, context) => {
    const seen = new Map<string, number>();
    file.patients.forEach((patient, index) => {
      const first = seen.get(patient.mrn);
      if (first === undefined) seen.set(patient.mrn, index);
      else
        context.addIssue({
          code: 'custom',
          path: ['patients', index, 'mrn'],
          message: `repeats patients[${first}].mrn (${patient.mrn})`,
        });
    });
  });
export type TimelineFile = z.infer<typeof timelineFileSchema>;

export type ParseResult = { ok: true; file: TimelineFile } | { ok: false; errors: FieldError[] };

/**
 * Validates a whole file and reports every error, each with its JSON path and reason. Lab units
 * spelled the way files were written before they were UCUM codes are read as their codes.
 */
export function parseTimelineFile(raw: unknown): ParseResult {
  // Text the database cannot hold is named by its path before anything else looks at it.
  const unsafe = unsafeTextErrors(raw);
  if (unsafe.length > 0) return { ok: false, errors: unsafe };
  const input = withUcumLabUnits(raw);
  const parsed = timelineFileSchema.safeParse(input);
  if (parsed.success) return { ok: true, file: parsed.data };
  const errors = [...fieldErrors(parsed.error), ...consistencyErrorsOfPartlyValidFile(input)];
  const unique = [...new Map(errors.map((e) => [`${e.path}\u0000${e.message}`, e])).values()];
  return { ok: false, errors: unique.sort((a, b) => compareFieldPaths(a.path, b.path)) };
}

/**
 * Zod skips a patient's cross-field checks once any of its fields fails; run them on whatever
 * did parse, so one pass over a file lists all its errors.
 */
function consistencyErrorsOfPartlyValidFile(input: unknown): FieldError[] {
  const patients = (input as { patients?: unknown })?.patients;
  if (!Array.isArray(patients)) return [];
  const errors: FieldError[] = [];
  const today = todayInClinic();
  const seenMrns = new Map<string, number>();
  patients.forEach((raw, patientIndex) => {
    if (typeof raw !== 'object' || raw === null) return;
    const record = raw as Record<string, unknown>;
    if (typeof record.mrn === 'string') {
      const first = seenMrns.get(record.mrn);
      if (first === undefined) seenMrns.set(record.mrn, patientIndex);
      else
        errors.push({
          path: `patients[${patientIndex}].mrn`,
          message: `repeats patients[${first}].mrn (${record.mrn})`,
        });
    }
    const anchor = patientFieldsSchema
      .pick({ birthDate: true, diagnosisDate: true, firstAttackDate: true, comorbidities: true })
      .safeParse({
        birthDate: record.birthDate,
        diagnosisDate: record.diagnosisDate,
        firstAttackDate: record.firstAttackDate,
        comorbidities: record.comorbidities,
      });
    if (!anchor.success || !Array.isArray(record.events)) return;
    const events: IndexedEvent[] = [];
    record.events.forEach((event, index) => {
      const parsedEvent = timelineEventSchema.safeParse(event);
      if (parsedEvent.success) events.push({ index, event: parsedEvent.data });
    });
    // A sex that does not parse is reported by the field checks; the pregnancy check then has none.
    const sex = patientFieldsSchema.shape.sex.safeParse(record.sex);
    const checked: TimelineAnchor = { ...(anchor.data as TimelineAnchor), sex: sex.success ? sex.data : undefined };
    for (const issue of timelineConsistencyIssues(checked, events, today)) {
      errors.push({ path: formatPath(['patients', patientIndex, ...issue.path]), message: issue.message });
    }
  });
  return errors;
}

/**
 * Parses JSON text; a syntax error is reported like any other error, with its line and column.
 * A UTF-8 byte-order mark (Windows editors write one) is skipped, and is not counted as a column.
 */
export function parseTimelineJson(text: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: jsonSyntaxMessage(body, error as Error) }] };
  }
  return parseTimelineFile(data);
}

/** Events and their parts (acute treatments, doses): the rows an import writes and CSV long lists. */
export function countRecords(file: Pick<TimelineFile, 'patients'>): number {
  let records = 0;
  for (const patient of file.patients)
    for (const event of patient.events)
      records +=
        1 +
        (event.type === 'relapse' ? (event.acuteTreatments?.length ?? 0) : 0) +
        (event.type === 'therapy' ? (event.administrations?.length ?? 0) : 0);
  return records;
}
