import { describe, expect, it } from 'vitest';
import type { MriRegion } from '../../../src/enums.ts';
import type { TimelineEvent } from '../../../src/records/event.ts';
import { mriOverdueRule } from '../../../src/rules/monitoring/mri-overdue.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import type { Flag } from '../../../src/rules/types.ts';
import { codes, patientWith, run } from '../helpers.ts';

const mri = (date: string, region: MriRegion = 'brain'): TimelineEvent => ({ type: 'mri', date, region });
const attack = (
  onsetDate: string,
  phenotype: 'optic_neuritis' | 'transverse_myelitis' = 'transverse_myelitis',
): TimelineEvent => ({
  type: 'relapse',
  onsetDate,
  phenotype,
  severity: 'severe',
});
const byReason = (flags: Flag[], reason: string) => flags.filter((f) => f.details.reason === reason);

describe('MRI_OVERDUE, interval', () => {
  // Last MRI 2023-01-10 + 365 days = due by 2024-01-10; overdue from 2024-01-11.
  it.each([
    ['2024-01-09', []],
    ['2024-01-10', []],
    ['2024-01-11', ['MRI_OVERDUE']],
  ])('last MRI 2023-01-10, as of %s: %j', (asOf, expected) => {
    expect(codes(run(mriOverdueRule, patientWith([mri('2023-01-10')]), asOf))).toEqual(expected);
  });

  it('takes the last MRI of any region and names the regions of that day', () => {
    const patient = patientWith([mri('2023-01-10', 'spinal_cord'), mri('2022-05-01'), mri('2023-01-10', 'brain')]);
    const [flag] = run(mriOverdueRule, patient, '2024-02-01');
    expect(flag).toMatchObject({
      code: 'MRI_OVERDUE',
      severity: 'warning',
      date: '2024-01-10',
      source: SOURCES.mriMonitoring,
      details: {
        reason: 'interval',
        lastDate: '2023-01-10',
        lastRegions: ['brain', 'spinal_cord'],
        dueDate: '2024-01-10',
        daysOverdue: 22,
        intervalDays: 365,
      },
    });
    expect(flag?.message).toBe(
      "Last MRI on 2023-01-10 (brain, spinal cord), 387 days ago; the clinic's MRI interval is 365 days, so the next was due by 2024-01-10 and is 22 days overdue.",
    );
  });

  it('with no MRI, counts from the start of care, and stays silent without one', () => {
    const [flag] = run(mriOverdueRule, patientWith([], { diagnosisDate: '2022-01-01' }), '2023-01-02');
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
  // Onset 2024-03-02 (leap year), window 30 days: MRI expected from 2024-02-01 to 2024-04-01.
  it.each([
    ['no MRI, as of the window end', [], '2024-04-01', 0],
    ['no MRI, the day after the window', [], '2024-04-02', 1],
    ['MRI on the first day of the window', [mri('2024-02-01')], '2024-05-01', 0],
    ['MRI the day before the window', [mri('2024-01-31')], '2024-05-01', 1],
    ['MRI on the onset day', [mri('2024-03-02', 'spinal_cord')], '2024-05-01', 0],
    ['MRI on the last day of the window', [mri('2024-04-01')], '2024-05-01', 0],
    ['MRI the day after the window', [mri('2024-04-02')], '2024-05-01', 1],
    ['MRI after the as-of date only', [mri('2024-03-10')], '2024-03-05', 0],
  ])('%s: %i flag(s)', (_, exams, asOf, count) => {
    const flags = run(mriOverdueRule, patientWith([attack('2024-03-02'), ...exams]), asOf);
    expect(byReason(flags, 'attack_without_mri')).toHaveLength(count);
  });

  it('dates the flag at onset and gives the window and the next MRI', () => {
    const patient = patientWith([attack('2024-03-02'), mri('2024-04-20'), mri('2023-12-01')]);
    const [flag] = byReason(run(mriOverdueRule, patient, '2024-05-01'), 'attack_without_mri');
    expect(flag).toMatchObject({
      code: 'MRI_OVERDUE',
      severity: 'warning',
      date: '2024-03-02',
      source: SOURCES.mriMonitoring,
      details: {
        reason: 'attack_without_mri',
        onsetDate: '2024-03-02',
        phenotype: 'transverse_myelitis',
        severity: 'severe',
        windowDays: 30,
        windowStart: '2024-02-01',
        windowEnd: '2024-04-01',
        nextMriDate: '2024-04-20',
      },
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): no MRI recorded from 2024-02-01 to 2024-04-01; the clinic expects an MRI within 30 days of onset. The next MRI was on 2024-04-20, 49 days after onset.',
    );
  });

  it('raises one flag per attack without MRI, independent of input order', () => {
    const events = [
      attack('2023-09-01', 'optic_neuritis'),
      mri('2023-09-05'),
      attack('2022-01-10'),
      attack('2024-01-15'),
    ];
    const flags = byReason(run(mriOverdueRule, patientWith(events), '2024-06-01'), 'attack_without_mri');
    expect(flags.map((f) => f.date)).toEqual(['2022-01-10', '2024-01-15']);
    expect(flags[1]?.details.nextMriDate).toBeNull();
    expect(flags[1]?.message).not.toContain('The next MRI');
    const reversed = byReason(
      run(mriOverdueRule, patientWith([...events].reverse()), '2024-06-01'),
      'attack_without_mri',
    );
    expect(reversed).toEqual(flags);
  });

  it('one MRI can cover two close attacks', () => {
    const flags = run(
      mriOverdueRule,
      patientWith([attack('2024-01-01'), attack('2024-01-25'), mri('2024-01-20')]),
      '2024-06-01',
    );
    expect(byReason(flags, 'attack_without_mri')).toEqual([]);
  });

  it.each([
    [0, '2024-03-03', [mri('2024-03-02')], 0],
    [0, '2024-03-03', [mri('2024-03-03')], 1],
    [0, '2024-03-02', [], 0],
    [60, '2024-05-01', [mri('2024-04-20')], 0],
    [60, '2024-05-02', [], 1],
  ])('window %i days, as of %s: %i flag(s)', (mriAfterAttackDays, asOf, exams, count) => {
    const flags = run(mriOverdueRule, patientWith([attack('2024-03-02'), ...exams]), asOf, {
      monitoring: { mriAfterAttackDays },
    });
    expect(byReason(flags, 'attack_without_mri')).toHaveLength(count);
  });

  it('raises the interval flag and the attack flags together', () => {
    const flags = run(mriOverdueRule, patientWith([mri('2021-01-01'), attack('2023-03-01')]), '2023-06-01');
    expect(flags.map((f) => f.details.reason)).toEqual(['interval', 'attack_without_mri']);
  });
});
