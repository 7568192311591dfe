import { createHash } from 'node:crypto';
import type { SqlRunner } from '@nmo/db';

/** How many texts' keys are remembered; the rules cite a few dozen texts. */
const REMEMBERED_KEYS = 1000;
const keysOf = new Map<string, string>();

/**
 * A cited source's key in FlagSource: the SHA-256 of its text in hex, as the migration that
 * introduced the table computed it in SQL (docs/decisions/0038-flag-sources-stored-once.md).
 */
export function flagSourceId(text: string): string {
  let key = keysOf.get(text);
  if (key === undefined) {
    key = createHash('sha256').update(text, 'utf8').digest('hex');
    if (keysOf.size >= REMEMBERED_KEYS) keysOf.clear();
    keysOf.set(text, key);
  }
  return key;
}

/**
 * Stores the texts FlagSource does not hold yet, before flags that cite them are inserted. Texts
 * already stored are not written again: a long transaction (saving the rule settings recomputes
 * every patient) then locks none of them, and a concurrent write waits for it only when both bring
 * a text never stored before.
 */
export async function storeFlagSources(sql: SqlRunner, texts: Iterable<string>): Promise<void> {
  const wanted = new Map<string, string>();
  for (const text of texts) wanted.set(flagSourceId(text), text);
  if (wanted.size === 0) return;
  const stored = await sql(`SELECT "id" FROM "FlagSource" WHERE "id" = ANY($1::text[])`, [[...wanted.keys()]]);
  for (const { id } of stored) wanted.delete(id as string);
  if (wanted.size === 0) return;
  // In key order: an insert waits for a concurrent transaction that holds the same new key, and in
  // one order the transaction it waits for never needs a key of its own (no deadlock, 40P01).
  const ids = [...wanted.keys()].sort();
  await sql(
    `INSERT INTO "FlagSource" ("id", "text") SELECT "id", "text" FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS source("id", "text", "position") ORDER BY "position" ON CONFLICT ("id") DO NOTHING`,
    [ids, ids.map((id) => wanted.get(id))],
  );
}
