import {
  descriptorOf,
  PART_TYPES,
  type PartType,
  type PatientTimeline,
  type RecordDescriptor,
  type RecordType,
} from '@nmo/domain';
import { parseTimelineFile, TIMELINE_FORMAT, TIMELINE_VERSION, type TimelineFile } from '../format.ts';
import { type CsvCells, readCsvLines, rowCells } from './cells.ts';
import { locateError, type RowLocator } from './error-lines.ts';
import {
  csvKindOf,
  PARENT_COLUMNS,
  PATIENT_COLUMNS,
  PATIENT_FIELD_COLUMNS,
  RECORD_COLUMNS,
  RECORD_LAYOUTS,
  TYPE_OF_CSV_KIND,
} from './long-columns.ts';

/** One problem of a CSV file: its line (1 is the header), the column ('' for the whole row) and why. */
export interface CsvError {
  line: number;
  column: string;
  message: string;
}

export type CsvParseResult =
  | {
      ok: true;
      file: TimelineFile;
      rows: number;
      /** The line and column of an error reported later by JSON path (e.g. by the import's database checks). */
      locate: (path: string, message: string) => CsvError;
    }
  | { ok: false; errors: CsvError[] };

const KNOWN_COLUMNS = new Set<string>([...PATIENT_COLUMNS, ...RECORD_COLUMNS]);
const REQUIRED_COLUMNS = ['mrn', 'given_name', 'family_name', 'birth_date', 'sex', 'record', 'date'];
const RECORD_KINDS = ['patient', ...Object.keys(RECORD_LAYOUTS)];
const isPartType = (type: RecordType): type is PartType => (PART_TYPES as readonly string[]).includes(type);

/** Why a part row found no parent, in the words of its parent columns. */
const NO_PARENT: Record<PartType, (cells: CsvCells) => string> = {
  acuteTreatment: (cells) => `no relapse row of this patient has onset ${String(cells.relapse_onset_date)}`,
  administration: (cells) =>
    `no therapy row of this patient is ${String(cells.agent)} started ${String(cells.therapy_start_date)}`,
};

/**
 * Reads a CSV file in the long layout (the one `export --format csv` writes, docs/EXPORTS.md) into
 * the interchange format, and checks it with the same rules as a JSON import. Every error names
 * its line and column; a file with any error yields no patients at all.
 * Accepts a UTF-8 byte-order mark, CRLF line ends and ";" as the separator (with decimal commas),
 * as spreadsheets write them.
 */
export function parseCsvLong(text: string): CsvParseResult {
  const read = readCsvLines(text);
  if (!read.ok) return read;
  const { header, lines, decimalComma } = read;
  const headerErrors = checkHeader(header);
  if (headerErrors.length) return { ok: false, errors: headerErrors };

  const errors: CsvError[] = [];
  const builder = new TimelineBuilder(errors);
  for (const line of lines) {
    const cells = rowCells(line, header, decimalComma, errors);
    if (cells) builder.add(line.number, cells);
  }
  builder.settlePatientCells();
  builder.attachParts();
  const file: TimelineFile = { format: TIMELINE_FORMAT, version: TIMELINE_VERSION, patients: builder.patients };
  const parsed = parseTimelineFile(file);
  const locate = (path: string, message: string) => locateError(builder.locator, path, message);
  if (!parsed.ok) for (const error of parsed.errors) errors.push(locate(error.path, error.message));
  if (errors.length || !parsed.ok) return { ok: false, errors: sortErrors(errors, header) };
  return { ok: true, file: parsed.file, rows: lines.length, locate };
}

function checkHeader(header: string[]): CsvError[] {
  const errors: CsvError[] = [];
  if (header.includes('subject_id'))
    return [
      {
        line: 1,
        column: 'subject_id',
        message: 'this is a de-identified export: it has no MRN or names, so it cannot be imported',
      },
    ];
  header.forEach((column, index) => {
    if (!KNOWN_COLUMNS.has(column))
      errors.push({ line: 1, column, message: 'is not a column of the CSV long layout (see docs/EXPORTS.md)' });
    else if (header.indexOf(column) !== index) errors.push({ line: 1, column, message: 'appears twice' });
  });
  for (const column of REQUIRED_COLUMNS)
    if (!header.includes(column)) errors.push({ line: 1, column, message: 'is missing (a required column)' });
  return errors;
}

