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
 * columns of the first, by name. Values: null and undefined as NULL, Date as ISO 8601, strings,
 * numbers and booleans as written, plain objects as JSON (for jsonb columns). Arrays are refused: a
 * text[] column and a jsonb one read them differently. Table and column names come from the code.
 */
export async function copyRowsIn(
  connection: pg.ClientBase,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  function* chunks(): Generator<string> {
    for (let start = 0; start < rows.length; start += COPY_CHUNK) {
      let text = '';
      for (const row of rows.slice(start, start + COPY_CHUNK)) {
        if (Object.keys(row).length !== columns.length)
          throw new Error(`${table}: every row written by COPY needs the columns ${columns.join(', ')}`);
        text += `${columns.map((column) => copyText(row[column], `${table}.${column}`)).join('\t')}\n`;
      }
      yield text;
    }
  }
  const names = columns.map((column) => `"${column}"`).join(', ');
  await pipeline(Readable.from(chunks()), connection.query(copyFrom(`COPY "${table}" (${names}) FROM STDIN`)));
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
  if (Array.isArray(value)) throw new Error(`${column}: arrays are not written by COPY here`);
  return escapeCopyText(JSON.stringify(value));
}
