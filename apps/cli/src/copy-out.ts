import type { CopyOut } from '@nmo/exchange';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

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
