import { Prisma } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import {
  ageInYears,
  compareFlags,
  DEFAULT_RULE_SETTINGS,
  evaluateFlags,
  eventDate,
  type Flag,
  isOpen,
  patientMetrics,
  ruleContext,
  SEVERITY_RANK,
  todayInClinic,
} from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { keptFlagCodeAggregates, overdueBound, queryOverview } from '../src/cohort/overview.ts';
import { type Caller, callerAs, everyPage, failure, useCohortDatabase } from './support.ts';

const today = todayInClinic();
const cohort = generateCohort({ patients: 120, seed: 7, asOf: today });

/** The overview's columns computed straight from the generated file with the domain functions. */
const expected = cohort.patients.map((patient) => {
  // The overview counts open flags only (resolved and expired ones are history: DESIGN.md contract 5).
  const flags: Flag[] = evaluateFlags(patient, today, DEFAULT_RULE_SETTINGS).filter(isOpen).sort(compareFlags);
  const metrics = patientMetrics(ruleContext(patient, today, DEFAULT_RULE_SETTINGS));
  const overdue = flags.map((f) => (f.details as { daysOverdue?: number }).daysOverdue ?? 0);
  const dates = patient.events
    .map(eventDate)
    .filter((d) => d <= today)
    .sort();
  return {
    mrn: patient.mrn,
    name: [patient.familyName, patient.givenName] as const,
    birthDate: patient.birthDate,
    age: ageInYears(patient.birthDate, today),
    aqp4Status: patient.aqp4Status ?? 'unknown',
    therapies: metrics.currentTherapies as string[],
    therapyText: metrics.currentTherapies.join(', '),
    lastEdss: metrics.lastEdss?.score ?? null,
    arr: metrics.annualizedRelapseRate,
    attacks: metrics.attackCount,
    codes: new Set(flags.map((f) => f.code as string)),
    flagCount: flags.length,
    worstRank: Math.min(3, ...flags.map((f) => SEVERITY_RANK[f.severity])),
    maxOverdue: Math.max(0, ...overdue.filter((d) => d > 0)),
    lastVisit: dates.at(-1) ?? null,
  };
});
type Expected = (typeof expected)[number];

let database: TestDatabase;
let clinician: Caller;
useCohortDatabase(cohort, today, async (opened) => {
  database = opened;
  clinician = await callerAs(database.prisma, 'clinician');
});

type Input = NonNullable<Parameters<typeof clinician.cohort.overview>[0]>;

