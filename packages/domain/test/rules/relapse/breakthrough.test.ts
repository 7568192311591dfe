import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { TherapyAgent } from '../../../src/enums.ts';
import { breakthroughRule } from '../../../src/rules/relapse/breakthrough.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, therapy } from './fixtures.ts';

const START = '2023-01-10';
const on = (days: number) => addDays(START, days);

describe('BREAKTHROUGH_RELAPSE / EARLY_RELAPSE_ON_THERAPY', () => {
  it.each<[TherapyAgent, number, string[]]>([
    ['rituximab', 0, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 29, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 30, ['EARLY_RELAPSE_ON_THERAPY']],
    ['rituximab', 31, ['BREAKTHROUGH_RELAPSE']],
    ['eculizumab', 14, ['EARLY_RELAPSE_ON_THERAPY']],
    ['eculizumab', 15, ['BREAKTHROUGH_RELAPSE']],
    ['azathioprine', 179, ['EARLY_RELAPSE_ON_THERAPY']],
    ['azathioprine', 180, ['EARLY_RELAPSE_ON_THERAPY']],
    ['azathioprine', 181, ['BREAKTHROUGH_RELAPSE']],
    ['satralizumab', 31, ['BREAKTHROUGH_RELAPSE']],
    ['ivig_maintenance', 31, ['BREAKTHROUGH_RELAPSE']],
  ])('%s, attack %i days after the start: %j', (agent, days, expected) => {
    const flags = run(breakthroughRule, patientWith([therapy(agent, START), attack(on(days))]), '2025-01-01');
    expect(codes(flags)).toEqual(expected);
    expect(flags[0]?.date).toBe(on(days));
    expect(flags[0]?.details).toMatchObject({ agents: [agent], therapies: [{ agent, daysOnTherapy: days }] });
  });

  it('raises nothing without maintenance therapy, or on a non-maintenance (MS) drug only', () => {
    expect(run(breakthroughRule, patientWith([attack('2024-03-02')]), '2024-04-01')).toEqual([]);
    const onMsDrug = patientWith([therapy('natalizumab', '2022-01-01'), attack('2024-03-02')]);
    expect(run(breakthroughRule, onMsDrug, '2024-04-01')).toEqual([]);
  });

  it('ignores a therapy started after the onset, and an attack after the as-of date', () => {
    const patient = patientWith([therapy('rituximab', '2024-03-03'), attack('2024-03-02')]);
    expect(run(breakthroughRule, patient, '2024-04-01')).toEqual([]);
    const later = patientWith([therapy('rituximab', START), attack('2024-03-02')]);
    expect(run(breakthroughRule, later, '2024-03-01')).toEqual([]);
    expect(codes(run(breakthroughRule, later, '2024-03-02'))).toEqual(['BREAKTHROUGH_RELAPSE']);
  });

  it.each([
    ['stopped the day before onset', '2024-03-01', []],
    ['stopped on the onset day', '2024-03-02', ['BREAKTHROUGH_RELAPSE']],
    ['stopped the day after onset', '2024-03-03', ['BREAKTHROUGH_RELAPSE']],
  ])('a therapy %s', (_label, stopDate, expected) => {
    const patient = patientWith([therapy('mycophenolate', START, stopDate), attack('2024-03-02')]);
    expect(codes(run(breakthroughRule, patient, '2024-06-01'))).toEqual(expected);
  });

  it('counts a stop recorded after the as-of date as not yet known (still active)', () => {
    const patient = patientWith([therapy('mycophenolate', START, '2024-05-01'), attack('2024-03-02')]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag?.code).toBe('BREAKTHROUGH_RELAPSE');
    expect(flag?.details.therapies).toEqual([
      { agent: 'mycophenolate', startDate: START, stopDate: null, daysOnTherapy: 417, onsetOfEffectDays: 180 },
    ]);
  });

  it.each([
    ['in the gap between the courses', '2021-02-01', []],
    ['19 days into the restarted course', '2021-03-20', ['EARLY_RELAPSE_ON_THERAPY']],
    ['30 days into the restarted course', '2021-03-31', ['EARLY_RELAPSE_ON_THERAPY']],
    ['31 days into the restarted course', '2021-04-01', ['BREAKTHROUGH_RELAPSE']],
    ['late in the first course', '2020-12-01', ['BREAKTHROUGH_RELAPSE']],
  ])('a restarted therapy counts from the course active on the onset: attack %s', (_label, onset, expected) => {
    const patient = patientWith([
      therapy('rituximab', '2021-03-01'),
      attack(onset),
      therapy('rituximab', '2020-01-01', '2021-01-01'),
    ]);
    expect(codes(run(breakthroughRule, patient, '2022-01-01'))).toEqual(expected);
  });

  it('names the established therapy on a switch with overlap, and reports the new one as still within its window', () => {
    const patient = patientWith([
      therapy('azathioprine', '2022-01-01'),
      therapy('rituximab', '2024-02-21'),
      attack('2024-03-02'),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag).toMatchObject({ code: 'BREAKTHROUGH_RELAPSE', severity: 'critical', date: '2024-03-02' });
    expect(flag?.source).toBe(SOURCES.breakthrough);
    expect(flag?.details).toMatchObject({
      onsetDate: '2024-03-02',
      phenotype: 'optic_neuritis',
      severity: 'moderate',
      agents: ['azathioprine'],
      therapies: [{ agent: 'azathioprine', daysOnTherapy: 791, onsetOfEffectDays: 180 }],
      therapiesWithinWindow: [{ agent: 'rituximab', daysOnTherapy: 10, onsetOfEffectDays: 30 }],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (optic neuritis, moderate) occurred on maintenance therapy beyond its onset-of-effect window: ' +
        'azathioprine (started 2022-01-01, 791 days before onset; window 180 days). This is a breakthrough relapse; ' +
        'review the maintenance therapy (dosing, adherence, switch to an approved biologic). ' +
        'Still within the onset-of-effect window: rituximab (started 2024-02-21, 10 days before onset; window 30 days).',
    );
  });

  it('names every agent beyond its window', () => {
    const patient = patientWith([
      therapy('oral_prednisone', '2023-01-01', '2024-06-01'),
      therapy('azathioprine', '2023-01-01'),
      attack('2024-03-02'),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag?.details.agents).toEqual(['azathioprine', 'oral_prednisone']);
    expect(flag?.details.therapiesWithinWindow).toEqual([]);
    expect(flag?.message).toContain(
      'azathioprine (started 2023-01-01, 426 days before onset; window 180 days) and oral prednisone (started 2023-01-01, 426 days before onset; window 14 days).',
    );
  });

  it('describes an early attack and every course still within its window', () => {
    const patient = patientWith([
      therapy('eculizumab', '2024-02-27', '2024-03-02'),
      therapy('rituximab', '2024-03-01'),
      attack('2024-03-02', undefined, { phenotype: 'area_postrema', severity: 'mild' }),
    ]);
    const [flag] = run(breakthroughRule, patient, '2024-03-10');
    expect(flag).toMatchObject({ code: 'EARLY_RELAPSE_ON_THERAPY', severity: 'info', date: '2024-03-02' });
    expect(flag?.source).toBe(SOURCES.earlyRelapse);
    expect(flag?.details).toMatchObject({ agents: ['eculizumab', 'rituximab'] });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (area postrema syndrome, mild) occurred within the onset-of-effect window of ' +
        'eculizumab (started 2024-02-27, 4 days before onset; window 14 days; stopped 2024-03-02) and ' +
        'rituximab (started 2024-03-01, 1 day before onset; window 30 days). ' +
        'The therapy may not have taken effect yet, so this attack alone does not show treatment failure.',
    );
  });

  it('raises one flag per attack, whatever the input order', () => {
    const events = [
      attack('2024-06-01'),
      therapy('rituximab', '2024-01-01'),
      attack('2024-01-20'),
      attack('2023-06-01'),
      attack('2024-01-01'),
    ];
    const flags = run(breakthroughRule, patientWith(events), '2024-12-31');
    expect(flags.map((f) => [f.code, f.date])).toEqual([
      ['EARLY_RELAPSE_ON_THERAPY', '2024-01-01'],
      ['EARLY_RELAPSE_ON_THERAPY', '2024-01-20'],
      ['BREAKTHROUGH_RELAPSE', '2024-06-01'],
    ]);
    expect(run(breakthroughRule, patientWith([...events].reverse()), '2024-12-31')).toEqual(flags);
  });

  it('follows the clinic onset-of-effect settings', () => {
    const patient = patientWith([therapy('rituximab', START), attack(on(45))]);
    expect(codes(run(breakthroughRule, patient, '2024-01-01'))).toEqual(['BREAKTHROUGH_RELAPSE']);
    const flags = run(breakthroughRule, patient, '2024-01-01', { onsetOfEffectDays: { rituximab: 45 } });
    expect(codes(flags)).toEqual(['EARLY_RELAPSE_ON_THERAPY']);
    expect(flags[0]?.details.therapies).toMatchObject([{ daysOnTherapy: 45, onsetOfEffectDays: 45 }]);
  });
});
