import { createPrismaClient } from '@nmo/db';
import { exportCsvLong, exportOmop, openCopyOut } from '@nmo/exchange';
import { ownPeakRssMB } from './peak-memory.ts';

/**
 * Runs one export of the whole cohort (CSV long, or the OMOP CDM zip) in a process of its own, so its
 * peak memory is the export's and not the benchmark's (which holds the generated cohort). Prints one JSON line.
 */
const url = process.argv[2];
const format = process.argv[3] ?? 'csv';
if (!url || (format !== 'csv' && format !== 'omop')) throw new Error('usage: export-child.ts DATABASE_URL [csv|omop]');
const prisma = createPrismaClient(url);
await prisma.$queryRawUnsafe('SELECT 1');
// As `nmo export --format csv` runs it: each page through COPY on a connection of its own.
const copy = format === 'csv' ? await openCopyOut(url) : undefined;
const baselineRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
const start = performance.now();
let bytes = 0;
let rows = 0;
let patients = 0;
const onPage = (pagePatients: number, pageRows: number) => {
  patients += pagePatients;
  rows += pageRows;
};
const chunks =
  format === 'omop' ? exportOmop(prisma, { onPage }) : exportCsvLong(prisma, { onPage, copyOut: copy?.copyOut });
for await (const chunk of chunks) bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
const seconds = (performance.now() - start) / 1000;
await copy?.close();
await prisma.$disconnect();
process.stdout.write(
  `${JSON.stringify({ seconds, patients, rows, bytes, baselineRssMB, peakRssMB: ownPeakRssMB() })}\n`,
);
