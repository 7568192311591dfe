import { SYSTEM_USER_ID } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import {
  addDays,
  DEFAULT_RULE_SETTINGS,
  EDSS_STEPS,
  type PatientTimeline,
  type TherapyAgent,
  todayInClinic,
} from '@nmo/domain';
import { importTimelineFile } from '@nmo/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportRefusal, selectExportPatients } from '../src/exports/run-export.ts';
import { recomputeFlags } from '../src/flags/recompute.ts';
import { callerAs, failure, openTestDatabase } from './support.ts';

const today = todayInClinic();
type Status = 'positive' | 'negative' | 'unknown';

/** Groups of patients sharing serostatus and current therapy; four patients are in groups under 5. */
const GROUPS: { size: number; aqp4: Status; mog: Status; therapies: TherapyAgent[] }[] = [
  { size: 12, aqp4: 'positive', mog: 'negative', therapies: ['rituximab'] },
  { size: 7, aqp4: 'negative', mog: 'negative', therapies: [] },
  { size: 6, aqp4: 'positive', mog: 'unknown', therapies: ['eculizumab'] },
  { size: 2, aqp4: 'negative', mog: 'positive', therapies: ['tocilizumab'] },
  { size: 1, aqp4: 'positive', mog: 'negative', therapies: ['oral_prednisone', 'rituximab'] },
  { size: 1, aqp4: 'unknown', mog: 'unknown', therapies: ['azathioprine'] },
];

let n = 0;
/** A patient with one attack, an EDSS and the group's therapies; every third has an overdue EDSS. */
function patient(group: (typeof GROUPS)[number]): PatientTimeline {
  n += 1;
  const onset = addDays(today, -400 - n * 37);
  return {
    mrn: `R${String(n).padStart(4, '0')}`,
    givenName: `Given${n}`,
    familyName: `Family${n}`,
    birthDate: `19${50 + n}-03-0${(n % 9) + 1}`,
    sex: n % 2 ? 'female' : 'male',
    aqp4Status: group.aqp4,
    mogStatus: group.mog,
    events: [
      { type: 'relapse', onsetDate: onset, phenotype: 'optic_neuritis', severity: 'moderate', acuteTreatments: [] },
      { type: 'edss', date: addDays(today, n % 3 === 0 ? -500 : -20), score: EDSS_STEPS[n % 8] as number },
      ...group.therapies.map((agent) => ({ type: 'therapy' as const, agent, startDate: addDays(onset, 30) })),
    ],
  };
}

const cohort = {
  format: 'nmo-timeline' as const,
  version: 1 as const,
  patients: GROUPS.flatMap((g) => Array.from({ length: g.size }, () => patient(g))),
};
const THRESHOLD = DEFAULT_RULE_SETTINGS.research.smallCellThreshold;

let database: TestDatabase;
let researcher: Awaited<ReturnType<typeof callerAs>>;
let clinician: Awaited<ReturnType<typeof callerAs>>;
beforeAll(async () => {
  database = await openTestDatabase();
  await importTimelineFile(database.prisma, cohort, { actorId: SYSTEM_USER_ID });
  await recomputeFlags(database.prisma, { asOf: today, settings: DEFAULT_RULE_SETTINGS });
  researcher = await callerAs(database.prisma, 'researcher');
  clinician = await callerAs(database.prisma, 'clinician');
}, 120_000);
afterAll(() => database.drop());

describe('what a researcher may filter on', () => {
  it.each([
    ['lastVisitFrom', { lastVisitFrom: today }],
    ['lastVisitTo', { lastVisitTo: today }],
    ['flagCodes', { flagCodes: ['EDSS_OVERDUE'] }],
    ['severity', { severity: 'warning' }],
    ['edssMin', { edssMin: 2 }],
    ['edssMax', { edssMax: 2 }],
    ['workingDiagnosis', { workingDiagnosis: ['mogad'] }],
  ] as const)('refuses %s, naming the field, and clinicians keep it', async (field, filters) => {
    const refused = await failure(researcher.cohort.stats(filters as never));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([field]);
    await expect(clinician.cohort.stats(filters as never)).resolves.toMatchObject({ privacy: null });
  });

  it('has no word search at all', async () => {
    const refused = await failure(researcher.cohort.stats({ search: 'R0001' } as never));
    expect(refused.fields).toEqual(['search']);
  });
});

describe('small groups', () => {
  it('are left out of every count, and only their total is said, suppressed when small', async () => {
    const stats = await researcher.cohort.stats();
    expect(stats.patients).toBe(25);
    expect(stats.byTherapy.rituximab).toBe(12);
    expect(stats.byTherapy.tocilizumab ?? 0).toBe(0);
    expect(stats.byTherapy.azathioprine ?? 0).toBe(0);
    expect(stats.byMogStatus.positive ?? 0).toBe(0);
    expect(stats.privacy).toEqual({ threshold: THRESHOLD, notCounted: `<${THRESHOLD}`, rounded: true });
    // The clinician sees everyone, exactly.
    const exact = await clinician.cohort.stats();
    expect(exact.patients).toBe(29);
    expect(exact.byTherapy.tocilizumab).toBe(2);
  });

  it('a filter that only small groups match counts nobody', async () => {
    const stats = await researcher.cohort.stats({ currentTherapies: ['tocilizumab'] });
    expect(stats.patients).toBe(0);
    expect(stats.flagged).toBe(0);
    expect(Object.values(stats.byFlag).every((count) => count === 0)).toBe(true);
  });

  it('counts that are not whole groups are multiples of the threshold', async () => {
    const stats = await researcher.cohort.stats();
    const exact = await clinician.cohort.stats();
    expect(exact.byFlag.EDSS_OVERDUE).toBeGreaterThan(0);
    const rounded = [
      stats.flagged,
      ...Object.values(stats.byFlag),
      ...Object.values(stats.bySeverity),
      stats.annualizedRelapseRate.patientsWithFollowUp,
      ...stats.annualizedRelapseRate.histogram.map((bin) => bin.count),
    ];
    expect(rounded.every((count) => count % THRESHOLD === 0)).toBe(true);
  });
});

