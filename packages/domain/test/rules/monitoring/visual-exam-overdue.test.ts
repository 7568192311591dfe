import { describe, expect, it } from 'vitest';
import type { Eye, RelapsePhenotype } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { visualExamOverdueRule } from '../../../src/rules/monitoring/visual-exam-overdue.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { attack, flagHead, patientWith, run } from '../helpers.ts';
import { lifecycle, openAsOf, openFlags } from './lifecycle.ts';

const exam = (date: string, eye: Eye = 'OD'): TimelineEvent => ({ type: 'visual', date, eye, logmar: 0.1 });
const onAttack = (onsetDate: string, phenotype: RelapsePhenotype = 'optic_neuritis') =>
  attack(onsetDate, { phenotype });
const flagsFor = (events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) =>
  settings
    ? run(visualExamOverdueRule, patientWith(events), asOf, settings)
    : run(visualExamOverdueRule, patientWith(events), asOf);
/** The open flag (at most one: only the current episode can be open), or undefined. */
const flagFor = (events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) => {
  const open = openFlags(flagsFor(events, asOf, settings));
  expect(open.length).toBeLessThanOrEqual(1);
  return open[0];
};

describe('VISUAL_EXAM_OVERDUE, regular interval', () => {
  // Last exam 2023-01-10 + 365 days = due by 2024-01-10; overdue from 2024-01-11.
  it.each([
    ['2024-01-09', []],
    ['2024-01-10', []],
    ['2024-01-11', ['VISUAL_EXAM_OVERDUE']],
  ])(
    'last exam 2023-01-10, as of %s: %j',
    openAsOf(visualExamOverdueRule, patientWith([exam('2023-01-10')]), '2024-01-10'),
  );

  it('takes the last exam of either eye, names the eyes and says which interval applied', () => {
    const flag = flagFor([exam('2023-01-10', 'OS'), exam('2022-06-01'), exam('2023-01-10', 'OD')], '2024-01-20');
    expect(flag).toMatchObject({
      ...flagHead('VISUAL_EXAM_OVERDUE', 'warning', '2024-01-10', 'open'),
      source: SOURCES.visualMonitoring,
      details: {
        lastDate: '2023-01-10',
        lastEyes: ['OD', 'OS'],
        dueDate: '2024-01-10',
        daysOverdue: 10,
        intervalDays: 365,
        intervalBasis: 'regular',
        intervalReason: 'no optic neuritis attack in the last 730 days: regular interval',
        opticNeuritisOnsetDate: null,
        regularIntervalDays: 365,
        intervalAfterOpticNeuritisDays: 180,
        opticNeuritisFollowUpDays: 730,
      },
      message:
        "Last visual exam on 2023-01-10 (OD, OS), 375 days ago; the clinic's interval is 365 days, so the next was due by 2024-01-10 and is 10 days overdue.",
    });
  });

  it('with no exam, counts from the start of care; without one, no flag', () => {
    const flag = run(visualExamOverdueRule, patientWith([], { diagnosisDate: '2022-02-01' }), '2023-02-02')[0];
    expect(flag?.status).toBe('open');
    expect(flag?.details).toMatchObject({
      lastDate: null,
      lastEyes: [],
      countedFromKind: 'diagnosis_date',
      daysOverdue: 1,
    });
    expect(flag?.message).toContain('No visual exam recorded since the start of care on 2022-02-01 (diagnosis)');
    expect(flag?.message).toContain('so one was due by 2023-02-01');
    expect(run(visualExamOverdueRule, patientWith([]), '2023-02-02')).toEqual([]);
  });

  it('follows the regular interval setting', () => {
    const settings = { monitoring: { visualIntervalDays: 90 } };
    expect(flagFor([exam('2023-01-10')], '2023-04-10', settings)).toBeUndefined();
    expect(flagFor([exam('2023-01-10')], '2023-04-11', settings)?.details.daysOverdue).toBe(1);
  });
});

