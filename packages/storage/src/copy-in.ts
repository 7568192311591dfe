import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Rows per chunk of COPY text handed to the connection. */
const COPY_CHUNK = 2000;

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
  options: { columnsOfAnyRow?: boolean } = {},
): Promise<void> {
  await runCopy(connection, prepareCopy(table, rows, options));
}

/** One COPY with its text already built: it can be built while another statement runs (runCopy). */
export interface PreparedCopy {
  sql: string;
  chunks: string[];
}

/** copyRowsIn's statement and text, built now and sent later. */
export function prepareCopy(
  table: string,
  rows: readonly Record<string, unknown>[],
  options: { columnsOfAnyRow?: boolean } = {},
): PreparedCopy | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  // With columnsOfAnyRow, the columns of every row, and a row without one of them writes NULL there
  // (as json_populate_recordset does); a column no row has keeps its default.
  const columns = options.columnsOfAnyRow ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : Object.keys(first);
  const chunks: string[] = [];
  for (let start = 0; start < rows.length; start += COPY_CHUNK) {
    let text = '';
    for (const row of rows.slice(start, start + COPY_CHUNK)) {
      if (!options.columnsOfAnyRow && Object.keys(row).length !== columns.length)
        throw new Error(`${table}: every row written by COPY needs the columns ${columns.join(', ')}`);
      text += `${columns.map((column) => copyText(row[column], `${table}.${column}`)).join('\t')}\n`;
    }
    chunks.push(text);
  }
  const names = columns.map((column) => `"${column}"`).join(', ');
  return { sql: `COPY "${table}" (${names}) FROM STDIN`, chunks };
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
