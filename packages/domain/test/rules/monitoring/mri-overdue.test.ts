import { describe, expect, it } from 'vitest';
import type { MriRegion } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { mriOverdueRule } from '../../../src/rules/monitoring/mri-overdue.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { attack, codes, flagHead, patientWith, run } from '../helpers.ts';
import { lifecycle, openAsOf, openFlags, yearlyExamEpisodes } from './lifecycle.ts';

const mri = (date: string, region: MriRegion = 'brain'): TimelineEvent => ({ type: 'mri', date, region });
const severeAttack = (onsetDate: string, phenotype: 'optic_neuritis' | 'transverse_myelitis' = 'transverse_myelitis') =>
  attack(onsetDate, { phenotype, severity: 'severe' });
const byReason = (flags: Flag[], reason: string) => flags.filter((f) => f.details.reason === reason);

describe('MRI_OVERDUE, interval', () => {
  // Last MRI 2023-01-10 + 365 days = due by 2024-01-10; overdue from 2024-01-11.
  it.each([
    ['2024-01-09', []],
    ['2024-01-10', []],
    ['2024-01-11', ['MRI_OVERDUE']],
  ])('last MRI 2023-01-10, as of %s: %j', openAsOf(mriOverdueRule, patientWith([mri('2023-01-10')]), '2024-01-10'));

  it('takes the last MRI of any region and names the regions of that day', () => {
    const patient = patientWith([mri('2023-01-10', 'spinal_cord'), mri('2022-05-01'), mri('2023-01-10', 'brain')]);
    const [flag] = run(mriOverdueRule, patient, '2024-02-01');
    expect(flag).toMatchObject({
      ...flagHead('MRI_OVERDUE', 'warning', '2024-01-10', 'open'),
      source: SOURCES.mriMonitoring,
      details: {
        reason: 'interval',
        lastDate: '2023-01-10',
        lastRegions: ['brain', 'spinal_cord'],
        dueDate: '2024-01-10',
        daysOverdue: 22,
        intervalDays: 365,
      },
      message:
        "Last MRI on 2023-01-10 (brain, spinal cord), 387 days ago; the clinic's MRI interval is 365 days, so the next was due by 2024-01-10 and is 22 days overdue.",
    });
  });

  it('with no MRI, counts from the start of care, and stays silent without one', () => {
    const [flag] = run(mriOverdueRule, patientWith([], { diagnosisDate: '2022-01-01' }), '2023-01-02');
    expect(flag?.status).toBe('open');
    expect(flag?.details).toMatchObject({
      reason: 'interval',
      lastDate: null,
      lastRegions: [],
      countedFromKind: 'diagnosis_date',
      daysOverdue: 1,
    });
    expect(flag?.message).toContain('No MRI recorded since the start of care on 2022-01-01 (diagnosis)');
    expect(run(mriOverdueRule, patientWith([], { diagnosisDate: '2022-01-01' }), '2023-01-01')).toEqual([]);
    expect(run(mriOverdueRule, patientWith([]), '2023-01-01')).toEqual([]);
  });

  it('follows the interval setting', () => {
    const patient = patientWith([mri('2023-01-10')]);
    expect(codes(run(mriOverdueRule, patient, '2023-07-10', { monitoring: { mriIntervalDays: 180 } }))).toEqual([
      'MRI_OVERDUE',
    ]);
    expect(run(mriOverdueRule, patient, '2023-07-09', { monitoring: { mriIntervalDays: 180 } })).toEqual([]);
  });
});