/** Every page of the overview, following nextCursor. */
async function allPages(input: Input, pageSize = 17) {
  const mrns: string[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let pages = 0; pages < 100; pages++) {
    const page = await clinician.cohort.overview({ ...input, limit: pageSize, ...(cursor ? { cursor } : {}) });
    total = page.total;
    mrns.push(...page.items.map((item) => item.mrn));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { mrns, total };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
/** Nulls last whatever the direction; ties broken by MRN ascending. */
function sorted(rows: Expected[], keys: ((row: Expected) => string | number | null)[], descending: boolean) {
  return [...rows]
    .sort((a, b) => {
      for (const key of keys) {
        const x = key(a);
        const y = key(b);
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        return descending ? cmp(y, x) : cmp(x, y);
      }
      return cmp(a.mrn, b.mrn);
    })
    .map((row) => row.mrn);
}

const SORT_KEYS: Record<string, ((row: Expected) => string | number | null)[]> = {
  name: [(r) => r.name[0], (r) => r.name[1]],
  age: [(r) => -Number(r.birthDate.replaceAll('-', ''))],
  aqp4Status: [(r) => ['positive', 'negative', 'unknown'].indexOf(r.aqp4Status)],
  currentTherapy: [(r) => r.therapyText],
  lastEdss: [(r) => r.lastEdss],
  arr: [(r) => r.arr],
  attacks: [(r) => r.attacks],
  openFlags: [(r) => r.flagCount],
  severity: [(r) => -r.worstRank, (r) => r.maxOverdue],
  daysOverdue: [(r) => r.maxOverdue],
  lastVisit: [(r) => r.lastVisit],
};

describe('cohort.overview', () => {
  it('sorts on every column, both ways, across pages, as computed independently', async () => {
    for (const [column, keys] of Object.entries(SORT_KEYS)) {
      for (const direction of ['asc', 'desc'] as const) {
        const { mrns, total } = await allPages({ sort: { column: column as never, direction } });
        expect(total).toBe(expected.length);
        expect(mrns, `${column} ${direction}`).toEqual(sorted(expected, keys, direction === 'desc'));
      }
    }
    const byMrn = await allPages({ sort: { column: 'mrn', direction: 'desc' } });
    expect(byMrn.mrns).toEqual(
      expected
        .map((r) => r.mrn)
        .sort()
        .reverse(),
    );
  });

  const FILTERS: [string, Input, (row: Expected) => boolean][] = [
    ['a flag code', { flagCodes: ['BREAKTHROUGH_RELAPSE'] }, (r) => r.codes.has('BREAKTHROUGH_RELAPSE')],
    [
      'any of two flag codes',
      { flagCodes: ['EDSS_OVERDUE', 'MRI_OVERDUE'] },
      (r) => r.codes.has('EDSS_OVERDUE') || r.codes.has('MRI_OVERDUE'),
    ],
    ['critical', { severity: 'critical' }, (r) => r.worstRank === 0],
    ['warning or worse', { severity: 'warning' }, (r) => r.worstRank <= 1],
    ['AQP4 negative or unknown', { aqp4Status: ['negative', 'unknown'] }, (r) => r.aqp4Status !== 'positive'],
    ['on rituximab', { currentTherapies: ['rituximab'] }, (r) => r.therapies.includes('rituximab')],
    [
      'on no therapy or eculizumab',
      { currentTherapies: ['none', 'eculizumab'] },
      (r) => r.therapies.length === 0 || r.therapies.includes('eculizumab'),
    ],
    ['EDSS 2 to 4.5', { edssMin: 2, edssMax: 4.5 }, (r) => r.lastEdss !== null && r.lastEdss >= 2 && r.lastEdss <= 4.5],
    [
      'last visit in a range',
      { lastVisitFrom: '2025-01-01', lastVisitTo: '2026-06-30' },
      (r) => r.lastVisit !== null && r.lastVisit >= '2025-01-01' && r.lastVisit <= '2026-06-30',
    ],
  ];

  it.each(FILTERS)('filters on %s, as computed independently', async (_name, filter, predicate) => {
    const matching = expected.filter(predicate);
    expect(matching.length, 'the generated cohort exercises the filter').toBeGreaterThan(0);
    const { mrns, total } = await allPages({ ...filter, sort: { column: 'severity', direction: 'desc' } });
    expect(total).toBe(matching.length);
    expect(mrns).toEqual(sorted(matching, SORT_KEYS.severity ?? [], true));
  });

  it('pages a flag filter by days overdue exactly, with the kept range of its patients bounding the walk', async () => {
    type Code = 'EDSS_OVERDUE' | 'LAB_MONITORING_OVERDUE' | 'BREAKTHROUGH_RELAPSE' | 'MRI_OVERDUE';
    const filters: { flagCodes: Code[]; aqp4Status?: 'positive'[] }[] = [
      { flagCodes: ['EDSS_OVERDUE'] },
      { flagCodes: ['LAB_MONITORING_OVERDUE'] },
      { flagCodes: ['BREAKTHROUGH_RELAPSE'] },
      { flagCodes: ['EDSS_OVERDUE', 'MRI_OVERDUE'] },
      { flagCodes: ['EDSS_OVERDUE'], aqp4Status: ['positive'] },
    ];
    for (const filter of filters) {
      const matching = expected.filter(
        (r) =>
          filter.flagCodes.some((code) => r.codes.has(code)) && (!filter.aqp4Status || r.aqp4Status === 'positive'),
      );
      expect(matching.length, `${filter.flagCodes} in the generated cohort`).toBeGreaterThan(0);
      for (const direction of ['asc', 'desc'] as const) {
        const want = sorted(matching, SORT_KEYS.daysOverdue ?? [], direction === 'desc');
        // The first reading makes the kept range (the page is read without it), the second uses it.
        for (const reading of ['first', 'kept']) {
          const { mrns } = await allPages({ ...filter, sort: { column: 'daysOverdue', direction } }, 7);
          expect(mrns, `${filter.flagCodes} ${direction}, ${reading}`).toEqual(want);
        }
      }
    }
  });

  it('does not use a days-overdue range made before a change to the summary', async () => {
    await clinician.cohort.overview({ flagCodes: ['EDSS_OVERDUE'], limit: 1 });
    const before = await keptFlagCodeAggregates(database.prisma);
    if (!before) throw new Error('a filter on one flag code keeps the aggregates');
    const range = before.value.EDSS_OVERDUE?.overdue;
    if (!range) throw new Error('the cohort has EDSS_OVERDUE');
    const ascending = overdueBound(before, ['EDSS_OVERDUE'], 'asc');
    const descending = overdueBound(before, ['EDSS_OVERDUE'], 'desc');
    const countWith = async (conditions: Prisma.Sql[]) => {
      const [row] = await database.prisma.$queryRaw<{ n: number }[]>(
        Prisma.sql`SELECT count(*)::int AS n FROM "PatientSummary" WHERE ${Prisma.join(
          [Prisma.sql`"openFlagCodes" && ARRAY['EDSS_OVERDUE']`, ...conditions],
          ' AND ',
        )}`,
      );
      return row?.n;
    };
    const holders = await countWith([]);
    expect(await countWith(ascending)).toBe(holders);
    expect(await countWith(descending)).toBe(holders);
    // A patient becomes more overdue than the range says: the old range no longer selects anyone.
    const [holder] = await database.prisma.$queryRaw<{ patientId: string; mrn: string }[]>`
      SELECT "patientId"::text AS "patientId", mrn FROM "PatientSummary" WHERE 'EDSS_OVERDUE' = ANY("openFlagCodes") LIMIT 1`;
    try {
      await database.prisma.$executeRaw`UPDATE "PatientSummary" SET "maxDaysOverdue" = ${range[1] + 1000}
        WHERE "patientId" = ${holder?.patientId}::uuid`;
      expect(await countWith(ascending)).toBe(0);
      expect(await countWith(descending)).toBe(0);
      for (const reading of ['unkept', 'kept again']) {
        const page = await clinician.cohort.overview({
          flagCodes: ['EDSS_OVERDUE'],
          sort: { column: 'daysOverdue', direction: 'desc' },
          limit: 1,
        });
        expect(page.items[0]?.mrn, reading).toBe(holder?.mrn);
      }
    } finally {
      const row = expected.find((r) => r.mrn === holder?.mrn);
      await database.prisma.$executeRaw`UPDATE "PatientSummary" SET "maxDaysOverdue" = ${row?.maxOverdue ?? 0}
        WHERE "patientId" = ${holder?.patientId}::uuid`;
    }
  });

  it('reads a first page by days overdue within the kept range, and again without it when the summary changed in between', async () => {
    // The database as queryOverview sees it, noting each bounded page statement and able to write
    // just before one runs: another clinician's change landing between the kept read and the page.
    const bounded: string[] = [];
    let beforeBounded: (() => Promise<unknown>) | undefined;
    const db = new Proxy(database.prisma, {
      get(target, property) {
        // A page is read through $queryRawUnsafe here: the proxy is not a client with a pool of its own (pageRows).
        if (property === '$queryRawUnsafe')
          return async (text: string, ...values: unknown[]) => {
            if (text.includes('FROM "CohortSummaryVersion") =')) {
              bounded.push(text);
              const write = beforeBounded;
              beforeBounded = undefined;
              await write?.();
            }
            return target.$queryRawUnsafe(text, ...values);
          };
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const firstPage = () =>
      queryOverview(db, {
        filters: { flagCodes: ['EDSS_OVERDUE'] },
        sort: { column: 'daysOverdue', direction: 'asc' },
        limit: 5,
      });
    const want = sorted(
      expected.filter((r) => r.codes.has('EDSS_OVERDUE')),
      SORT_KEYS.daysOverdue ?? [],
      false,
    );
    await firstPage();
    bounded.length = 0;
    expect((await firstPage()).items.map((item) => item.mrn)).toEqual(want.slice(0, 5));
    expect(bounded, 'the kept range bounded the page').toHaveLength(1);
    // The last of the code's patients in this order becomes the least overdue of all, in between.
    const last = expected.find((r) => r.mrn === want.at(-1)) as Expected;
    beforeBounded = () =>
      database.prisma.$executeRaw`UPDATE "PatientSummary" SET "maxDaysOverdue" = 0 WHERE mrn = ${last.mrn}`;
    try {
      bounded.length = 0;
      const page = await firstPage();
      expect(bounded, 'the page was first read with the old range').toHaveLength(1);
      expect(page.items[0]?.mrn).toBe(last.mrn);
    } finally {
      await database.prisma
        .$executeRaw`UPDATE "PatientSummary" SET "maxDaysOverdue" = ${last.maxOverdue} WHERE mrn = ${last.mrn}`;
    }
  });

  it('combines filters with a sort and searches names and MRNs, every word', async () => {
    const target = expected[5] as Expected;
    const byName = await allPages({ search: `${target.name[1].toLowerCase()} ${target.name[0].toUpperCase()}` });
    expect(byName.mrns).toContain(target.mrn);
    for (const mrn of byName.mrns) {
      const row = expected.find((r) => r.mrn === mrn) as Expected;
      expect(`${row.name[0]} ${row.name[1]}`.toLowerCase()).toContain(target.name[0].toLowerCase());
    }
    expect((await allPages({ search: target.mrn })).mrns).toEqual([target.mrn]);
    expect((await allPages({ search: '%' })).total).toBe(0);
    const combined = await allPages({
      aqp4Status: ['positive'],
      severity: 'warning',
      sort: { column: 'arr', direction: 'desc' },
    });
    expect(combined.mrns).toEqual(
      sorted(
        expected.filter((r) => r.aqp4Status === 'positive' && r.worstRank <= 1),
        SORT_KEYS.arr ?? [],
        true,
      ),
    );
  });

  it('returns the row a clinician reads', async () => {
    const page = await clinician.cohort.overview({ search: (expected[0] as Expected).mrn });
    const row = page.items[0];
    const want = expected[0] as Expected;
    expect(row).toMatchObject({
      mrn: want.mrn,
      familyName: want.name[0],
      givenName: want.name[1],
      age: want.age,
      aqp4Status: want.aqp4Status,
      currentTherapies: want.therapies,
      annualizedRelapseRate: want.arr,
      attackCount: want.attacks,
      openFlagCount: want.flagCount,
      maxDaysOverdue: want.maxOverdue,
      lastVisitDate: want.lastVisit,
    });
    expect(row?.lastEdss?.score ?? null).toBe(want.lastEdss);
    expect(new Set(row?.openFlags.map((chip) => chip.code))).toEqual(want.codes);
  });

  it('rejects bad filters, naming the field', async () => {
    expect(await failure(clinician.cohort.overview({ edssMin: 5, edssMax: 3 }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['edssMax'],
    });
    expect(await failure(clinician.cohort.overview({ flagCodes: ['NOT_A_FLAG' as never] }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['flagCodes[0]'],
    });
    expect(await failure(clinician.cohort.overview({ limit: 0 }))).toMatchObject({ fields: ['limit'] });
    expect(await failure(clinician.cohort.overview({ unknown: 1 } as never))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await failure(
        clinician.cohort.overview({ cursor: 'bm90IGEgY3Vyc29y', sort: { column: 'mrn', direction: 'asc' } }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: ['cursor'] });
    const first = await clinician.cohort.overview({ limit: 5, sort: { column: 'arr', direction: 'asc' } });
    expect(
      await failure(
        clinician.cohort.overview({ cursor: first.nextCursor ?? '', sort: { column: 'age', direction: 'asc' } }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: ['cursor'] });
  });
});

describe('cohort.worklist and cohort.stats', () => {
  it('lists every patient with open flags once, each with all of them (the order: worklist.test.ts)', async () => {
    const flagged = expected.filter((r) => r.flagCount > 0);
    const seen: string[] = [];
    const pages = await everyPage((cursor) => clinician.cohort.worklist({ limit: 40, ...(cursor ? { cursor } : {}) }));
    for (const page of pages) {
      expect(page.total).toBe(flagged.length);
      for (const item of page.items) {
        expect(item.flags.length).toBe(item.openFlagCount);
        for (const flag of item.flags) expect(flag.message.length && flag.source.length).toBeTruthy();
      }
      seen.push(...page.items.map((item) => item.mrn));
    }
    expect([...seen].sort()).toEqual(flagged.map((r) => r.mrn).sort());
  });

  it('counts by flag, therapy and serostatus, with the ARR distribution, exactly for clinicians', async () => {
    const stats = await clinician.cohort.stats();
    expect(stats.privacy).toBeNull();
    expect(stats.patients).toBe(expected.length);
    expect(stats.flagged).toBe(expected.filter((r) => r.flagCount > 0).length);
    expect(stats.byFlag.BREAKTHROUGH_RELAPSE).toBe(expected.filter((r) => r.codes.has('BREAKTHROUGH_RELAPSE')).length);
    expect(stats.byTherapy.none ?? 0).toBe(expected.filter((r) => r.therapies.length === 0).length);
    expect(stats.byTherapy.rituximab ?? 0).toBe(expected.filter((r) => r.therapies.includes('rituximab')).length);
    expect(stats.byAqp4Status.positive).toBe(expected.filter((r) => r.aqp4Status === 'positive').length);
    const rates = expected.map((r) => r.arr).filter((a): a is number => a !== null);
    expect(stats.annualizedRelapseRate.patientsWithFollowUp).toBe(rates.length);
    expect(stats.annualizedRelapseRate.histogram.reduce((n, bin) => n + bin.count, 0)).toBe(rates.length);
    expect(stats.annualizedRelapseRate.histogram[0]?.count).toBe(rates.filter((a) => a < 0.25).length);
    const median = [...rates].sort((a, b) => a - b);
    const mid = (median.length - 1) / 2;
    expect(stats.annualizedRelapseRate.median).toBeCloseTo(
      ((median[Math.floor(mid)] ?? 0) + (median[Math.ceil(mid)] ?? 0)) / 2,
      10,
    );
    const filtered = await clinician.cohort.stats({ aqp4Status: ['positive'] });
    expect(filtered.patients).toBe(stats.byAqp4Status.positive);
  });
});
