import { describe, expect, it } from 'vitest';
import type { Eye, RelapsePhenotype } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { visualExamOverdueRule } from '../../../src/rules/monitoring/visual-exam-overdue.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';

const exam = (date: string, eye: Eye = 'OD'): TimelineEvent => ({ type: 'visual', date, eye, logmar: 0.1 });
const attack = (onsetDate: string, phenotype: RelapsePhenotype = 'optic_neuritis'): TimelineEvent => ({
  type: 'relapse',
  onsetDate,
  phenotype,
  severity: 'moderate',
});
const flagFor = (events: TimelineEvent[], asOf: string, settings?: Record<string, unknown>) => {
  const flags = settings
    ? run(visualExamOverdueRule, patientWith(events), asOf, settings)
    : run(visualExamOverdueRule, patientWith(events), asOf);
  expect(flags.length).toBeLessThanOrEqual(1);
  return flags[0];
};

describe('VISUAL_EXAM_OVERDUE, regular interval', () => {
  // Last exam 2023-01-10 + 365 days = due by 2024-01-10; overdue from 2024-01-11.
  it.each([
    ['2024-01-09', []],
    ['2024-01-10', []],
    ['2024-01-11', ['VISUAL_EXAM_OVERDUE']],
  ])('last exam 2023-01-10, as of %s: %j', (asOf, expected) => {
    expect(codes(run(visualExamOverdueRule, patientWith([exam('2023-01-10')]), asOf))).toEqual(expected);
  });

  it('takes the last exam of either eye, names the eyes and says which interval applied', () => {
    const flag = flagFor([exam('2023-01-10', 'OS'), exam('2022-06-01'), exam('2023-01-10', 'OD')], '2024-01-20');
    expect(flag).toMatchObject({
      code: 'VISUAL_EXAM_OVERDUE',
      severity: 'warning',
      date: '2024-01-10',
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
    });
    expect(flag?.message).toBe(
      "Last visual exam on 2023-01-10 (OD, OS), 375 days ago; the clinic's interval is 365 days, so the next was due by 2024-01-10 and is 10 days overdue.",
    );
  });

  it('with no exam, counts from the start of care; without one, no flag', () => {
    const flag = run(visualExamOverdueRule, patientWith([], { diagnosisDate: '2022-02-01' }), '2023-02-02')[0];
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
    const flag = flagFor([exam('2023-01-01'), attack('2023-03-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) expect(flag.date).toBe('2023-06-30');
  });

  it('says the interval was shortened and by which attack', () => {
    const flag = flagFor([exam('2023-01-01', 'OS'), exam('2023-01-01', 'OD'), attack('2023-03-01')], '2023-07-01');
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
    expect(flagFor([exam('2023-01-01'), attack('2023-03-01', 'transverse_myelitis')], '2023-07-01')).toBeUndefined();
  });

  // Last exam 2023-01-01 is already older than 180 days when optic neuritis starts on 2023-12-01:
  // the exam is due by the onset day (not retroactively by 2023-06-30), overdue from 2023-12-02.
  it.each([
    ['2023-11-30', undefined],
    ['2023-12-01', undefined],
    ['2023-12-02', 1],
    ['2024-01-05', 35],
  ])('attack after the shortened interval had passed, as of %s: days overdue %s', (asOf, daysOverdue) => {
    const flag = flagFor([exam('2023-01-01'), attack('2023-12-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) {
      expect(flag.date).toBe('2023-12-01');
      expect(flag.details.intervalBasis).toBe('after_optic_neuritis');
      expect(flag.message).toContain('so an exam was due by the attack on 2023-12-01 and is');
    }
  });

  // Optic neuritis 2022-01-01: the follow-up runs to 2024-01-01 (730 days) included.
  it.each([
    ['2024-01-01', 4],
    ['2024-01-02', undefined],
  ])('follow-up window, as of %s: days overdue %s', (asOf, daysOverdue) => {
    const flag = flagFor([attack('2022-01-01'), exam('2023-07-01')], asOf);
    expect(flag?.details.daysOverdue).toBe(daysOverdue);
    if (flag) expect(flag.details.dueDate).toBe('2023-12-28');
  });

  it('a later attack does not reset the due date of an exam that was already late', () => {
    const flag = flagFor([exam('2019-08-01'), attack('2020-03-01'), attack('2021-08-01')], '2021-09-01');
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
    const flag = flagFor([attack('2020-01-01'), exam('2021-06-01'), attack(second)], asOf);
    expect(flag?.details).toMatchObject({
      dueDate,
      opticNeuritisOnsetDate: onset,
      intervalBasis: 'after_optic_neuritis',
    });
  });

  it('no flag in the gap between two follow-ups when the regular interval still runs', () => {
    expect(flagFor([attack('2020-01-01'), exam('2021-06-01'), attack('2022-01-02')], '2022-01-01')).toBeUndefined();
  });

  it('keeps the regular due date when the exam was late before the attack', () => {
    const flag = flagFor([exam('2022-01-01'), attack('2023-03-01')], '2023-04-01');
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
    const flag = flagFor([attack('2023-03-01')], '2023-08-29');
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
    expect(flagFor([exam('2023-01-01'), attack('2023-03-01')], asOf, { monitoring })?.details.daysOverdue).toBe(
      daysOverdue,
    );
  });

  it('a post-optic-neuritis interval that is not shorter changes nothing, and says so', () => {
    const settings = { monitoring: { visualIntervalAfterOpticNeuritisDays: 400 } };
    expect(flagFor([exam('2023-01-01'), attack('2023-03-01')], '2024-01-01', settings)).toBeUndefined();
    const flag = flagFor([exam('2023-01-01'), attack('2023-03-01')], '2024-01-02', settings);
    expect(flag?.details).toMatchObject({
      dueDate: '2024-01-01',
      intervalBasis: 'regular',
      intervalReason: 'the interval after optic neuritis (400 days) is not shorter than the regular interval',
    });
  });
});
