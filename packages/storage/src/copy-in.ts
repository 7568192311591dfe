import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Rows per chunk of COPY text handed to the connection: a few milliseconds of formatting each. */
const COPY_CHUNK = 500;

/**
 * Writes rows with `COPY … FROM STDIN` (text format) on a connection of the caller's, in its
 * transaction: PostgreSQL's own bulk path, about a quarter cheaper than json_populate_recordset for
 * the refresh's flag rows (docs/decisions/0040-flag-batches-in-transactions.md). Every row has the
 * columns of the first, by name (or, with `columnsOfAnyRow`, those of any row). Values: null and
 * undefined as NULL, Date as ISO 8601, strings, numbers and booleans as written, plain objects as
 * JSON (for jsonb columns), arrays of plain values as array literals (for text[] and enum[]
 * columns: a jsonb column takes a JSON array as its string). Table and column names come from the
 * code.
 */
export async function copyRowsIn(
  connection: pg.ClientBase,
  table: string,
  rows: readonly Record<string, unknown>[],
  options: CopyOptions = {},
): Promise<void> {
  await runCopy(connection, prepareCopy(table, rows, options));
}

/**
 * One COPY: its statement, and its text as chunks formatted only when the connection asks for
 * them (runCopy). Formatting is most of an import's work in Node; done a chunk at a time, it never
 * holds the event loop long enough for PostgreSQL to run out of rows to write.
 */
export interface PreparedCopy {
  sql: string;
  chunks: Iterable<string>;
}

/** Which columns a COPY writes, and values for those a row leaves undefined. */
export interface CopyOptions {
  /** The columns of every row (a row without one writes NULL there), not only the first's. */
  columnsOfAnyRow?: boolean;
  /** These columns exactly, in this order (a row without one writes NULL there). */
  columns?: readonly string[];
  /** Written where a row has no value (undefined): a stamp shared by every row, with no copy of each row. */
  defaults?: Record<string, unknown>;
}

/** copyRowsIn's statement, with its text formatted lazily, chunk by chunk, as runCopy sends it. */
export function prepareCopy(
  table: string,
  rows: readonly Record<string, unknown>[],
  options: CopyOptions = {},
): PreparedCopy | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const defaults = options.defaults ?? {};
  // With columnsOfAnyRow, the columns of every row, and a row without one of them writes NULL there
  // (as json_populate_recordset does); a column no row has keeps its default.
  const own =
    options.columns ??
    (options.columnsOfAnyRow ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : Object.keys(first));
  if (!options.columns && !options.columnsOfAnyRow)
    for (const row of rows)
      if (Object.keys(row).length !== own.length)
        throw new Error(`${table}: every row written by COPY needs the columns ${own.join(', ')}`);
  const columns = [...new Set([...own, ...Object.keys(defaults)])];
  const names = columns.map((column) => `"${column}"`).join(', ');
  // Formatted afresh each time it is read, so a PreparedCopy sent twice writes its rows twice.
  const chunks = { [Symbol.iterator]: () => copyChunks(table, rows, columns, defaults) };
  return { sql: `COPY "${table}" (${names}) FROM STDIN`, chunks };
}

function* copyChunks(
  table: string,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
  defaults: Record<string, unknown>,
): Generator<string> {
  for (let start = 0; start < rows.length; start += COPY_CHUNK) {
    let text = '';
    for (let index = start; index < Math.min(start + COPY_CHUNK, rows.length); index++) {
      const row = rows[index] as Record<string, unknown>;
      const values = columns.map((column) => {
        const value = row[column];
        return copyText(value === undefined ? defaults[column] : value, `${table}.${column}`);
      });
      text += `${values.join('\t')}\n`;
    }
    yield text;
  }
}

/** Sends a prepared COPY on the connection (nothing for no rows). */
export async function runCopy(connection: pg.ClientBase, copy: PreparedCopy | undefined): Promise<void> {
  if (copy) await pipeline(Readable.from(copy.chunks), connection.query(copyFrom(copy.sql)));
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const SPECIAL = /[\\\n\r\t]/;
/** Most values have nothing to escape: tested first, as replacing was most of the formatting's time. */
const escapeCopyText = (text: string) =>
  SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (character) => ESCAPES[character] as string) : text;

/** One value in COPY's text format; `column` names it in the error for a value it cannot write. */
export function copyText(value: unknown, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopyText(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeCopyText(arrayLiteral(value, column));
  return escapeCopyText(JSON.stringify(value));
}

/** A PostgreSQL array literal (text[] and enum[] columns): every element quoted, null as NULL. */
function arrayLiteral(values: readonly unknown[], column: string): string {
  const elements = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'object') throw new Error(`${column}: only arrays of plain values are written by COPY`);
    return `"${String(value).replace(/[\\"]/g, (character) => `\\${character}`)}"`;
  });
  return `{${elements.join(',')}}`;
}