describe('MRI_OVERDUE, attack without MRI', () => {
  // Onset 2024-03-02 (leap year), window 30 days: MRI expected from the onset day to 2024-04-01. An
  // MRI before the onset does not show the attack and does not count.
  it.each([
    ['no MRI, as of the window end', [], '2024-04-01', 0, []],
    ['no MRI, the day after the window', [], '2024-04-02', 1, ['open']],
    ['MRI 30 days before onset', [mri('2024-02-01')], '2024-05-01', 1, ['open']],
    ['MRI the day before onset', [mri('2024-03-01')], '2024-05-01', 1, ['open']],
    ['MRI on the onset day', [mri('2024-03-02', 'spinal_cord')], '2024-05-01', 0, []],
    ['MRI the day after onset', [mri('2024-03-03')], '2024-05-01', 0, []],
    ['MRI on the last day of the window', [mri('2024-04-01')], '2024-05-01', 0, []],
    ['MRI the day after the window', [mri('2024-04-02')], '2024-05-01', 1, ['resolved']],
    ['MRI after the as-of date only', [mri('2024-03-10')], '2024-03-05', 0, []],
  ])('%s: %i flag(s)', (_, exams, asOf, count, statuses) => {
    const flags = run(mriOverdueRule, patientWith([severeAttack('2024-03-02'), ...exams]), asOf);
    expect(byReason(flags, 'attack_without_mri')).toHaveLength(count);
    expect(byReason(flags, 'attack_without_mri').map((f) => f.status)).toEqual(statuses);
  });

  it('dates the flag at onset and gives the window and the next MRI', () => {
    const patient = patientWith([severeAttack('2024-03-02'), mri('2024-04-20'), mri('2023-12-01')]);
    const [flag] = byReason(run(mriOverdueRule, patient, '2024-05-01'), 'attack_without_mri');
    expect(flag).toMatchObject({
      code: 'MRI_OVERDUE',
      severity: 'warning',
      date: '2024-03-02',
      source: SOURCES.mriMonitoring,
      status: 'resolved',
      resolvedOn: '2024-04-20',
      resolution: 'MRI done on 2024-04-20, 49 days after onset',
      details: {
        reason: 'attack_without_mri',
        onsetDate: '2024-03-02',
        phenotype: 'transverse_myelitis',
        severity: 'severe',
        windowDays: 30,
        windowStart: '2024-03-02',
        windowEnd: '2024-04-01',
        nextMriDate: '2024-04-20',
      },
      message:
        'Attack on 2024-03-02 (transverse myelitis, severe): no MRI recorded from onset to 2024-04-01; the clinic expects an MRI within 30 days after onset. The next MRI was on 2024-04-20, 49 days after onset.',
    });
  });

  it('raises one flag per attack without MRI, independent of input order', () => {
    const events = [
      severeAttack('2023-09-01', 'optic_neuritis'),
      mri('2023-09-05'),
      severeAttack('2022-01-10'),
      severeAttack('2024-01-15'),
    ];
    const flags = byReason(run(mriOverdueRule, patientWith(events), '2024-06-01'), 'attack_without_mri');
    expect(flags.map((f) => f.date)).toEqual(['2022-01-10', '2024-01-15']);
    // The MRI of 2023-09-05 (for the 2023 attack) is the first after the 2022 attack's window; the
    // 2024 attack had none by onset + 90 days.
    expect(lifecycle(flags)).toEqual([
      '2022-01-10 resolved 2023-09-05: MRI done on 2023-09-05, 603 days after onset',
      '2024-01-15 expired 2024-04-15',
    ]);
    expect(flags[1]?.details.nextMriDate).toBeNull();
    expect(flags[1]?.message).not.toContain('The next MRI');
    const reversed = byReason(
      run(mriOverdueRule, patientWith([...events].reverse()), '2024-06-01'),
      'attack_without_mri',
    );
    expect(reversed).toEqual(flags);
  });

  it('one MRI can cover two close attacks, when it is after both onsets', () => {
    // 30 days apart: two attacks (less than 30 days apart would be one, attackClusterDays).
    const flags = run(
      mriOverdueRule,
      patientWith([severeAttack('2024-01-01'), severeAttack('2024-01-31'), mri('2024-01-31')]),
      '2024-06-01',
    );
    expect(byReason(flags, 'attack_without_mri')).toEqual([]);
    // An MRI between the two onsets shows the first attack only.
    const between = run(
      mriOverdueRule,
      patientWith([severeAttack('2024-01-01'), severeAttack('2024-01-31'), mri('2024-01-20')]),
      '2024-06-01',
    );
    expect(byReason(between, 'attack_without_mri').map((f) => f.date)).toEqual(['2024-01-31']);
    // 24 days apart: one attack, which the MRI between the records' onsets shows.
    const one = run(
      mriOverdueRule,
      patientWith([severeAttack('2024-01-01'), severeAttack('2024-01-25'), mri('2024-01-20')]),
      '2024-06-01',
    );
    expect(byReason(one, 'attack_without_mri')).toEqual([]);
  });

  it.each([
    [0, '2024-03-03', [mri('2024-03-02')], 0, []],
    [0, '2024-03-03', [mri('2024-03-03')], 1, ['resolved']],
    [0, '2024-03-02', [], 0, []],
    [60, '2024-05-01', [mri('2024-04-20')], 0, []],
    [60, '2024-05-02', [], 1, ['open']],
  ])('window %i days, as of %s: %i flag(s)', (mriAfterAttackDays, asOf, exams, count, statuses) => {
    const flags = run(mriOverdueRule, patientWith([severeAttack('2024-03-02'), ...exams]), asOf, {
      monitoring: { mriAfterAttackDays },
    });
    expect(byReason(flags, 'attack_without_mri')).toHaveLength(count);
    expect(byReason(flags, 'attack_without_mri').map((f) => f.status)).toEqual(statuses);
  });

  it('raises the interval flag and the attack flags together', () => {
    const flags = run(mriOverdueRule, patientWith([mri('2021-01-01'), severeAttack('2023-03-01')]), '2023-06-01');
    expect(flags.map((f) => f.details.reason)).toEqual(['interval', 'attack_without_mri']);
    // The attack's imaging window (onset + 90 days) ended on 2023-05-30.
    expect(flags.map((f) => f.status)).toEqual(['open', 'expired']);
  });
});

