import { Prisma, SYSTEM_USER_ID } from '@nmo/db';
import { todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { filterConditions, whereClause } from '../src/cohort/filters.ts';
import { type Caller, callerAs, failure, useCohortDatabase } from './support.ts';

const today = todayInClinic();
const cohort = generateCohort({ patients: 30, seed: 19, asOf: today });
// Names the clinic really types: accents, a two-word family name, and MRNs sharing a prefix.
const named = [
  { mrn: 'A-001', givenName: 'Haruka', familyName: 'Nakamura' },
  { mrn: 'A-002', givenName: 'Lucía', familyName: 'Martínez' },
  { mrn: 'A-010', givenName: 'Søren', familyName: 'Ødegård' },
  { mrn: 'B-001', givenName: 'Ana', familyName: 'de la Peña' },
];
for (const patient of cohort.patients) if (patient.familyName === 'Nakamura') patient.familyName = 'Tanaka';
for (const [i, name] of named.entries()) Object.assign(cohort.patients[i] ?? {}, name);

let clinician: Caller;
let researcher: Caller;
let prisma: Parameters<Parameters<typeof useCohortDatabase>[2]>[0]['prisma'];
useCohortDatabase(cohort, today, async (database) => {
  prisma = database.prisma;
  clinician = await callerAs(prisma, 'clinician');
  researcher = await callerAs(prisma, 'researcher');
});

const found = async (search: string) =>
  (await clinician.cohort.overview({ search, limit: 200 })).items.map((item) => item.mrn).sort();

describe('searching the cohort list', () => {
  it.each([
    ['the table’s "Family, Given"', 'Nakamura, Haruka'],
    ['given then family', 'Haruka Nakamura'],
    ['family then given, lower case', 'nakamura haruka'],
    ['a comma without a space', 'Nakamura,Haruka'],
    ['one name in capitals', 'NAKAMURA'],
    ['the start of a name', 'nakam'],
  ])('finds a patient by %s', async (_form, search) => {
    expect(await found(search)).toEqual(['A-001']);
  });

  it('ignores accents on either side: "martinez" finds Martínez and "Martínez, Lucia" too', async () => {
    expect(await found('martinez')).toEqual(['A-002']);
    expect(await found('Martínez, Lucia')).toEqual(['A-002']);
    expect(await found('lucia martinez')).toEqual(['A-002']);
    // Letters that are not a base letter plus an accent (ø, å) fold as the clinic would type them.
    expect(await found('soren odegard')).toEqual(['A-010']);
    expect(await found('pena, ana')).toEqual(['B-001']);
  });

  it('finds MRNs by prefix in any case, and only by prefix', async () => {
    expect(await found('A-0')).toEqual(['A-001', 'A-002', 'A-010']);
    expect(await found('a-00')).toEqual(['A-001', 'A-002']);
    expect(await found('A-010')).toEqual(['A-010']);
    expect(await found('001')).toEqual([]);
  });

  it('needs every word to match, and treats % and _ as the characters they are', async () => {
    expect(await found('Haruka Martínez')).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found(' , ')).toHaveLength(cohort.patients.length);
  });

  it('is not open to researchers: no name or MRN search on the list or in the statistics', async () => {
    expect((await failure(researcher.cohort.overview({ search: 'Nakamura' }))).code).toBe('FORBIDDEN');
    const refused = await failure(researcher.cohort.stats({ search: 'A-001' } as never));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(refused)).not.toContain('Nakamura');
  });

  it('is served by the name and MRN indexes on a few thousand patients', async () => {
    // Patients made in SQL (their summaries alone matter here), then statistics for the planner.
    await prisma.$executeRaw`
      INSERT INTO "Patient" ("mrn", "givenName", "familyName", "birthDate", "sex", "updatedAt", "createdById", "updatedById")
      SELECT 'Z' || lpad(i::text, 6, '0'), 'Given' || md5(i::text), 'Family' || md5((i * 7)::text), DATE '1980-01-01', 'female', now(),
             ${SYSTEM_USER_ID}::uuid, ${SYSTEM_USER_ID}::uuid
      FROM generate_series(1, 4000) AS i`;
    await prisma.$executeRaw`
      INSERT INTO "PatientSummary" ("patientId", "mrn", "givenName", "familyName", "birthDate", "aqp4Status", "mogStatus", "asOf")
      SELECT "id", "mrn", "givenName", "familyName", "birthDate", "aqp4Status", "mogStatus", CURRENT_DATE
      FROM "Patient" WHERE "mrn" LIKE 'Z%'`;
    // What autovacuum does after a bulk write: statistics, and the GIN index's pending list merged
    // (until then the planner rightly prices scanning that list, and reads the table instead).
    await prisma.$executeRaw`VACUUM ANALYZE "PatientSummary"`;
    const plan = async (search: string) => {
      const rows = await prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN SELECT "patientId" FROM "PatientSummary" ${whereClause(filterConditions({ search }))}`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    for (const search of ['Nakamura, Haruka', 'martinez', 'A-00']) {
      const text = await plan(search);
      expect(text, text).toContain('PatientSummary_search_name_trgm_idx');
      expect(text, text).toContain('PatientSummary_mrn_prefix_idx');
      expect(text, text).not.toContain('Seq Scan');
    }
    expect(await found('martinez')).toEqual(['A-002']);
  });
});

describe('the filter box’s errors', () => {
  it('name the other bound as the filter box labels it, and no internal field names', async () => {
    const fieldMessages = async (input: object) => {
      try {
        await clinician.cohort.overview(input as never);
      } catch (error) {
        return (error as { cause?: { issues?: { path: PropertyKey[]; message: string }[] } }).cause?.issues?.map(
          (issue) => `${issue.path.join('.')}: ${issue.message}`,
        );
      }
      throw new Error('expected the filters to be refused');
    };
    expect(await fieldMessages({ edssMin: 6, edssMax: 2 })).toEqual(['edssMax: must not be below EDSS from']);
    expect(await fieldMessages({ lastVisitFrom: '2024-05-01', lastVisitTo: '2024-01-01' })).toEqual([
      'lastVisitTo: must not be before Last visit from',
    ]);
    expect(await fieldMessages({ edssMin: 'two' })).toEqual(['edssMin: must be a number']);
  });
});
