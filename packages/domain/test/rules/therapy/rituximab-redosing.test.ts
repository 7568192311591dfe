import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { rituximabRedosingRule } from '../../../src/rules/therapy/rituximab-redosing.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { lab, therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved, statuses } from './lifecycle.ts';

const rule = rituximabRedosingRule;
const CODE = ['RITUXIMAB_REDOSING_DUE'];
const START = '2023-01-02';
const LAST = '2023-01-16';
/** Induction 1000 mg twice, 2 weeks apart: the last infusion is LAST. */
const rituximab = therapy('rituximab', START, { doses: [START, LAST], schedule: 'every_6_months' });
/** The open flags: the current episode (history episodes are resolved). */
const current = (flags: Flag[]) => flags.filter((flag) => flag.status === 'open');

describe('RITUXIMAB_REDOSING_DUE by time (b)', () => {
  it.each([
    ['day 182', 182, false],
    ['day 183 (the interval)', 183, false],
    ['day 184', 184, true],
    ['day 400', 400, true],
  ])('no count, %s after the last infusion', (_label, days, flagged) => {
    const flags = run(rule, patientWith([rituximab]), addDays(LAST, days));
    expectOpenWhen(flags, flagged, CODE);
  });

  it('is a warning dated at the first overdue day, with the last infusion and days since', () => {
    const [flag] = run(rule, patientWith([rituximab]), addDays(LAST, 190));
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: addDays(LAST, 184),
      source: SOURCES.rituximabRedosing,
      details: {
        reason: 'interval_elapsed',
        lastInfusion: LAST,
        daysSince: 190,
        redosingIntervalDays: 183,
        countValidDays: 60,
        schedule: 'every_6_months',
      },
      message:
        'Rituximab: last infusion on 2023-01-16, 190 days ago (redosing interval 183 days), and no B-cell count since then, so no recent count shows continued B-cell depletion: redosing is due since 2023-07-19.',
    });
  });

  it.each([
    ['a depleted CD19 count 60 days before as-of', [lab('2023-05-21', 'cd19_percent', 0.05)], false],
    ['a CD19 count exactly at the threshold', [lab('2023-07-01', 'cd19_percent', 0.1)], false],
    ['a depleted memory-B count only', [lab('2023-07-01', 'cd27_memory_b_percent', 0.01)], false],
    ['a depleted CD19 count 61 days before as-of', [lab('2023-05-20', 'cd19_percent', 0.05)], true],
    ['a count on the infusion day', [lab(LAST, 'cd19_percent', 0.0)], true],
    ['a count before the last infusion', [lab('2023-01-10', 'cd19_percent', 0.0)], true],
    ['a count without a value', [lab('2023-07-01', 'cd19_percent', undefined, '%', 'normal')], true],
    ['an absolute CD19 count (not a percentage)', [lab('2023-07-01', 'cd19_absolute', 0)], true],
  ])('as of day 184 with %s', (_label, labs, flagged) => {
    const flags = run(rule, patientWith([rituximab, ...labs]), '2023-07-20');
    expectOpenWhen(flags, flagged, CODE);
  });

  it('names a stale count in the message', () => {
    const patient = patientWith([
      rituximab,
      lab('2023-03-01', 'cd19_percent', 0.02, '%'),
      lab('2023-04-01', 'cd27_memory_b_percent', 0.01, '%'),
    ]);
    const [flag] = run(rule, patient, '2023-08-01');
    expect(flag?.message).toContain(
      'and the last B-cell count (memory B cells (CD19+CD27+) 0.01% on 2023-04-01) is older than 60 days, so no recent count',
    );
  });

  it('CD19-guided patients (as_needed) are deferred by a recent depleted count, not by the schedule', () => {
    const guided = therapy('rituximab', START, { doses: [START, LAST], schedule: 'as_needed' });
    const asOf = addDays(LAST, 300);
    expect(run(rule, patientWith([guided, lab(addDays(asOf, -30), 'cd19_percent', 0.01)]), asOf)).toEqual([]);
    const [flag] = run(rule, patientWith([guided]), asOf);
    expect(flag?.details).toMatchObject({ schedule: 'as_needed', daysSince: 300 });
    expect(flag?.status).toBe('open');
  });

  it('without recorded infusions the course start is the last dose', () => {
    const bare = therapy('rituximab', START);
    expect(run(rule, patientWith([bare]), addDays(START, 183))).toEqual([]);
    const [flag] = run(rule, patientWith([bare]), addDays(START, 184));
    expect(flag?.details.lastInfusion).toBe(START);
    expect(flag?.message).toContain('no infusion recorded since the course start on 2023-01-02, 184 days ago');
  });

  it('infusions after as-of are not seen; a redose restarts the clock', () => {
    const redosed = therapy('rituximab', START, { doses: [START, LAST, '2023-07-10'] });
    expect(codes(run(rule, patientWith([redosed]), '2023-07-09'))).toEqual([]);
    expect(codes(run(rule, patientWith([redosed]), addDays(LAST, 184)))).toEqual([]);
    expect(codes(run(rule, patientWith([redosed]), addDays('2023-07-10', 184)))).toEqual(CODE);
    // The redose came 175 days after the last infusion, before it was due: no history episode.
    expect(statuses(run(rule, patientWith([redosed]), addDays('2023-07-10', 184)))).toEqual(['open']);
  });

  it.each([
    [{ redosingIntervalDays: 365 }, addDays(LAST, 365), false],
    [{ redosingIntervalDays: 365 }, addDays(LAST, 366), true],
    [{ redosingIntervalDays: 90 }, addDays(LAST, 91), true],
  ])('settings %o as of %s', (rituximabSettings, asOf, flagged) => {
    expect(codes(run(rule, patientWith([rituximab]), asOf, { rituximab: rituximabSettings }))).toEqual(
      flagged ? CODE : [],
    );
  });

  it('countValidDays decides whether a count is recent', () => {
    const patient = patientWith([rituximab, lab('2023-05-01', 'cd19_percent', 0.05)]);
    expect(codes(run(rule, patient, '2023-07-20'))).toEqual(CODE);
    expect(run(rule, patient, '2023-07-20', { rituximab: { countValidDays: 80 } })).toEqual([]);
  });

  it('raises nothing for a stopped course, another agent or no therapy', () => {
    const stopped = therapy('rituximab', START, { doses: [START, LAST], stopDate: '2023-03-01' });
    expect(run(rule, patientWith([stopped]), '2024-01-01')).toEqual([]);
    expect(run(rule, patientWith([therapy('ocrelizumab', START)]), '2024-01-01')).toEqual([]);
    expect(run(rule, patientWith([]), '2024-01-01')).toEqual([]);
  });
});

