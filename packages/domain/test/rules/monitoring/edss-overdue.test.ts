import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { edssOverdueRule } from '../../../src/rules/monitoring/edss-overdue.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { attack, codes, flagHead, patientWith, run } from '../helpers.ts';
import { lifecycle, openAsOf, openFlags, yearlyExamEpisodes } from './lifecycle.ts';

const edss = (date: string, score = 3.5): TimelineEvent => ({ type: 'edss', date, score });

describe('EDSS_OVERDUE', () => {
  // Last EDSS 2023-01-10 + 365 days = due by 2024-01-10; overdue from 2024-01-11.
  it.each([
    ['2023-06-01', []],
    ['2024-01-09', []],
    ['2024-01-10', []],
    ['2024-01-11', ['EDSS_OVERDUE']],
    ['2024-03-01', ['EDSS_OVERDUE']],
  ])('last EDSS 2023-01-10, as of %s: %j', openAsOf(edssOverdueRule, patientWith([edss('2023-01-10')]), '2024-01-10'));

  it('says when it was due, by how much it is late, and why', () => {
    const [flag] = run(edssOverdueRule, patientWith([edss('2023-01-10', 4)]), '2024-01-11');
    expect(flag).toMatchObject({
      ...flagHead('EDSS_OVERDUE', 'warning', '2024-01-10', 'open'),
      source: SOURCES.edssMonitoring,
      details: {
        lastDate: '2023-01-10',
        lastScore: 4,
        countedFrom: '2023-01-10',
        countedFromKind: 'last_record',
        dueDate: '2024-01-10',
        daysOverdue: 1,
        intervalDays: 365,
      },
      message:
        "Last EDSS on 2023-01-10 (score 4), 366 days ago; the clinic's EDSS interval is 365 days, so the next was due by 2024-01-10 and is 1 day overdue.",
    });
  });

  it('uses the latest EDSS whatever the input order, and ignores assessments after as-of', () => {
    const patient = patientWith([edss('2023-06-01'), edss('2022-01-01'), edss('2024-09-01')]);
    // The gap from 2022-01-01 to 2023-06-01 is history: resolved by the EDSS of 2023-06-01.
    const history = '2023-01-01 resolved 2023-06-01: EDSS recorded on 2023-06-01';
    // 2024 is a leap year: 2023-06-01 + 365 days is 2024-05-31.
    expect(lifecycle(run(edssOverdueRule, patient, '2024-05-31'))).toEqual([history]);
    const flags = run(edssOverdueRule, patient, '2024-06-02');
    expect(lifecycle(flags)).toEqual([history, '2024-05-31 open']);
    expect(openFlags(flags)[0]?.details).toMatchObject({
      lastDate: '2023-06-01',
      dueDate: '2024-05-31',
      daysOverdue: 2,
    });
    expect(lifecycle(run(edssOverdueRule, patient, '2024-09-01'))).toEqual([
      history,
      '2024-05-31 resolved 2024-09-01: EDSS recorded on 2024-09-01',
    ]);
    expect(openFlags(run(edssOverdueRule, patientWith([...patient.events].reverse()), '2024-09-01'))).toEqual([]);
  });

  it.each([
    [
      { firstAttackDate: '2021-06-01', diagnosisDate: '2022-03-01' },
      [attack('2021-09-01')],
      '2021-06-01',
      'first_attack_date',
      'first attack',
    ],
    [
      { firstAttackDate: '2021-06-01', diagnosisDate: '2021-02-01' },
      [attack('2021-09-01')],
      '2021-02-01',
      'diagnosis_date',
      'diagnosis',
    ],
    [
      { firstAttackDate: null, diagnosisDate: '2022-03-01' },
      [attack('2021-09-01')],
      '2021-09-01',
      'first_recorded_attack',
      'first recorded attack',
    ],
    [{}, [attack('2021-09-01'), attack('2021-12-01')], '2021-09-01', 'first_recorded_attack', 'first recorded attack'],
  ])('with no EDSS, counts from the start of care (%j)', (fields, events, from, kind, label) => {
    const flags = run(edssOverdueRule, patientWith(events, fields), '2023-06-01');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.status).toBe('open');
    expect(flags[0]?.details).toMatchObject({
      lastDate: null,
      lastScore: null,
      countedFrom: from,
      countedFromKind: kind,
    });
    expect(flags[0]?.message).toContain(`No EDSS recorded since the start of care on ${from} (${label})`);
    expect(flags[0]?.message).toContain('so one was due by');
  });

  it.each([
    ['2022-03-01', []],
    ['2022-03-02', ['EDSS_OVERDUE']],
  ])('no EDSS, diagnosis 2021-03-01, as of %s: %j', (asOf, expected) => {
    expect(codes(run(edssOverdueRule, patientWith([], { diagnosisDate: '2021-03-01' }), asOf))).toEqual(expected);
  });

  it('does not flag without any EDSS or start of care', () => {
    expect(run(edssOverdueRule, patientWith([]), '2024-01-01')).toEqual([]);
    expect(run(edssOverdueRule, patientWith([], { firstAttackDate: null, diagnosisDate: null }), '2024-01-01')).toEqual(
      [],
    );
  });

  it('ignores a start of care not yet known on as-of (dates after it)', () => {
    const patient = patientWith([attack('2025-02-01')], { diagnosisDate: '2025-01-01', firstAttackDate: '2024-12-01' });
    expect(run(edssOverdueRule, patient, '2024-11-30')).toEqual([]);
    // The first-attack date is known, the later diagnosis and attack are not yet.
    const [flag] = run(
      edssOverdueRule,
      patientWith([], { diagnosisDate: '2026-01-01', firstAttackDate: '2024-01-01' }),
      '2025-06-01',
    );
    expect(flag?.details).toMatchObject({ countedFrom: '2024-01-01', countedFromKind: 'first_attack_date' });
  });

  it.each([
    [180, '2023-07-09', []],
    [180, '2023-07-10', ['EDSS_OVERDUE']],
    [730, '2024-06-01', []],
  ])('with the interval set to %i days, as of %s: %j', (edssIntervalDays, asOf, expected) => {
    const flags = run(edssOverdueRule, patientWith([edss('2023-01-10')]), asOf, { monitoring: { edssIntervalDays } });
    expect(codes(flags)).toEqual(expected);
    for (const flag of flags) expect(flag.details.intervalDays).toBe(edssIntervalDays);
  });

  describe('lifecycle: every gap past its due day is an episode, resolved by the next EDSS', () => {
    // EDSS 2021-01-10 (due by 2022-01-10), next 2023-04-02 (due by 2024-04-01, 2024 being a leap year).
    const patient = patientWith([edss('2021-01-10'), edss('2023-04-02', 4)]);
    const first = '2022-01-10 resolved 2023-04-02: EDSS recorded on 2023-04-02';
    it.each(yearlyExamEpisodes(first))('as of %s: %j', (asOf, expected) => {
      expect(lifecycle(run(edssOverdueRule, patient, asOf))).toEqual(expected);
    });

    it('the open flag and the resolved episode are the same flag (date, details) with a status', () => {
      const [open] = run(edssOverdueRule, patient, '2023-04-01');
      const [resolved] = run(edssOverdueRule, patient, '2023-04-02');
      expect(open).toMatchObject({ date: '2022-01-10', status: 'open', details: { daysOverdue: 446 } });
      expect(resolved).toMatchObject({
        code: 'EDSS_OVERDUE',
        severity: 'warning',
        date: '2022-01-10',
        source: SOURCES.edssMonitoring,
        status: 'resolved',
        resolvedOn: '2023-04-02',
        resolution: 'EDSS recorded on 2023-04-02',
        details: {
          lastDate: '2021-01-10',
          lastScore: 3.5,
          countedFrom: '2021-01-10',
          countedFromKind: 'last_record',
          dueDate: '2022-01-10',
          // To the EDSS that resolved it, not to as-of.
          daysOverdue: 447,
          intervalDays: 365,
        },
        message:
          "EDSS on 2021-01-10 (score 3.5); the clinic's EDSS interval is 365 days, so the next was due by 2022-01-10 and was 447 days overdue: EDSS recorded on 2023-04-02.",
      });
      expect(run(edssOverdueRule, patient, '2030-01-01')[0]).toEqual(resolved);
    });

    // The next EDSS on the due day was on time; the day after, it ends a one-day episode.
    it.each([
      ['2024-01-09', []],
      ['2024-01-10', []],
      ['2024-01-11', ['2024-01-10 resolved 2024-01-11: EDSS recorded on 2024-01-11']],
    ])('next EDSS on %s: %j', (next, expected) => {
      const flags = run(edssOverdueRule, patientWith([edss('2023-01-10'), edss(next)]), '2024-06-01');
      expect(lifecycle(flags)).toEqual(expected);
      if (flags[0]) expect(flags[0].details.daysOverdue).toBe(1);
    });

    it('counts the first gap from the start of care', () => {
      const flags = run(
        edssOverdueRule,
        patientWith([edss('2023-04-02')], { diagnosisDate: '2021-03-01' }),
        '2023-06-01',
      );
      expect(lifecycle(flags)).toEqual(['2022-03-01 resolved 2023-04-02: EDSS recorded on 2023-04-02']);
      expect(flags[0]?.details).toMatchObject({
        lastDate: null,
        lastScore: null,
        countedFromKind: 'diagnosis_date',
        daysOverdue: 397,
      });
      expect(flags[0]?.message).toBe(
        "No EDSS recorded since the start of care on 2021-03-01 (diagnosis); the clinic's EDSS interval is 365 days, so one was due by 2022-03-01 and was 397 days overdue: EDSS recorded on 2023-04-02.",
      );
    });

    it('a start of care after the first EDSS is not an anchor', () => {
      const patient = patientWith([edss('2020-01-01'), edss('2020-12-01')], { diagnosisDate: '2020-06-01' });
      expect(run(edssOverdueRule, patient, '2021-12-01')).toEqual([]);
      expect(lifecycle(run(edssOverdueRule, patient, '2021-12-02'))).toEqual(['2021-12-01 open']);
    });

    it('follows the interval setting in history too', () => {
      const flags = run(edssOverdueRule, patient, '2023-06-01', { monitoring: { edssIntervalDays: 180 } });
      // 2021-01-10 + 180 = 2021-07-09.
      expect(lifecycle(flags)).toEqual(['2021-07-09 resolved 2023-04-02: EDSS recorded on 2023-04-02']);
      expect(flags[0]?.details.intervalDays).toBe(180);
    });
  });
});
