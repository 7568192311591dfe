import type { PrismaClient } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import { afterAll, inject } from 'vitest';
import { csvLongColumns, csvLongRows, type DeidentifyOptions, patientPages, toCsv } from '../src/index.ts';

/**
 * A maker of empty test databases for the calling file (or describe block): each call opens one,
 * and all are dropped after it.
 */
export function freshDatabases(): () => Promise<TestDatabase> {
  const databases: TestDatabase[] = [];
  afterAll(() => Promise.all(databases.map((d) => d.drop())));
  return async () => {
    const database = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
    databases.push(database);
    return database;
  };
}

/** The CSV long layout built in JavaScript (csvLongRows + toCsv): the reference for the SQL renderer. */
export async function referenceCsvLong(
  db: PrismaClient,
  pageSize: number,
  deidentify?: DeidentifyOptions,
): Promise<string> {
  const columns = csvLongColumns(Boolean(deidentify));
  let text = toCsv([], columns, true);
  for await (const page of patientPages(db, { pageSize, subjectKey: deidentify?.key })) {
    const rows = page.flatMap(({ timeline }) => csvLongRows(timeline, { deidentify }));
    if (rows.length) text += toCsv(rows, columns, false);
  }
  return text;
}