describe('RITUXIMAB_REDOSING_DUE by B-cell return (a)', () => {
  const asOf = '2023-06-01';

  it.each([
    [0.1, false],
    [0.11, true],
    [2.5, true],
  ])('CD19 %f%% before the interval', (value, flagged) => {
    expect(codes(run(rule, patientWith([rituximab, lab('2023-05-15', 'cd19_percent', value, '%')]), asOf))).toEqual(
      flagged ? CODE : [],
    );
  });

  it('is dated at the lab and gives value and threshold', () => {
    const [flag] = run(rule, patientWith([rituximab, lab('2023-05-15', 'cd19_percent', 0.35, '%')]), asOf);
    expect(flag).toMatchObject({
      severity: 'warning',
      status: 'open',
      date: '2023-05-15',
      details: {
        reason: 'b_cells_returned',
        lastInfusion: LAST,
        daysSince: 136,
        counts: [{ test: 'cd19_percent', date: '2023-05-15', value: 0.35, threshold: 0.1 }],
      },
      message:
        'Rituximab: CD19+ B cells 0.35% of lymphocytes on 2023-05-15 (above 0.1%), last infusion on 2023-01-16: B cells are returning, and the B-cell-guided protocol redoses when they do.',
    });
  });

  it('the latest count decides: a later depleted count closes the episode of an earlier raised one', () => {
    const events = [rituximab, lab('2023-05-01', 'cd19_percent', 0.4), lab('2023-05-20', 'cd19_percent', 0.05)];
    const closed = [resolved('2023-05-01', '2023-05-20', 'B-cell count at or below threshold on 2023-05-20')];
    expect(lifecycles(run(rule, patientWith(events), asOf))).toEqual(closed);
    expect(run(rule, patientWith([...events].reverse()), asOf)).toEqual(run(rule, patientWith(events), asOf));
  });

  it('ignores a count on the last infusion day', () => {
    expect(run(rule, patientWith([rituximab, lab(LAST, 'cd19_percent', 5)]), '2023-02-01')).toEqual([]);
  });

  describe('a raised count stays flagged until a redose or a later count at or below threshold', () => {
    const RAISED = '2023-04-01'; // CD19 5% of lymphocytes, 75 days after the last infusion
    const raised = lab(RAISED, 'cd19_percent', 5);

    it.each([
      ['the day before the count', '2023-03-31', []],
      ['on the count', RAISED, [opened(RAISED)]],
      ['60 days later (countValidDays)', addDays(RAISED, 60), [opened(RAISED)]],
      ['61 days later', addDays(RAISED, 61), [opened(RAISED)]],
      ['two years later', addDays(RAISED, 730), [opened(RAISED)]],
    ])('no redose, no later count: as of %s', (_label, asOfDate, expected) => {
      expect(lifecycles(run(rule, patientWith([rituximab, raised]), asOfDate))).toEqual(expected);
    });

    it.each([
      ['the day before the depleted count', '2023-08-09', [opened(RAISED)]],
      [
        'on the depleted count',
        '2023-08-10',
        [resolved(RAISED, '2023-08-10', 'B-cell count at or below threshold on 2023-08-10')],
      ],
    ])('a CD19 count of 0.1% (at the threshold) on 2023-08-10: as of %s', (_label, asOfDate, expected) => {
      const patient = patientWith([rituximab, raised, lab('2023-08-10', 'cd19_percent', 0.1)]);
      expect(lifecycles(run(rule, patient, asOfDate))).toEqual(expected);
    });

    it.each([
      [
        'a later raised count keeps it open (dated at the first)',
        lab('2023-08-10', 'cd19_percent', 0.3),
        [opened(RAISED)],
      ],
      [
        'a depleted count of the other marker leaves it open',
        lab('2023-08-10', 'cd27_memory_b_percent', 0.01),
        [opened(RAISED)],
      ],
    ])('%s', (_label, later, expected) => {
      const flags = run(rule, patientWith([rituximab, raised, later]), '2023-09-01');
      expect(lifecycles(flags)).toEqual(expected);
      expect(flags[0]?.date).toBe(expected[0]?.date);
    });

    it('names the latest raised count and since when it has been raised', () => {
      const [flag] = run(rule, patientWith([rituximab, raised, lab('2023-08-10', 'cd19_percent', 0.3)]), '2023-09-01');
      expect(flag?.message).toContain(
        'CD19+ B cells 0.3% of lymphocytes on 2023-08-10 (above 0.1%; above it since 2023-04-01), last infusion on 2023-01-16',
      );
    });

    it('a redose resolves it; a count on the redose day belongs to the new cycle', () => {
      const redosed = therapy('rituximab', START, { doses: [START, LAST, '2023-10-01'] });
      const patient = patientWith([redosed, raised, lab('2023-10-01', 'cd19_percent', 0.02)]);
      expect(lifecycles(run(rule, patient, '2023-10-05'))).toEqual([
        resolved(RAISED, '2023-10-01', 'rituximab redosed on 2023-10-01'),
      ]);
    });

    it('after the depleted count the interval rule takes over again once that count is old', () => {
      const patient = patientWith([rituximab, raised, lab('2023-05-01', 'cd19_percent', 0.02)]);
      // Due by time from LAST + 184 (2023-07-19), but the depleted count is recent until 2023-06-30.
      expect(lifecycles(run(rule, patient, '2023-07-19'))).toEqual([
        resolved(RAISED, '2023-05-01', 'B-cell count at or below threshold on 2023-05-01'),
        opened('2023-07-19'),
      ]);
    });
  });

  it.each([
    ['day 730 after the course start (first 2 years)', 730, 0.06, true],
    ['day 730, at the first-2-years threshold', 730, 0.05, false],
    ['day 731 (later threshold)', 731, 0.06, false],
    ['day 731 above the later threshold', 731, 0.11, true],
  ])('memory B cells on %s, value %f', (_label, dayFromStart, value, flagged) => {
    const date = addDays(START, dayFromStart);
    const course = therapy('rituximab', START, { doses: [START, addDays(date, -100)] });
    const flags = run(rule, patientWith([course, lab(date, 'cd27_memory_b_percent', value)]), date);
    expect(codes(current(flags))).toEqual(flagged ? CODE : []);
    // The 2 years without an infusion before the last one are a resolved episode of the history.
    expect(statuses(flags)).toEqual(flagged ? ['resolved', 'open'] : ['resolved']);
  });

  it('memory-B message names the period; both raised: dated at the earlier lab', () => {
    const events = [
      rituximab,
      lab('2023-05-20', 'cd19_percent', 0.2),
      lab('2023-05-10', 'cd27_memory_b_percent', 0.08),
    ];
    const [flag] = run(rule, patientWith(events), asOf);
    expect(flag?.date).toBe('2023-05-10');
    expect(flag?.details.counts).toEqual([
      { test: 'cd19_percent', date: '2023-05-20', value: 0.2, threshold: 0.1 },
      { test: 'cd27_memory_b_percent', date: '2023-05-10', value: 0.08, threshold: 0.05 },
    ]);
    expect(flag?.message).toContain(
      'CD19+ B cells 0.2% of lymphocytes on 2023-05-20 (above 0.1%) and memory B cells (CD19+CD27+) 0.08% of lymphocytes on 2023-05-10 (above 0.05%, the threshold in the first 2 years of treatment)',
    );
  });

  it('memory-B threshold after 2 years is named and configurable', () => {
    const course = therapy('rituximab', '2020-01-01', { doses: ['2020-01-01', '2023-01-01'] });
    const patient = patientWith([course, lab('2023-05-01', 'cd27_memory_b_percent', 0.15)]);
    const [flag] = current(run(rule, patient, '2023-05-02'));
    expect(flag?.message).toContain('(above 0.1%, the threshold after 2 years of treatment)');
    const raised = run(rule, patient, '2023-05-02', { rituximab: { memoryBPercentThresholdLater: 0.2 } });
    expect(current(raised)).toEqual([]);
    expect(statuses(raised)).toEqual(['resolved']); // 2020-01-01 to 2023-01-01 without an infusion
  });

  it('a raised memory-B count flags even when CD19 is depleted (memory B cells return first)', () => {
    const events = [
      rituximab,
      lab('2023-05-20', 'cd19_percent', 0.02),
      lab('2023-05-20', 'cd27_memory_b_percent', 0.07),
    ];
    const [flag] = run(rule, patientWith(events), asOf);
    expect(flag?.details.counts).toEqual([
      { test: 'cd27_memory_b_percent', date: '2023-05-20', value: 0.07, threshold: 0.05 },
    ]);
  });

  it('cd19PercentThreshold override changes the outcome', () => {
    const patient = patientWith([rituximab, lab('2023-05-15', 'cd19_percent', 0.5)]);
    expect(run(rule, patient, asOf, { rituximab: { cd19PercentThreshold: 1 } })).toEqual([]);
  });

  it('one flag per active rituximab course', () => {
    const events = [rituximab, therapy('rituximab', '2023-03-01'), lab('2023-05-15', 'cd19_percent', 0.5)];
    const flags = run(rule, patientWith(events), asOf);
    expect(codes(flags)).toEqual([...CODE, ...CODE]);
    expect(statuses(flags)).toEqual(['open', 'open']);
  });
});

