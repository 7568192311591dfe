import { type PrismaClient, SYSTEM_USER_ID } from '@nmo/db';
import { createTestDatabase, type TestDatabase } from '@nmo/db/testing';
import type { PatientTimeline } from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, expect, inject } from 'vitest';
import {
  csvLongColumns,
  csvLongRows,
  type DeidentifyOptions,
  exportCsvLong,
  exportTimelineJsonText,
  patientPages,
  toCsv,
} from '../src/index.ts';

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

/** Everything an export streams, as one text. */
export async function exportedCsvLong(db: PrismaClient, deidentify?: DeidentifyOptions): Promise<string> {
  let text = '';
  for await (const chunk of exportCsvLong(db, deidentify ? { deidentify } : {})) text += chunk;
  return text;
}

/**
 * Imports the patients into the database and exports them as JSON and CSV long, checking that the SQL
 * renderer of the CSV (identified and de-identified with `key`) matches the JavaScript reference.
 */
export async function importAndExport(
  db: PrismaClient,
  patients: PatientTimeline[],
  key: string,
): Promise<{ json: string; csv: string }> {
  await importTimelineFile(db, { patients }, { actorId: SYSTEM_USER_ID });
  const json = await exportTimelineJsonText(db);
  const csv = await exportedCsvLong(db);
  expect(csv).toBe(await referenceCsvLong(db, 10));
  const deidentify = { key, dates: 'shift' as const, today: '2026-11-29' };
  expect(await exportedCsvLong(db, deidentify)).toBe(await referenceCsvLong(db, 10, deidentify));
  return { json, csv };
}
