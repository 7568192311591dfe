import { readFile } from 'node:fs/promises';
import { Prisma } from '@nmo/db';
import type { TestDatabase } from '@nmo/db/testing';
import {
  addDays,
  calendarDateFromUtcDate,
  daysBetween,
  FLAG_ACTIONS,
  FLAG_CODES,
  type Flag,
  type FlagCode,
  SEVERITIES,
  SEVERITY_RANK,
  type Severity,
  todayInClinic,
} from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { describe, expect, it } from 'vitest';
import { sortKeySql } from '../src/cohort/worklist-key.ts';
import { hidesFlag } from '../src/flags/open-flags.ts';
import { summaryRow } from '../src/flags/summary.ts';
import { type Caller, callerAs, failure, rowCounts, useCohortDatabase } from './support.ts';

const today = todayInClinic();
const cohort = generateCohort({ patients: 90, seed: 11, asOf: today });

let database: TestDatabase;
let clinician: Caller;
useCohortDatabase(cohort, today, async (opened) => {
  database = opened;
  clinician = await callerAs(database.prisma, 'clinician');
});

/** The key of the first flag of a worklist item, as acknowledgements take it. */
const firstFlagKey = (item: { patientId: string; flags: { code: FlagCode; date: string }[] }) => ({
  patientId: item.patientId,
  code: item.flags[0]?.code as FlagCode,
  flagDate: item.flags[0]?.date as string,
});

type Filters = { flagCodes?: FlagCode[]; severity?: Severity; currentTherapies?: string[] };

interface ExpectedFlag {
  patientId: string;
  code: FlagCode;
  severity: Severity;
  date: string;
  rank: number;
  waiting: number;
}

/**
 * What the worklist should hold, computed in JavaScript from the stored rows (flags, acknowledgements
 * in force, the summary's MRN and therapies): an independent reading of docs/API.md.
 */
async function expectedWorklist(filters: Filters = {}) {
  const db = database.prisma;
  const [flags, acks, summaries] = await Promise.all([
    db.patientFlag.findMany({ where: { status: 'open' } }),
    db.flagAcknowledgement.findMany({ where: { supersededAt: null } }),
    db.patientSummary.findMany({ select: { patientId: true, mrn: true, currentTherapies: true } }),
  ]);
  const keys = acks.map((ack) => ({
    patientId: ack.patientId,
    code: ack.code,
    flagDate: calendarDateFromUtcDate(ack.flagDate),
    until: ack.until ? calendarDateFromUtcDate(ack.until) : null,
    superseded: false,
  }));
  const patients = new Map(summaries.map((s) => [s.patientId, s]));
  const therapyOk = (patientId: string) => {
    if (!filters.currentTherapies) return true;
    const on = patients.get(patientId)?.currentTherapies ?? [];
    return filters.currentTherapies.some((t) => (t === 'none' ? on.length === 0 : on.includes(t as never)));
  };
  const base: ExpectedFlag[] = flags
    .map((row) => {
      const date = calendarDateFromUtcDate(row.date);
      const overdue = (row.details as { daysOverdue?: unknown }).daysOverdue;
      return {
        patientId: row.patientId,
        code: row.code as FlagCode,
        severity: row.severity as Severity,
        date,
        rank: SEVERITY_RANK[row.severity as Severity],
        waiting:
          typeof overdue === 'number' && overdue > 0 ? Math.floor(overdue) : Math.max(0, daysBetween(date, today)),
      };
    })
    .filter((f) => patients.has(f.patientId) && therapyOk(f.patientId))
    .filter((f) => !keys.some((ack) => hidesFlag(ack, f, today)));
  const codeOk = (f: ExpectedFlag) => !filters.flagCodes || filters.flagCodes.includes(f.code);
  const severityOk = (f: ExpectedFlag) => !filters.severity || f.rank <= SEVERITY_RANK[filters.severity];
  const listed = base.filter((f) => codeOk(f) && severityOk(f));
  const flagOrder = (a: ExpectedFlag, b: ExpectedFlag) =>
    a.rank - b.rank || b.waiting - a.waiting || b.date.localeCompare(a.date) || a.code.localeCompare(b.code);
  const byPatient = new Map<string, ExpectedFlag[]>();
  for (const flag of [...listed].sort(flagOrder))
    byPatient.set(flag.patientId, [...(byPatient.get(flag.patientId) ?? []), flag]);
  const mrn = (id: string) => patients.get(id)?.mrn ?? '';
  const order = [...byPatient.entries()]
    // Patients by their most pressing flag's severity, wait and date (not its code), then MRN.
    .sort(([a, fa], [b, fb]) => {
      const x = fa[0] as ExpectedFlag;
      const y = fb[0] as ExpectedFlag;
      return x.rank - y.rank || y.waiting - x.waiting || y.date.localeCompare(x.date) || (mrn(a) < mrn(b) ? -1 : 1);
    })
    .map(([id, own]) => ({ mrn: mrn(id), flags: own.map((f) => `${f.code}@${f.date}`) }));
  const count = <K extends string>(flags: ExpectedFlag[], key: (f: ExpectedFlag) => K, all: readonly K[]) =>
    Object.fromEntries(all.map((k) => [k, flags.filter((f) => key(f) === k).length]));
  return {
    order,
    listed,
    counts: {
      patients: byPatient.size,
      flags: listed.length,
      byCode: count(base.filter(severityOk), (f) => f.code, FLAG_CODES),
      bySeverity: count(base.filter(codeOk), (f) => f.severity, SEVERITIES),
    },
  };
}

