import { CsvError as ParserError, parse } from 'csv-parse/sync';
import { unescapeFormulaCell } from './formula-cells.ts';
import { BOOLEAN_COLUMNS, NUMBER_COLUMNS } from './long-columns.ts';

/** One data row of a CSV file, with its line number (where the row ends, for a cell spanning lines). */
export interface CsvLine {
  number: number;
  cells: string[];
}

/** A row's cells by column, converted to the interchange's types where the text allows; empty cells are absent. */
export type CsvCells = Partial<Record<string, unknown>>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEANS: Record<string, boolean> = { true: true, false: false, TRUE: true, FALSE: false };

type Read =
  | { ok: true; header: string[]; lines: CsvLine[]; decimalComma: boolean }
  | { ok: false; errors: { line: number; column: string; message: string }[] };

/**
 * Splits CSV text into a header and rows. The separator is whichever of `,` `;` or tab the header
 * uses most: spreadsheets in locales with decimal commas write `;`, and then "3,5" means 3.5.
 */
export function readCsvLines(text: string): Read {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof ParserError)) throw error;
    const line = (error as ParserError & { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ line, column: '', message: `not readable as CSV: ${error.message}` }] };
  }
  const [head, ...rows] = records;
  if (!head) return { ok: false, errors: [{ line: 1, column: '', message: 'the file is empty' }] };
  return {
    ok: true,
    header: head.record.map((column) => column.trim()),
    lines: rows
      .filter(({ record }) => record.some((cell) => cell.trim() !== ''))
      .map(({ record, info }) => ({ number: info.lines, cells: record })),
    decimalComma: delimiter === ';',
  };
}

/**
 * The cells of one row by column. Text that is not a number in a number column is passed on as
 * text, so the interchange checks report it ("must be a number") with its field.
 */
export function rowCells(
  line: CsvLine,
  header: string[],
  decimalComma: boolean,
  errors: { line: number; column: string; message: string }[],
): CsvCells | undefined {
  if (line.cells.length !== header.length) {
    errors.push({
      line: line.number,
      column: '',
      message: `has ${line.cells.length} cells; the header has ${header.length}`,
    });
    return undefined;
  }
  const cells: CsvCells = {};
  header.forEach((column, index) => {
    // Trimmed first: the apostrophe the exporter put before a formula keeps a leading tab or CR.
    const text = unescapeFormulaCell((line.cells[index] ?? '').trim());
    if (text === '') return;
    cells[column] = typedValue(column, text, decimalComma);
  });
  return cells;
}

function typedValue(column: string, text: string, decimalComma: boolean): unknown {
  if (column === 'comorbidities')
    return text
      .split(';')
      .map((code) => code.trim())
      .filter(Boolean);
  if (BOOLEAN_COLUMNS.has(column)) return BOOLEANS[text] ?? text;
  if (NUMBER_COLUMNS.has(column)) {
    const normal = decimalComma && !text.includes('.') ? text.replace(',', '.') : text;
    return NUMBER.test(normal) ? Number(normal) : text;
  }
  return text;
}