type EventDraft = Record<string, unknown> & { type: string };
interface PatientDraft {
  mrn: string;
  events: EventDraft[];
  firstLine: number;
  rows: number;
  /** Each distinct combination of the patient's cells once, with the lines that have it (usually one entry). */
  variants: Map<string, { cells: CsvCells; lines: number[] }>;
}
interface PartDraft {
  line: number;
  type: PartType;
  patient: number;
  cells: CsvCells;
  part: Record<string, unknown>;
}

/** Groups rows into patients and their records, remembering each record's line for error reports. */
class TimelineBuilder {
  readonly patients: PatientTimeline[] = [];
  readonly locator: RowLocator = { patientLines: [], patientCellLines: new Map(), events: [], partLines: new Map() };
  private readonly byMrn = new Map<string, number>();
  private readonly drafts: PatientDraft[] = [];
  private readonly parts: PartDraft[] = [];

  constructor(private readonly errors: CsvError[]) {}

  add(line: number, cells: CsvCells): void {
    const kind = cells.record as string | undefined;
    if (!kind || !RECORD_KINDS.includes(kind)) {
      this.errors.push({
        line,
        column: 'record',
        message: kind ? `must be one of ${RECORD_KINDS.join(', ')}` : 'is required',
      });
      return;
    }
    const patient = this.patientOf(line, cells);
    if (kind === 'patient') {
      this.rejectExtraCells(line, cells, kind, new Set());
      return;
    }
    const layout = RECORD_LAYOUTS[kind] ?? {};
    const parentColumns = PARENT_COLUMNS[kind] ?? [];
    this.rejectExtraCells(line, cells, kind, new Set([...Object.values(layout), ...parentColumns]));
    const record: Record<string, unknown> = {};
    for (const [path, column] of Object.entries(layout)) {
      const value = cells[column];
      if (value === undefined) continue;
      const keys = path.split('.');
      let at = record;
      for (const key of keys.slice(0, -1)) {
        at[key] ??= {};
        at = at[key] as Record<string, unknown>;
      }
      at[keys.at(-1) as string] = value;
    }
    const type = TYPE_OF_CSV_KIND.get(kind) as RecordType;
    if (isPartType(type)) {
      this.parts.push({ line, type, patient, cells, part: record });
      return;
    }
    this.draft(patient).events.push({ type, ...record });
    this.locator.events[patient]?.push({ line, kind });
  }

  /** Puts each acute treatment and dose under the attack or therapy its parent columns name. */
  attachParts(): void {
    for (const { line, type, patient, cells, part } of this.parts) {
      const { events } = this.draft(patient);
      const kind = csvKindOf(type);
      const parent = descriptorOf(type).parent as NonNullable<RecordDescriptor['parent']>;
      const naming = Object.entries(parent.csv);
      const missing = naming.flatMap(([column]) => (cells[column] === undefined ? [column] : []));
      for (const column of missing)
        this.errors.push({ line, column, message: `is required on an ${kind} row (it names the parent record)` });
      if (missing.length) continue;
      const index = events.findIndex(
        (event) => event.type === parent.type && naming.every(([column, field]) => event[field] === cells[column]),
      );
      if (index < 0) {
        this.errors.push({ line, column: naming.at(-1)?.[0] as string, message: NO_PARENT[type](cells) });
        continue;
      }
      const listKey = descriptorOf(parent.type).parts?.field as string;
      const draft = events[index] as EventDraft;
      draft[listKey] ??= [];
      const list = draft[listKey] as unknown[];
      list.push(part);
      this.locator.partLines.set(`${patient}.${index}.${list.length - 1}`, line);
    }
  }

