import { StringDecoder } from 'node:string_decoder';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/**
 * Runs `COPY (…) TO STDOUT` (text format) on a connection of the caller's and streams its bytes: the
 * CSV long export then reads each page's lines as PostgreSQL writes them, a chunk at a time, instead
 * of as rows of a query result (each line held several times over before it is written).
 */
export type CopyOut = (statement: string) => AsyncIterable<Uint8Array>;

/**
 * A connection of its own for the CSV long export's COPY statements (one at a time), ended by
 * `close`. The Prisma client's pool has no COPY; this is the same driver (pg) on the same URL.
 */
export async function openCopyOut(url: string): Promise<{ copyOut: CopyOut; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    copyOut: (statement) => client.query(copyTo(statement)),
    close: () => client.end(),
  };
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
/** COPY's text format writes these characters of a value as a backslash and a letter. */
const ESCAPED: Record<number, number> = {
  [BACKSLASH]: BACKSLASH,
  98: 0x08, // \b
  102: 0x0c, // \f
  110: 0x0a, // \n
  114: 0x0d, // \r
  116: 0x09, // \t
  118: 0x0b, // \v
};

/**
 * The one-column COPY output restored to the values themselves, as text, and how many rows each
 * chunk ended (a row ends at an unescaped newline; newlines inside a value are escaped).
 */
export async function* copiedLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<{ text: string; rows: number }> {
  const decoder = new StringDecoder('utf8');
  let pendingBackslash = false;
  for await (const chunk of chunks) {
    const out = Buffer.allocUnsafe(chunk.length);
    let length = 0;
    let rows = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (pendingBackslash) {
        out[length++] = ESCAPED[byte] ?? byte;
        pendingBackslash = false;
      } else if (byte === BACKSLASH) {
        pendingBackslash = true;
      } else {
        if (byte === NEWLINE) rows++;
        out[length++] = byte;
      }
    }
    // A character split between two chunks is completed by the next one.
    const text = decoder.write(out.subarray(0, length));
    if (text) yield { text, rows };
  }
  const rest = decoder.end();
  if (rest) yield { text: rest, rows: 0 };
}
