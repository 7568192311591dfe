/**
 * Spreadsheet formula cells (OWASP "CSV Injection"): Excel, LibreOffice Calc and Google Sheets run
 * a cell that begins with = + - @ tab or carriage return as a formula, even from a CSV file, so a
 * patient named "=HYPERLINK(…)" would act in the spreadsheet of whoever opens the export. Every CSV
 * the product writes puts one apostrophe in front of such a text cell (spreadsheets then show it as
 * text) and the CSV importer takes it off again. Text that already begins with apostrophes before
 * one of those characters gets one more, so escaped and unescaped text cannot be confused: escaping
 * then unescaping gives back any text exactly. docs/decisions/0011-csv-formula-cells.md.
 */
const FORMULA_CELL = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA_CELL = /^'+[=+\-@\t\r]/;
/**
 * A number as the exporters write it (-0.3 logMAR, -5 days in relative dates, -2.5 dB): spreadsheets
 * read it as a number, never as a formula, and an apostrophe would turn it into text for R or pandas.
 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The cell to write for a text value: one apostrophe in front when a spreadsheet would run it as a formula. */
export function escapeFormulaCell(text: string): string {
  return FORMULA_CELL.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text of a cell read from a CSV file: the inverse of escapeFormulaCell. */
export function unescapeFormulaCell(cell: string): string {
  return ESCAPED_FORMULA_CELL.test(cell) ? cell.slice(1) : cell;
}

/**
 * escapeFormulaCell in PostgreSQL, for the CSV long renderer (long-sql.ts), on a text expression.
 * The same patterns: `[0-9]` because PostgreSQL's `\d` may match other scripts' digits; a test runs
 * both forms on the same strings. The SQL text is inside a standard string literal, so `\t` and `\r`
 * reach the regular expression engine, which reads them as tab and carriage return.
 */
export const escapeFormulaCellSql = (sql: string) =>
  `(CASE WHEN ${sql} ~ '^''*[=+@\\t\\r-]' AND ${sql} !~ '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$' THEN '''' || ${sql} ELSE ${sql} END)`;