/** Every published count of a stats answer, by a name that is the same across answers. */
function publishedCounts(stats: Awaited<ReturnType<typeof researcher.cohort.stats>>): Map<string, number> {
  const out = new Map<string, number>([
    ['patients', stats.patients],
    ['flagged', stats.flagged],
    ['followed', stats.annualizedRelapseRate.patientsWithFollowUp],
  ]);
  for (const [table, counts] of Object.entries({
    byFlag: stats.byFlag,
    bySeverity: stats.bySeverity,
    byTherapy: stats.byTherapy,
    byAqp4Status: stats.byAqp4Status,
    byMogStatus: stats.byMogStatus,
  }))
    for (const [key, count] of Object.entries(counts)) out.set(`${table}.${key}`, count);
  stats.annualizedRelapseRate.histogram.forEach((bin, i) => {
    out.set(`bin.${i}`, bin.count);
  });
  return out;
}

/** Every subset of the items (the empty one first). */
function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) for (const subset of [...all]) all.push([...subset, item]);
  return all;
}

describe('differencing', () => {
  it('no count of a narrower request differs from the wider one by 1 to threshold−1, for every filter a researcher can send', async () => {
    const statuses = ['positive', 'negative', 'unknown'] as const;
    const agents = ['rituximab', 'eculizumab', 'tocilizumab', 'azathioprine', 'oral_prednisone', 'none'];
    const dimensions = {
      aqp4Status: subsets(statuses),
      mogStatus: [[], ['negative'], ['positive'], ['negative', 'positive']],
      currentTherapies: [[], ...agents.map((agent) => [agent]), ['rituximab', 'eculizumab'], ['tocilizumab', 'none']],
    };
    const answers: { filters: Record<string, string[]>; counts: Map<string, number> }[] = [];
    for (const aqp4Status of dimensions.aqp4Status)
      for (const mogStatus of dimensions.mogStatus)
        for (const currentTherapies of dimensions.currentTherapies) {
          const filters = Object.fromEntries(
            Object.entries({ aqp4Status, mogStatus, currentTherapies }).filter(([, values]) => values.length > 0),
          ) as Record<string, string[]>;
          answers.push({ filters, counts: publishedCounts(await researcher.cohort.stats(filters as never)) });
        }
    // B selects a subset of A's patients when each of B's filters allows no more than A's does.
    const within = (b: Record<string, string[]>, a: Record<string, string[]>) =>
      Object.keys(dimensions).every((name) => !a[name] || (b[name]?.every((v) => a[name]?.includes(v)) ?? false));
    const leaks: string[] = [];
    let pairs = 0;
    for (const a of answers)
      for (const b of answers) {
        if (a === b || !within(b.filters, a.filters)) continue;
        pairs += 1;
        for (const [key, wide] of a.counts) {
          const difference = wide - (b.counts.get(key) ?? 0);
          if (difference > 0 && difference < THRESHOLD)
            leaks.push(`${key}: ${JSON.stringify(a.filters)} − ${JSON.stringify(b.filters)} = ${difference}`);
        }
      }
    expect(pairs).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('the same differences on exact counts would give small groups away (the test can see a leak)', async () => {
    const wide = await clinician.cohort.stats({ aqp4Status: ['negative'] });
    const narrow = await clinician.cohort.stats({ aqp4Status: ['negative'], mogStatus: ['negative'] });
    expect(wide.patients - narrow.patients).toBe(2);
  });
});

describe('researchers exports', () => {
  const actor = () => database.prisma.user.findFirstOrThrow({ where: { role: 'researcher' } });

  it('cover the same patients as the statistics, and are refused under the threshold', async () => {
    const { id } = await actor();
    const all = await selectExportPatients(database.prisma, { id, role: 'researcher' }, {});
    expect(all.patientsTotal).toBe(25);
    const refused = await selectExportPatients(
      database.prisma,
      { id, role: 'researcher' },
      { currentTherapies: ['tocilizumab'] },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ExportRefusal);
    expect((refused as ExportRefusal).status).toBe(403);
    expect((refused as ExportRefusal).message).not.toMatch(/\b[0-4] patients?\b/);
  });

  it('leave clinicians every patient', async () => {
    const { id } = await database.prisma.user.findFirstOrThrow({ where: { role: 'clinician' } });
    const all = await selectExportPatients(database.prisma, { id, role: 'clinician' }, {});
    expect(all.patientsTotal).toBe(29);
  });
});
