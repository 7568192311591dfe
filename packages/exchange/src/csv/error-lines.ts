import { EVENT_TYPES, partsOf } from '@nmo/domain';
import { csvKindOf, PATIENT_FIELD_COLUMNS, RECORD_LAYOUTS, type RecordKind } from './long-columns.ts';

/** The CSV kind of each list of parts in an event ("acuteTreatments" → "acute_treatment"). */
const PART_KIND_OF_LIST = new Map(
  EVENT_TYPES.flatMap((type) => {
    const parts = partsOf(type);
    return parts ? [[parts.field, csvKindOf(parts.type)] as const] : [];
  }),
);
const PART_LISTS = [...PART_KIND_OF_LIST.keys()].join('|');

/** Where each record of a CSV file came from, to turn an interchange path into a line and column. */
export interface RowLocator {
  /** The first line of each patient. */
  patientLines: number[];
  /** `patient.column` → the first line with the value taken as the patient's (the value most of its rows have). */
  patientCellLines: Map<string, number>;
  /** Per patient, the line and record kind of each event, in events-list order. */
  events: { line: number; kind: RecordKind }[][];
  /** `patient.event.part` → line of an acute treatment or dose. */
  partLines: Map<string, number>;
}

const PATH = new RegExp(
  `^patients\\[(\\d+)\\](?:\\.events\\[(\\d+)\\](?:\\.(${PART_LISTS})\\[(\\d+)\\])?)?(?:\\.(.+))?$`,
);
const REPEATED_PART = new RegExp(`repeats (${PART_LISTS})\\[(\\d+)\\]`);

/**
 * The line and column of an error the interchange checks report by JSON path, with references to
 * other records ("repeats events[2]") rewritten as lines too.
 */
export function locateError(
  locator: RowLocator,
  path: string,
  message: string,
): { line: number; column: string; message: string } {
  const match = PATH.exec(path);
  if (!match) return { line: 1, column: '', message: path ? `${path}: ${message}` : message };
  const patient = Number(match[1]);
  const field = match[5]?.replace(/\[\d+\]$/, '');
  if (match[2] === undefined) {
    const column = field ? (PATIENT_FIELD_COLUMNS[field] ?? '') : '';
    const line = locator.patientCellLines.get(`${patient}.${column}`) ?? locator.patientLines[patient] ?? 1;
    return { line, column, message };
  }
  const event = Number(match[2]);
  const events = locator.events[patient] ?? [];
  const partKey = (part: string) => `${patient}.${event}.${part}`;
  const rewritten = message
    .replace(/repeats events\[(\d+)\]/, (_, other) => `repeats line ${events[Number(other)]?.line}`)
    .replace(REPEATED_PART, (_, _list, other) => `repeats line ${locator.partLines.get(partKey(other))}`);
  if (match[3] !== undefined) {
    const kind: RecordKind = PART_KIND_OF_LIST.get(match[3]) ?? '';
    return {
      line: locator.partLines.get(partKey(match[4] ?? '')) ?? 1,
      column: field ? (RECORD_LAYOUTS[kind]?.[field] ?? '') : '',
      message: rewritten,
    };
  }
  const record = events[event];
  return {
    line: record?.line ?? 1,
    column: field && record ? (RECORD_LAYOUTS[record.kind]?.[field] ?? '') : '',
    message: rewritten,
  };
}