  /** The patient of a row by MRN. Its patient cells are compared with the other rows' at the end (settlePatientCells). */
  private patientOf(line: number, cells: CsvCells): number {
    const mrn = String(cells.mrn ?? '');
    let index = this.byMrn.get(mrn);
    if (index === undefined) {
      const events: EventDraft[] = [];
      index = this.patients.push({ events } as unknown as PatientTimeline) - 1;
      this.drafts.push({ mrn, events, firstLine: line, rows: 0, variants: new Map() });
      this.byMrn.set(mrn, index);
      this.locator.patientLines.push(line);
      this.locator.events.push([]);
    }
    const draft = this.draft(index);
    draft.rows++;
    const key = PATIENT_CELL_COLUMNS.map((column) => cellKey(cells[column])).join('\u0000');
    const variant = draft.variants.get(key);
    if (variant) variant.lines.push(line);
    else draft.variants.set(key, { cells, lines: [line] });
    return index;
  }

  /**
   * Each patient's fields, from the cells repeated on its rows. The value most rows have is the
   * patient's, and each row that differs is reported there: one changed cell is one error on its
   * own line, wherever the row is. Without such a value (one row each way), the first row's is
   * taken and the later rows that differ are reported.
   */
  settlePatientCells(): void {
    this.drafts.forEach((draft, index) => {
      const timeline = this.patients[index] as unknown as Record<string, unknown>;
      for (const [field, column] of Object.entries(PATIENT_FIELD_COLUMNS)) {
        const values = new Map<string, { value: unknown; rows: number; firstLine: number }>();
        for (const { cells, lines } of draft.variants.values()) {
          const key = cellKey(cells[column]);
          const tally = values.get(key) ?? { value: cells[column], rows: 0, firstLine: Number.POSITIVE_INFINITY };
          tally.rows += lines.length;
          tally.firstLine = Math.min(tally.firstLine, lines[0] ?? tally.firstLine);
          values.set(key, tally);
        }
        const [most, next] = [...values.values()].sort((a, b) => b.rows - a.rows);
        const majority = most !== undefined && (next === undefined || most.rows > next.rows);
        const chosen = majority ? most : [...values.values()].find((tally) => tally.firstLine === draft.firstLine);
        if (!chosen) continue;
        if (chosen.value !== undefined) timeline[field] = chosen.value;
        this.locator.patientCellLines.set(`${index}.${column}`, chosen.firstLine);
        for (const { cells, lines } of draft.variants.values()) {
          if (cellKey(cells[column]) === cellKey(chosen.value)) continue;
          const here = shown(cells[column]);
          const message = majority
            ? `differs from the other rows of patient ${draft.mrn}: ${here} here, ${shown(chosen.value)} on ${chosen.rows} of its ${draft.rows} rows`
            : `differs from line ${draft.firstLine}, the first row of patient ${draft.mrn}: ${here} here, ${shown(chosen.value)} there (no value is on most of its rows)`;
          for (const line of lines) this.errors.push({ line, column, message });
        }
      }
    });
  }

  private draft(patient: number): PatientDraft {
    const draft = this.drafts[patient];
    if (!draft) throw new Error(`no patient ${patient}`);
    return draft;
  }

  private rejectExtraCells(line: number, cells: CsvCells, kind: string, allowed: Set<string>): void {
    for (const [column, value] of Object.entries(cells)) {
      if (value === undefined || column === 'record' || PATIENT_CELLS.has(column)) continue;
      if (!allowed.has(column)) this.errors.push({ line, column, message: `does not apply to ${kind} rows` });
    }
  }
}

const PATIENT_CELL_COLUMNS: string[] = Object.values(PATIENT_FIELD_COLUMNS);
const PATIENT_CELLS = new Set<string>(PATIENT_CELL_COLUMNS);
/** Compares cells by value, lists (comorbidities) included; an empty cell is ''. */
const cellKey = (value: unknown) => JSON.stringify(value) ?? '';
/** A cell's value as the file writes it. */
const shown = (value: unknown) =>
  value === undefined ? 'empty' : Array.isArray(value) ? value.join(';') || 'empty' : String(value);

/** By line, then in the header's column order (row-wide errors first). */
function sortErrors(errors: CsvError[], header: string[]): CsvError[] {
  const unique = [...new Map(errors.map((e) => [`${e.line}\u0000${e.column}\u0000${e.message}`, e])).values()];
  return unique.sort((a, b) => a.line - b.line || header.indexOf(a.column) - header.indexOf(b.column));
}