describe('MRI_OVERDUE lifecycle', () => {
  describe('interval: every gap past its due day is an episode, resolved by the next MRI', () => {
    // MRI 2021-01-10 (due by 2022-01-10), next 2023-04-02 of brain and spinal cord (due by 2024-04-01).
    const patient = patientWith([mri('2021-01-10'), mri('2023-04-02', 'spinal_cord'), mri('2023-04-02')]);
    const first = '2022-01-10 resolved 2023-04-02: MRI done on 2023-04-02 (brain, spinal cord)';
    it.each(yearlyExamEpisodes(first))('as of %s: %j', (asOf, expected) => {
      expect(lifecycle(run(mriOverdueRule, patient, asOf))).toEqual(expected);
    });

    it.each([
      ['2024-01-10', []],
      ['2024-01-11', ['2024-01-10 resolved 2024-01-11: MRI done on 2024-01-11 (spinal cord)']],
    ])('next MRI on %s: %j', (next, expected) => {
      expect(
        lifecycle(run(mriOverdueRule, patientWith([mri('2023-01-10'), mri(next, 'spinal_cord')]), '2024-03-01')),
      ).toEqual(expected);
    });

    it('says what resolved it and counts the days to it', () => {
      const [flag] = run(mriOverdueRule, patient, '2025-01-01');
      expect(flag).toMatchObject({
        date: '2022-01-10',
        status: 'resolved',
        resolvedOn: '2023-04-02',
        resolution: 'MRI done on 2023-04-02 (brain, spinal cord)',
        details: {
          reason: 'interval',
          lastDate: '2021-01-10',
          lastRegions: ['brain'],
          dueDate: '2022-01-10',
          daysOverdue: 447,
          intervalDays: 365,
        },
        message:
          "MRI on 2021-01-10 (brain); the clinic's MRI interval is 365 days, so the next was due by 2022-01-10 and was 447 days overdue: MRI done on 2023-04-02 (brain, spinal cord).",
      });
    });
  });

  describe('attack without MRI: open until onset + 90 days, then expired, unless an MRI resolves it', () => {
    // Onset 2024-03-02: window to 2024-04-01; open from 2024-04-02 to 2024-05-31 (onset + 90); expired from 2024-06-01.
    const flagsAsOf = (asOf: string, exams: TimelineEvent[] = [], settings?: Record<string, unknown>) =>
      byReason(
        settings
          ? run(mriOverdueRule, patientWith([severeAttack('2024-03-02'), ...exams]), asOf, settings)
          : run(mriOverdueRule, patientWith([severeAttack('2024-03-02'), ...exams]), asOf),
        'attack_without_mri',
      );
    it.each<[string, TimelineEvent[], string[]]>([
      ['2024-04-01', [], []],
      ['2024-04-02', [], ['2024-03-02 open']],
      ['2024-05-31', [], ['2024-03-02 open']],
      ['2024-06-01', [], ['2024-03-02 expired 2024-06-01']],
      ['2026-01-01', [], ['2024-03-02 expired 2024-06-01']],
      ['2024-04-01', [mri('2024-04-02')], []],
      [
        '2024-04-02',
        [mri('2024-04-02')],
        ['2024-03-02 resolved 2024-04-02: MRI done on 2024-04-02, 31 days after onset'],
      ],
      ['2024-05-30', [mri('2024-05-31')], ['2024-03-02 open']],
      [
        '2024-05-31',
        [mri('2024-05-31')],
        ['2024-03-02 resolved 2024-05-31: MRI done on 2024-05-31, 90 days after onset'],
      ],
      [
        '2024-06-01',
        [mri('2024-06-01')],
        ['2024-03-02 resolved 2024-06-01: MRI done on 2024-06-01, 91 days after onset'],
      ],
      ['2024-06-30', [mri('2024-07-01')], ['2024-03-02 expired 2024-06-01']],
      [
        '2024-07-01',
        [mri('2024-07-01')],
        ['2024-03-02 resolved 2024-07-01: MRI done on 2024-07-01, 121 days after onset'],
      ],
    ])('as of %s with %j: %j', (asOf, exams, expected) => {
      expect(lifecycle(flagsAsOf(asOf, exams))).toEqual(expected);
    });

    it('follows lifecycle.attackImagingDays', () => {
      const settings = { lifecycle: { attackImagingDays: 60 } };
      expect(lifecycle(flagsAsOf('2024-05-01', [], settings))).toEqual(['2024-03-02 open']);
      expect(lifecycle(flagsAsOf('2024-05-02', [], settings))).toEqual(['2024-03-02 expired 2024-05-02']);
    });

    it("the issue's example: an attack in 2021 without MRI around it, next MRI in 2024, seen as of 2026, is resolved", () => {
      const patient = patientWith([severeAttack('2021-03-15'), mri('2024-07-18', 'spinal_cord')]);
      const flags = run(mriOverdueRule, patient, '2026-01-01');
      const [flag] = byReason(flags, 'attack_without_mri');
      expect(flag).toMatchObject({
        date: '2021-03-15',
        status: 'resolved',
        resolvedOn: '2024-07-18',
        resolution: 'MRI done on 2024-07-18, 1221 days after onset',
        details: { nextMriDate: '2024-07-18' },
      });
      expect(flag?.message).toContain('The next MRI was on 2024-07-18, 1221 days after onset.');
      // The gap from the attack (start of care) to that MRI is resolved too; only the current
      // interval (a year after the 2024 MRI) is open: the yearly MRI is due again.
      expect(lifecycle(byReason(flags, 'interval'))).toEqual([
        '2022-03-15 resolved 2024-07-18: MRI done on 2024-07-18 (spinal cord)',
        '2025-07-18 open',
      ]);
      expect(openFlags(flags).map((f) => f.details.reason)).toEqual(['interval']);
      // Before that MRI, as of 2024-07-17, both were still waiting for it: the attack's imaging had expired.
      expect(lifecycle(byReason(run(mriOverdueRule, patient, '2024-07-17'), 'attack_without_mri'))).toEqual([
        '2021-03-15 expired 2021-06-14',
      ]);
    });
  });
});