describe('RITUXIMAB_REDOSING_DUE lifecycle', () => {
  const DUE = '2023-07-19'; // LAST + 184, the first overdue day
  const redosedOn = (date: string) => resolved(DUE, date, `rituximab redosed on ${date}`);

  it.each([
    ['day 183', 183, []],
    ['day 184 (due)', 184, [opened(DUE)]],
    ['the day before the redose', 199, [opened(DUE)]],
    ['the day of the redose', 200, [redosedOn('2023-08-04')]],
    ['50 days after the redose', 250, [redosedOn('2023-08-04')]],
  ])('redosed on day 200: as of %s', (_label, day, expected) => {
    const course = therapy('rituximab', START, { doses: [START, LAST, '2023-08-04'] });
    expect(lifecycles(run(rule, patientWith([course]), addDays(LAST, day)))).toEqual(expected);
  });

  it.each([
    ['183 days after the last (before the due day)', 183, []],
    ['184 days after the last (on the due day: on time)', 184, []],
    ['185 days after the last (the day after the due day)', 185, [redosedOn('2023-07-20')]],
    ['200 days after the last', 200, [redosedOn('2023-08-04')]],
  ])('an earlier gap between infusions %s', (_label, gap, expected) => {
    const next = addDays(LAST, gap);
    const course = therapy('rituximab', START, { doses: [START, LAST, next] });
    expect(lifecycles(run(rule, patientWith([course]), addDays(next, 30)))).toEqual(expected);
  });

  it.each([
    ['the day before the stop', 199, [opened(DUE)]],
    ['on the stop day', 200, [resolved(DUE, '2023-08-04', 'rituximab stopped on 2023-08-04')]],
    ['a year after the stop', 565, [resolved(DUE, '2023-08-04', 'rituximab stopped on 2023-08-04')]],
  ])('stopped on day 200 without a redose: as of %s', (_label, day, expected) => {
    const course = therapy('rituximab', START, { doses: [START, LAST], stopDate: '2023-08-04' });
    expect(lifecycles(run(rule, patientWith([course]), addDays(LAST, day)))).toEqual(expected);
  });

  it('stopped on the due day: never overdue; an infusion on the stop day resolves as a redose', () => {
    const onDue = therapy('rituximab', START, { doses: [START, LAST], stopDate: DUE });
    expect(run(rule, patientWith([onDue]), '2024-01-01')).toEqual([]);
    const lastDose = therapy('rituximab', START, { doses: [START, LAST, '2023-08-04'], stopDate: '2023-08-04' });
    expect(lifecycles(run(rule, patientWith([lastDose]), '2024-01-01'))).toEqual([redosedOn('2023-08-04')]);
  });

  it.each([
    ['a depleted count 49 days before the redose defers it: no episode', '2023-08-04', []],
    ['a depleted count 99 days before the redose is stale: an episode', '2023-06-15', [redosedOn('2023-09-23')]],
  ])('redosed on day 250, %s', (_label, labDate, expected) => {
    const course = therapy('rituximab', START, { doses: [START, LAST, '2023-09-23'] });
    const patient = patientWith([course, lab(labDate, 'cd19_percent', 0.02)]);
    expect(lifecycles(run(rule, patient, '2024-01-01'))).toEqual(expected);
  });

  it.each([
    ['the day before the CD19 count', '2023-04-25', []],
    ['on the CD19 count', '2023-04-26', [opened('2023-04-26')]],
    ['the day before the redose', '2023-05-15', [opened('2023-04-26')]],
    ['on the redose', '2023-05-16', [resolved('2023-04-26', '2023-05-16', 'rituximab redosed on 2023-05-16')]],
  ])('B cells returned on day 100, redosed on day 120: as of %s', (_label, asOf, expected) => {
    const course = therapy('rituximab', START, { doses: [START, LAST, '2023-05-16'] });
    const patient = patientWith([course, lab('2023-04-26', 'cd19_percent', 0.5)]);
    expect(lifecycles(run(rule, patient, asOf))).toEqual(expected);
  });

  it('every overdue gap is history and only the current episode is open; input order irrelevant', () => {
    const course = therapy('rituximab', START, { doses: ['2024-02-01', LAST, START, '2023-08-04'] });
    const flags = run(rule, patientWith([course]), '2024-09-01');
    expect(lifecycles(flags)).toEqual([redosedOn('2023-08-04'), opened('2024-08-03')]);
    const reordered = therapy('rituximab', START, { doses: [START, '2023-08-04', LAST, '2024-02-01'] });
    expect(run(rule, patientWith([reordered]), '2024-09-01')).toEqual(flags);
  });

  it('a history episode says when redosing was due, in words that stay true', () => {
    const course = therapy('rituximab', START, { doses: [START, LAST, '2023-08-04'], schedule: 'every_6_months' });
    const [flag] = run(rule, patientWith([course]), '2024-01-01');
    expect(flag).toMatchObject({
      date: DUE,
      status: 'resolved',
      resolvedOn: '2023-08-04',
      resolution: 'rituximab redosed on 2023-08-04',
      details: {
        reason: 'interval_elapsed',
        lastInfusion: LAST,
        daysSince: 199,
        redosingIntervalDays: 183,
        countValidDays: 60,
        schedule: 'every_6_months',
      },
      message:
        'Rituximab: last infusion on 2023-01-16 (redosing interval 183 days), and no recent B-cell count showed continued B-cell depletion: redosing was due from 2023-07-19.',
    });
  });
});