/** Every page of the worklist, following nextCursor: the patients' MRNs and their flags in order. */
async function allPages(filters: Filters, limit = 7) {
  const order: { mrn: string; flags: string[] }[] = [];
  let cursor: string | undefined;
  const counts = [];
  for (let pages = 0; pages < 200; pages++) {
    const page = await clinician.cohort.worklist({
      ...(filters as object),
      limit,
      ...(cursor ? { cursor } : {}),
    });
    counts.push({ total: page.total, counts: page.counts });
    for (const item of page.items) order.push({ mrn: item.mrn, flags: item.flags.map((f) => `${f.code}@${f.date}`) });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { order, counts };
}

/** The flag's current statuses, straight from the stored flags. */
const storedFlags = (status: 'open' | 'resolved' | 'expired') =>
  database.prisma.patientFlag.findMany({ where: { status }, orderBy: [{ patientId: 'asc' }, { date: 'asc' }] });

const keyOf = (flag: { patientId: string; code: string; date: Date }) => ({
  patientId: flag.patientId,
  code: flag.code as FlagCode,
  flagDate: calendarDateFromUtcDate(flag.date),
});

describe('the test cohort', () => {
  it('has open, resolved and expired flags, and the summary counts only the open ones', async () => {
    expect((await storedFlags('open')).length).toBeGreaterThan(50);
    expect((await storedFlags('resolved')).length).toBeGreaterThan(0);
    expect((await storedFlags('expired')).length).toBeGreaterThan(0);
    // The overview's flags column and "with open flags" read PatientSummary (cohort.overview, cohort.stats).
    const flags = await database.prisma.patientFlag.findMany();
    const summaries = await database.prisma.patientSummary.findMany();
    for (const summary of summaries) {
      const open = flags.filter((f) => f.patientId === summary.patientId && f.status === 'open');
      expect(summary.openFlagCount, summary.mrn).toBe(open.length);
      expect(new Set(summary.openFlagCodes)).toEqual(new Set(open.map((f) => f.code)));
    }
    const overview = await clinician.cohort.overview({ limit: 200 });
    const flaggedPatients = new Set((await storedFlags('open')).map((f) => f.patientId));
    for (const item of overview.items) expect(item.openFlagCount).toBe(item.openFlags.length);
    expect(overview.items.filter((item) => item.openFlagCount > 0).length).toBe(flaggedPatients.size);
    expect((await clinician.cohort.stats()).flagged).toBe(flaggedPatients.size);
    // A patient whose only flags are resolved or expired is not flagged.
    const closedOnly = summaries.find(
      (s) => flags.some((f) => f.patientId === s.patientId) && !flaggedPatients.has(s.patientId),
    );
    if (closedOnly) {
      const row = overview.items.find((item) => item.patientId === closedOnly.patientId);
      expect([row?.openFlagCount, row?.openFlags, row?.worstSeverity]).toEqual([0, [], null]);
    }
  });
});

describe('summaryRow (what the overview reads)', () => {
  it('counts open, unacknowledged flags only: not resolved, expired, acknowledged or snoozed ones', () => {
    const make = (code: FlagCode, severity: Severity, date: string, status: Flag['status']): Flag => ({
      code,
      severity,
      date,
      message: '',
      source: '',
      details: status === 'expired' ? { expiredOn: '2024-03-01', daysOverdue: 400 } : { daysOverdue: 12 },
      status,
      ...(status === 'resolved' ? { resolvedOn: '2024-02-01', resolution: 'done' } : {}),
    });
    const patient = cohort.patients[0] as (typeof cohort.patients)[number];
    const flags = [
      make('UNTREATED_RELAPSE', 'critical', '2024-01-01', 'resolved'),
      make('BREAKTHROUGH_RELAPSE', 'critical', '2023-01-01', 'expired'),
      make('MRI_OVERDUE', 'warning', '2024-05-01', 'open'),
      make('EDSS_OVERDUE', 'warning', '2024-06-01', 'open'),
      make('LOW_IGG', 'info', '2024-07-01', 'open'),
    ];
    const acks = [{ patientId: 'p', code: 'EDSS_OVERDUE', flagDate: '2024-06-01', until: null, superseded: false }];
    const metrics = {
      currentTherapies: [],
      lastEdss: null,
      annualizedRelapseRate: null,
      attackCount: 0,
    } as never;
    const row = summaryRow('p', patient, flags, acks, today, metrics);
    expect(row).toMatchObject({
      openFlagCodes: ['MRI_OVERDUE', 'LOW_IGG'],
      openFlagCount: 2,
      worstSeverityRank: 1,
      maxDaysOverdue: 12,
    });
  });
});

describe('cohort.worklist', () => {
  it('lists only open, unacknowledged flags, most severe first, then waiting longest, then newest, across pages', async () => {
    // An acknowledgement and a snooze take their flags off the list.
    const open = await storedFlags('open');
    const [first, second] = [open[0], open.at(-1)];
    if (!first || !second) throw new Error('the cohort has open flags');
    await clinician.flags.acknowledge({ ...keyOf(first), reason: 'Seen in clinic' });
    await clinician.flags.acknowledge({ ...keyOf(second), reason: 'Booked', until: addDays(today, 30) });

    const want = await expectedWorklist();
    const { order, counts } = await allPages({});
    expect(order).toEqual(want.order);
    expect(counts.every((page) => page.total === want.counts.patients)).toBe(true);
    // Nothing resolved or expired is listed (the same code and date can be open from another rule).
    const key = (patientId: string, code: string, date: string) => `${patientId}|${code}|${date}`;
    const openKeys = new Set(open.map((f) => key(f.patientId, f.code, calendarDateFromUtcDate(f.date))));
    const closed = [...(await storedFlags('resolved')), ...(await storedFlags('expired'))]
      .map((f) => key(f.patientId, f.code, calendarDateFromUtcDate(f.date)))
      .filter((k) => !openKeys.has(k));
    expect(closed.length).toBeGreaterThan(0);
    const everything = await clinician.cohort.worklist({ limit: 200 });
    expect(everything.nextCursor).toBeNull();
    const listed = everything.items.flatMap((item) => item.flags.map((f) => key(item.patientId, f.code, f.date)));
    expect(listed.filter((k) => closed.includes(k))).toEqual([]);
  });

  it('pages unfiltered through the kept key and filtered by a pass over the flags, to the same list', async () => {
    // Severity "info" or worse lists every flag: the same list, taken the other way.
    const kept = await allPages({});
    const passed = await allPages({ severity: 'info' });
    expect(kept.order.length).toBeGreaterThan(7);
    expect(kept).toEqual(passed);
    const onTherapy = await allPages({ currentTherapies: ['rituximab', 'none'] });
    expect(onTherapy.order).toEqual((await expectedWorklist({ currentTherapies: ['rituximab', 'none'] })).order);
  });

  it("keeps each summary's key as the SQL key of its most pressing open flag; the migration computes the same", async () => {
    const db = database.prisma;
    const sqlKeys = () =>
      db.$queryRaw<{ patientId: string; key: string | null }[]>(Prisma.sql`
        SELECT s."patientId", (min(${sortKeySql(today)}) FILTER (WHERE f."patientId" IS NOT NULL))::text AS "key"
        FROM "PatientSummary" s LEFT JOIN "PatientFlag" f ON f."patientId" = s."patientId" AND f."status" = 'open'
          AND NOT EXISTS (SELECT 1 FROM "FlagAcknowledgement" a WHERE a."patientId" = f."patientId"
            AND a."code" = f."code" AND a."flagDate" = f."date" AND a."supersededAt" IS NULL
            AND (a."until" IS NULL OR a."until" > ${today}::date))
        GROUP BY s."patientId" ORDER BY s."patientId"`);
    const keptKeys = async () =>
      (
        await db.patientSummary.findMany({
          select: { patientId: true, worklistKey: true },
          orderBy: { patientId: 'asc' },
        })
      ).map((s) => ({ patientId: s.patientId, key: s.worklistKey === null ? null : String(s.worklistKey) }));
    const want = await sqlKeys();
    expect(want.filter((k) => k.key !== null).length).toBeGreaterThan(10);
    expect(await keptKeys()).toEqual(want);
    const migration = await readFile(
      new URL('../../../prisma/migrations/20261130100356_kept_worklist_order/migration.sql', import.meta.url),
      'utf8',
    );
    const update = migration.slice(migration.indexOf('UPDATE "PatientSummary"'));
    await db.$executeRaw`UPDATE "PatientSummary" SET "worklistKey" = NULL`;
    await db.$executeRawUnsafe(update);
    expect(await keptKeys()).toEqual(want);
  });

  it('gives each flag in full with its next step and how long it has waited', async () => {
    const page = await clinician.cohort.worklist({ limit: 20 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.mrn).toMatch(/\S/);
      expect(item.flags.length).toBeGreaterThan(0);
      for (const flag of item.flags) {
        expect(flag.status).toBe('open');
        expect(flag.action).toBe(FLAG_ACTIONS[flag.code]);
        expect(flag.message.length && flag.source.length).toBeTruthy();
        const overdue = (flag.details as { daysOverdue?: number }).daysOverdue;
        if (typeof overdue === 'number' && overdue > 0) {
          expect(flag.daysOverdue).toBe(overdue);
          expect(flag.daysWaiting).toBe(overdue);
        } else {
          expect(flag.daysOverdue).toBeNull();
          expect(flag.daysWaiting).toBe(Math.max(0, daysBetween(flag.date, today)));
        }
      }
    }
  });

  it('counts over the whole cohort matching the filters, never the page', async () => {
    const want = await expectedWorklist();
    const small = await clinician.cohort.worklist({ limit: 3 });
    expect(small.items).toHaveLength(3);
    expect(small.counts).toEqual(want.counts);
    expect(small.total).toBe(want.counts.patients);
    expect(want.counts.patients).toBeGreaterThan(3);
    expect(Object.values(small.counts.bySeverity).reduce((a, b) => a + b, 0)).toBe(small.counts.flags);
    expect(Object.values(small.counts.byCode).reduce((a, b) => a + b, 0)).toBe(small.counts.flags);
    // The same counts on the last page.
    const { counts } = await allPages({}, 25);
    expect(counts.every((page) => JSON.stringify(page.counts) === JSON.stringify(want.counts))).toBe(true);
  });

  it('filters by code, severity and current therapy; each count by code or severity leaves its own filter out', async () => {
    const all = await expectedWorklist();
    const commonest = FLAG_CODES.filter((code) => all.counts.byCode[code]).sort(
      (a, b) => (all.counts.byCode[b] ?? 0) - (all.counts.byCode[a] ?? 0),
    );
    const [code1, code2] = commonest as [FlagCode, FlagCode];
    const cases: Filters[] = [
      { flagCodes: [code1] },
      { flagCodes: [code1, code2] },
      { severity: 'critical' },
      { severity: 'warning' },
      { currentTherapies: ['none'] },
      { currentTherapies: ['rituximab', 'azathioprine'] },
      { flagCodes: [code1], severity: 'warning', currentTherapies: ['none', 'rituximab'] },
    ];
    for (const filters of cases) {
      const want = await expectedWorklist(filters);
      expect(want.counts.flags, `${JSON.stringify(filters)} selects some flags`).toBeGreaterThan(0);
      const { order, counts } = await allPages(filters, 9);
      expect(order, JSON.stringify(filters)).toEqual(want.order);
      expect(counts[0]?.counts, JSON.stringify(filters)).toEqual(want.counts);
      expect(counts[0]?.total).toBe(want.counts.patients);
      if (filters.flagCodes) {
        // Only the chosen codes are listed; the counts by code are those without the code filter.
        expect(
          order.every((item) => item.flags.every((f) => filters.flagCodes?.includes(f.split('@')[0] as never))),
        ).toBe(true);
        const { flagCodes: _codes, ...others } = filters;
        expect(counts[0]?.counts.byCode).toEqual((await expectedWorklist(others)).counts.byCode);
      }
    }
  });

  it('refuses a cursor from another query and a malformed one, naming the field', async () => {
    const overview = await clinician.cohort.overview({ limit: 2 });
    expect(await failure(clinician.cohort.worklist({ cursor: overview.nextCursor ?? 'x' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['cursor'],
    });
    expect(await failure(clinician.cohort.worklist({ cursor: 'not base64 json' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['cursor'],
    });
    expect(await failure(clinician.cohort.worklist({ currentTherapies: ['aspirin' as never] }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['currentTherapies[0]'],
    });
  });

  it('audits the read with the patients the page showed', async () => {
    const page = await clinician.cohort.worklist({ limit: 4 });
    const read = await database.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'cohort.read.worklist' },
      orderBy: { id: 'desc' },
    });
    expect((read.details as { patientIds: string[] }).patientIds).toEqual(page.items.map((item) => item.patientId));
  });

  it('brings a page of patients whose flags date from yesterday up to date, and audits each page it read', async () => {
    const first = await clinician.cohort.worklist({ limit: 4 });
    const shown = first.items.map((item) => item.patientId);
    const yesterday = new Date(`${addDays(today, -1)}T00:00:00Z`);
    await database.prisma.patientFlagState.updateMany({
      where: { patientId: { in: shown } },
      data: { asOf: yesterday },
    });
    const lastBefore = await database.prisma.auditEvent.aggregate({ _max: { id: true } });

    const page = await clinician.cohort.worklist({ limit: 4 });

    const states = await database.prisma.patientFlagState.findMany({ where: { patientId: { in: shown } } });
    expect(states.map((state) => calendarDateFromUtcDate(state.asOf))).toEqual(shown.map(() => today));
    const reads = await database.prisma.auditEvent.findMany({
      where: { action: 'cohort.read.worklist', id: { gt: lastBefore._max.id ?? 0n } },
      orderBy: { id: 'asc' },
    });
    // The page as first read (stale), then as read again after the refresh: the one returned.
    expect(reads.map((read) => (read.details as { patientIds: string[] }).patientIds)).toEqual([
      shown,
      page.items.map((item) => item.patientId),
    ]);
  });
});

describe('flags.acknowledgeMany', () => {
  const audited = (action: string) => database.prisma.auditEvent.count({ where: { action } });

  it('acknowledges several flags with one reason: audited each, off the worklist, the counts drop', async () => {
    const before = await clinician.cohort.worklist({ limit: 50 });
    const [a, b] = before.items;
    if (!a?.flags[0] || !b?.flags[0]) throw new Error('two patients with open flags');
    const items = [a, b].map((item) => ({
      patientId: item.patientId,
      code: item.flags[0]?.code as FlagCode,
      flagDate: item.flags[0]?.date as string,
    }));
    const acknowledged = await audited('FlagAcknowledgement.acknowledge');
    const result = await clinician.flags.acknowledgeMany({ items, reason: '  Reviewed at the MDT meeting ' });
    expect(result.written).toBe(2);
    expect(result.acknowledgements.map((ack) => [ack.patientId, ack.code, ack.flagDate, ack.reason])).toEqual(
      items.map((item) => [item.patientId, item.code, item.flagDate, 'Reviewed at the MDT meeting']),
    );
    expect(await audited('FlagAcknowledgement.acknowledge')).toBe(acknowledged + 2);
    const rows = await database.prisma.auditEvent.findMany({
      where: { action: 'FlagAcknowledgement.acknowledge' },
      orderBy: { id: 'desc' },
      take: 2,
    });
    expect(rows.map((row) => row.patientId).sort()).toEqual(items.map((item) => item.patientId).sort());
    expect(rows.map((row) => row.entityId).sort()).toEqual(result.acknowledgements.map((ack) => ack.id).sort());

    const after = await clinician.cohort.worklist({ limit: 50 });
    expect(after.counts.flags).toBe(before.counts.flags - 2);
    const listed = after.items.flatMap((item) => item.flags.map((f) => `${item.patientId}|${f.code}|${f.date}`));
    for (const item of items) expect(listed).not.toContain(`${item.patientId}|${item.code}|${item.flagDate}`);
    for (const item of items) {
      const code = item.code;
      expect(after.counts.byCode[code]).toBeLessThan(before.counts.byCode[code] ?? 0);
    }
    // The overview's summary follows in the same transaction.
    const summary = await database.prisma.patientSummary.findUniqueOrThrow({ where: { patientId: a.patientId } });
    expect(summary.openFlagCount).toBe(a.openFlagCount - 1);

    // The same request again (a double click) changes nothing and returns the acknowledgements in force.
    const counts = await rowCounts(database.prisma);
    const again = await clinician.flags.acknowledgeMany({ items, reason: 'Reviewed at the MDT meeting' });
    expect(again.written).toBe(0);
    expect(again.acknowledgements.map((ack) => ack.id)).toEqual(result.acknowledgements.map((ack) => ack.id));
    expect(await rowCounts(database.prisma)).toEqual(counts);
  });

  it('snoozes until a day, audited as a snooze', async () => {
    const page = await clinician.cohort.worklist({ limit: 1 });
    const item = page.items[0];
    const flag = item?.flags[0];
    if (!item || !flag) throw new Error('an open flag');
    const snoozed = await audited('FlagAcknowledgement.snooze');
    const until = addDays(today, 14);
    const result = await clinician.flags.acknowledgeMany({
      items: [{ patientId: item.patientId, code: flag.code, flagDate: flag.date }],
      reason: 'Scan booked',
      until,
    });
    expect(result.acknowledgements[0]?.until).toBe(until);
    expect(await audited('FlagAcknowledgement.snooze')).toBe(snoozed + 1);
    expect(
      await failure(
        clinician.flags.acknowledgeMany({
          items: [{ patientId: item.patientId, code: flag.code, flagDate: flag.date }],
          reason: 'x',
          until: today,
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: ['until'] });
  });

  it('is all or nothing: an unknown flag is NOT_FOUND naming its item, and nothing is written', async () => {
    const page = await clinician.cohort.worklist({ limit: 3 });
    const items = page.items.map(firstFlagKey);
    const unknownPatient = '7d6c2a4e-1b1f-4a43-9f55-3d7c0c1e2a10';
    const counts = await rowCounts(database.prisma);
    const result = await failure(
      clinician.flags.acknowledgeMany({
        items: [
          ...items.slice(0, 2),
          { ...(items[2] as (typeof items)[number]), flagDate: '2001-02-03' },
          { patientId: unknownPatient, code: 'LOW_IGG', flagDate: '2024-01-01' },
        ],
        reason: 'Reviewed',
      }),
    );
    expect(result).toMatchObject({ code: 'NOT_FOUND', fields: ['items[2]', 'items[3]'] });
    expect(await rowCounts(database.prisma)).toEqual(counts);
  });

  it('refuses resolved and expired flags (BAD_REQUEST on their items): only open flags need closing', async () => {
    const [resolved] = await storedFlags('resolved');
    const [expired] = await storedFlags('expired');
    const page = await clinician.cohort.worklist({ limit: 1 });
    const open = page.items[0];
    if (!resolved || !expired || !open?.flags[0]) throw new Error('flags of every status');
    const counts = await rowCounts(database.prisma);
    const result = await failure(
      clinician.flags.acknowledgeMany({
        items: [
          { patientId: open.patientId, code: open.flags[0].code, flagDate: open.flags[0].date },
          keyOf(resolved),
          keyOf(expired),
        ],
        reason: 'Reviewed',
      }),
    );
    expect(result).toMatchObject({ code: 'BAD_REQUEST', fields: ['items[1]', 'items[2]'] });
    expect(await rowCounts(database.prisma)).toEqual(counts);
    // One at a time too.
    const single = await failure(clinician.flags.acknowledge({ ...keyOf(resolved), reason: 'Reviewed' }));
    expect(single.code).toBe('BAD_REQUEST');
    expect(single.message).toMatch(/resolved, not open/);
    expect(await rowCounts(database.prisma)).toEqual(counts);
  });

  it('takes the patients in id order: two overlapping batches in opposite orders both complete', async () => {
    const page = await clinician.cohort.worklist({ limit: 4 });
    const items = page.items.map(firstFlagKey);
    const other = await callerAs(database.prisma, 'clinician', 'second.clinician@test.example');
    const [one, two] = await Promise.all([
      clinician.flags.acknowledgeMany({ items, reason: 'Batch one' }),
      other.flags.acknowledgeMany({ items: [...items].reverse(), reason: 'Batch two' }),
    ]);
    expect(one.written + two.written).toBe(8);
    // One acknowledgement in force per flag: the batch that ran second.
    for (const item of items) {
      const inForce = await database.prisma.flagAcknowledgement.findMany({
        where: { patientId: item.patientId, code: item.code, supersededAt: null },
      });
      expect(inForce.filter((ack) => calendarDateFromUtcDate(ack.flagDate) === item.flagDate)).toHaveLength(1);
    }
  });
});