describe('VISUAL_EXAM_OVERDUE after optic neuritis', () => {
  // Last exam 2023-01-01; optic neuritis 2023-03-01; shortened interval 180 days: due by 2023-06-30.
  it.each([
    ['2023-06-29', undefined],
    ['2023-06-30', undefined],
    ['2023-07-01', 1],
    ['2023-08-01', 32],
  ])('as of %s: days overdue %s', (asOf, daysOverdue) => {
    const flag = flagFor([exam('2023-01-01'), onAttack('2023-03-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) expect(flag.date).toBe('2023-06-30');
  });

  it('says the interval was shortened and by which attack', () => {
    const flag = flagFor([exam('2023-01-01', 'OS'), exam('2023-01-01', 'OD'), onAttack('2023-03-01')], '2023-07-01');
    expect(flag?.details).toMatchObject({
      intervalDays: 180,
      intervalBasis: 'after_optic_neuritis',
      intervalReason: 'optic neuritis attack on 2023-03-01: interval 180 days for 730 days after optic neuritis',
      opticNeuritisOnsetDate: '2023-03-01',
      dueDate: '2023-06-30',
    });
    expect(flag?.message).toBe(
      "Last visual exam on 2023-01-01 (OD, OS), 181 days ago; after the optic neuritis attack on 2023-03-01 the clinic's interval is 180 days instead of 365 (for 730 days), so the next was due by 2023-06-30 and is 1 day overdue.",
    );
  });

  it('other attack phenotypes do not shorten the interval', () => {
    expect(flagFor([exam('2023-01-01'), onAttack('2023-03-01', 'transverse_myelitis')], '2023-07-01')).toBeUndefined();
  });

  // Last exam 2023-01-01 is already older than 180 days when optic neuritis starts on 2023-12-01:
  // the exam is due by the onset day (not retroactively by 2023-06-30), overdue from 2023-12-02.
  it.each([
    ['2023-11-30', undefined],
    ['2023-12-01', undefined],
    ['2023-12-02', 1],
    ['2024-01-05', 35],
  ])('attack after the shortened interval had passed, as of %s: days overdue %s', (asOf, daysOverdue) => {
    const flag = flagFor([exam('2023-01-01'), onAttack('2023-12-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) {
      expect(flag.date).toBe('2023-12-01');
      expect(flag.details.intervalBasis).toBe('after_optic_neuritis');
      expect(flag.message).toContain('so an exam was due by the attack on 2023-12-01 and is');
    }
  });

  // Optic neuritis 2022-01-01: the follow-up runs to 2024-01-01 (730 days) included.
  // Before the exam of 2023-07-01 the gap from the attack (start of care) was overdue: resolved by it.
  it.each([
    ['2024-01-01', 4, '2023-12-28 open'],
    ['2024-01-02', undefined, '2023-12-28 expired 2024-01-02'],
  ])('follow-up window, as of %s: days overdue %s', (asOf, daysOverdue, current) => {
    const flag = flagFor([onAttack('2022-01-01'), exam('2023-07-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) expect(flag.details.dueDate).toBe('2023-12-28');
    expect(lifecycle(flagsFor([onAttack('2022-01-01'), exam('2023-07-01')], asOf))).toEqual([
      '2022-06-30 resolved 2023-07-01: visual exam on 2023-07-01 (OD)',
      current,
    ]);
  });

  it('a later attack does not reset the due date of an exam that was already late', () => {
    const flag = flagFor([exam('2019-08-01'), onAttack('2020-03-01'), onAttack('2021-08-01')], '2021-09-01');
    expect(flag?.details).toMatchObject({
      dueDate: '2020-03-01',
      intervalBasis: 'after_optic_neuritis',
      opticNeuritisOnsetDate: '2020-03-01',
    });
  });

  it.each([
    // The first attack's follow-up ends 2021-12-31; the next starts on 2022-01-01: no break.
    ['2022-01-01', '2022-01-10', '2021-11-28', '2020-01-01'],
    // A one-day gap (2022-01-01) when the regular interval has not run out: the new attack starts over.
    ['2022-01-02', '2022-01-10', '2022-01-02', '2022-01-02'],
    ['2022-01-02', '2021-12-31', '2021-11-28', '2020-01-01'],
  ])('follow-ups that touch or not: second attack %s, as of %s, due by %s', (second, asOf, dueDate, onset) => {
    const flag = flagFor([onAttack('2020-01-01'), exam('2021-06-01'), onAttack(second)], asOf);
    expect(flag?.details).toMatchObject({
      dueDate,
      opticNeuritisOnsetDate: onset,
      intervalBasis: 'after_optic_neuritis',
    });
  });

  it('no open flag in the gap between two follow-ups when the regular interval still runs', () => {
    const events = [onAttack('2020-01-01'), exam('2021-06-01'), onAttack('2022-01-02')];
    expect(flagFor(events, '2022-01-01')).toBeUndefined();
    // The first follow-up's stretch (from 2021-11-29) ran out on 2021-12-31: expired, and the
    // second attack's stretch is a new episode.
    expect(lifecycle(flagsFor(events, '2022-01-01')).at(-1)).toBe('2021-11-28 expired 2022-01-01');
    expect(lifecycle(flagsFor(events, '2022-01-10')).slice(-2)).toEqual([
      '2021-11-28 expired 2022-01-01',
      '2022-01-02 open',
    ]);
  });

  it('keeps the regular due date when the exam was late before the attack', () => {
    const flag = flagFor([exam('2022-01-01'), onAttack('2023-03-01')], '2023-04-01');
    expect(flag?.details).toMatchObject({
      dueDate: '2023-01-01',
      intervalDays: 365,
      intervalBasis: 'regular',
      intervalReason:
        'regular interval: the exam was already due by 2023-01-01, before the optic neuritis attack on 2023-03-01',
      opticNeuritisOnsetDate: '2023-03-01',
    });
  });

  it('with no exam, counts from the start of care, the attack included', () => {
    const flag = flagFor([onAttack('2023-03-01')], '2023-08-29');
    expect(flag?.details).toMatchObject({
      countedFromKind: 'first_recorded_attack',
      dueDate: '2023-08-28',
      intervalBasis: 'after_optic_neuritis',
    });
  });

  it.each([
    [{ visualIntervalAfterOpticNeuritisDays: 90 }, '2023-04-01', undefined],
    [{ visualIntervalAfterOpticNeuritisDays: 90 }, '2023-04-02', 1],
    // 2023-03-01 to 2023-07-01 is 122 days: in a 122-day follow-up, not in a 121-day one.
    [{ opticNeuritisFollowUpDays: 121 }, '2023-07-01', undefined],
    [{ opticNeuritisFollowUpDays: 122 }, '2023-07-01', 1],
  ])('settings %j, as of %s: days overdue %s', (monitoring, asOf, daysOverdue) => {
    expect(flagFor([exam('2023-01-01'), onAttack('2023-03-01')], asOf, { monitoring })?.details.daysOverdue).toBe(
      daysOverdue,
    );
  });

  it('a post-optic-neuritis interval that is not shorter changes nothing, and says so', () => {
    const settings = { monitoring: { visualIntervalAfterOpticNeuritisDays: 400 } };
    expect(flagFor([exam('2023-01-01'), onAttack('2023-03-01')], '2024-01-01', settings)).toBeUndefined();
    const flag = flagFor([exam('2023-01-01'), onAttack('2023-03-01')], '2024-01-02', settings);
    expect(flag?.details).toMatchObject({
      dueDate: '2024-01-01',
      intervalBasis: 'regular',
      intervalReason: 'the interval after optic neuritis (400 days) is not shorter than the regular interval',
    });
  });
});

describe('VISUAL_EXAM_OVERDUE lifecycle', () => {
  it.each([
    // Exams 2022-01-10 (due by 2023-01-10) and 2023-03-01 (due by 2024-02-29, 2024 being a leap year).
    ['2023-01-10', []],
    ['2023-01-11', ['2023-01-10 open']],
    ['2023-02-28', ['2023-01-10 open']],
    ['2023-03-01', ['2023-01-10 resolved 2023-03-01: visual exam on 2023-03-01 (OD, OS)']],
    ['2024-02-29', ['2023-01-10 resolved 2023-03-01: visual exam on 2023-03-01 (OD, OS)']],
    ['2024-03-01', ['2023-01-10 resolved 2023-03-01: visual exam on 2023-03-01 (OD, OS)', '2024-02-29 open']],
  ])('regular interval, as of %s: %j', (asOf, expected) => {
    const events = [exam('2022-01-10'), exam('2023-03-01', 'OS'), exam('2023-03-01', 'OD')];
    expect(lifecycle(flagsFor(events, asOf))).toEqual(expected);
  });

  it.each([
    ['2023-01-10', []],
    ['2023-01-11', ['2023-01-10 resolved 2023-01-11: visual exam on 2023-01-11 (OD)']],
  ])('next exam on %s: %j', (next, expected) => {
    expect(lifecycle(flagsFor([exam('2022-01-10'), exam(next)], '2023-06-01'))).toEqual(expected);
  });

  // Optic neuritis 2022-01-01, exam 2023-07-01: the shortened interval makes it due by 2023-12-28; the
  // follow-up ends 2024-01-01; the regular interval makes it due again by 2024-06-30.
  const history = '2022-06-30 resolved 2023-07-01: visual exam on 2023-07-01 (OD)';
  it.each<[string, TimelineEvent[], string[]]>([
    ['2023-12-28', [], [history]],
    ['2023-12-29', [], [history, '2023-12-28 open']],
    ['2024-01-01', [], [history, '2023-12-28 open']],
    ['2024-01-02', [], [history, '2023-12-28 expired 2024-01-02']],
    ['2024-06-30', [], [history, '2023-12-28 expired 2024-01-02']],
    ['2024-07-01', [], [history, '2023-12-28 expired 2024-01-02', '2024-06-30 open']],
    ['2024-01-01', [exam('2024-01-01')], [history, '2023-12-28 resolved 2024-01-01: visual exam on 2024-01-01 (OD)']],
    ['2024-01-02', [exam('2024-01-02')], [history, '2023-12-28 expired 2024-01-02']],
    [
      '2024-08-01',
      [exam('2024-08-01', 'OS')],
      [history, '2023-12-28 expired 2024-01-02', '2024-06-30 resolved 2024-08-01: visual exam on 2024-08-01 (OS)'],
    ],
  ])('after optic neuritis, as of %s with %j: %j', (asOf, later, expected) => {
    expect(lifecycle(flagsFor([onAttack('2022-01-01'), exam('2023-07-01'), ...later], asOf))).toEqual(expected);
  });

  it('an expired stretch says when the follow-up ended', () => {
    const flag = flagsFor([onAttack('2022-01-01'), exam('2023-07-01')], '2024-03-01')[1];
    expect(flag).toMatchObject({
      date: '2023-12-28',
      status: 'expired',
      details: {
        dueDate: '2023-12-28',
        daysOverdue: 4,
        intervalDays: 180,
        intervalBasis: 'after_optic_neuritis',
        opticNeuritisOnsetDate: '2022-01-01',
        expiredOn: '2024-01-02',
      },
      message:
        "Visual exam on 2023-07-01 (OD); after the optic neuritis attack on 2022-01-01 the clinic's interval is 180 days instead of 365 (for 730 days), so the next was due by 2023-12-28 and was 4 days overdue when the follow-up after optic neuritis ended on 2024-01-01.",
    });
  });

  it('a resolved episode after optic neuritis keeps its due date and interval, and counts to the exam', () => {
    const events = [exam('2023-01-01', 'OS'), onAttack('2023-03-01'), exam('2023-08-01', 'OS')];
    const [flag] = flagsFor(events, '2023-09-01');
    expect(flag).toMatchObject({
      date: '2023-06-30',
      status: 'resolved',
      resolvedOn: '2023-08-01',
      resolution: 'visual exam on 2023-08-01 (OS)',
      details: { dueDate: '2023-06-30', daysOverdue: 32, intervalDays: 180, intervalBasis: 'after_optic_neuritis' },
      message:
        "Visual exam on 2023-01-01 (OS); after the optic neuritis attack on 2023-03-01 the clinic's interval is 180 days instead of 365 (for 730 days), so the next was due by 2023-06-30 and was 32 days overdue: visual exam on 2023-08-01 (OS).",
    });
    // As of the day before the exam it was the same flag, open.
    expect(flagFor(events, '2023-07-31')).toMatchObject({ date: '2023-06-30', details: { daysOverdue: 31 } });
  });

  it('an exam due by the attack day and done the day after is a one-day episode', () => {
    const events = [exam('2023-01-01'), onAttack('2023-12-01'), exam('2023-12-02')];
    expect(lifecycle(flagsFor(events, '2024-01-01'))).toEqual([
      '2023-12-01 resolved 2023-12-02: visual exam on 2023-12-02 (OD)',
    ]);
    expect(flagsFor(events, '2024-01-01')[0]?.message).toContain(
      'so an exam was due by the attack on 2023-12-01 and was 1 day overdue',
    );
    expect(flagsFor([exam('2023-01-01'), onAttack('2023-12-01'), exam('2023-12-01')], '2024-01-01')).toEqual([]);
  });
});
