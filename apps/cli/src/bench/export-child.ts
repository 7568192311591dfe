import { createPrismaClient } from '@nmo/db';
import { exportCsvLong } from '@nmo/exchange';

/**
 * Runs one CSV long export of the whole cohort in a process of its own, so its peak memory is the
 * export's and not the benchmark's (which holds the generated cohort). Prints one JSON line.
 */
const url = process.argv[2];
if (!url) throw new Error('usage: export-child.ts DATABASE_URL');
const prisma = createPrismaClient(url);
await prisma.$queryRawUnsafe('SELECT 1');
const baselineRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
const start = performance.now();
let bytes = 0;
let rows = 0;
let patients = 0;
for await (const chunk of exportCsvLong(prisma, {
  onPage: (pagePatients, pageRows) => {
    patients += pagePatients;
    rows += pageRows;
  },
}))
  bytes += Buffer.byteLength(chunk);
const seconds = (performance.now() - start) / 1000;
await prisma.$disconnect();
process.stdout.write(
  `${JSON.stringify({ seconds, patients, rows, bytes, baselineRssMB, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
