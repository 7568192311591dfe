import { describe, expect, it } from 'vitest';
import type { RelapseSeverity } from '../../../src/enums.ts';
import { ivmpCourseShortRule } from '../../../src/rules/relapse/ivmp-course-short.ts';
import { severeAttackWithoutPlexRule } from '../../../src/rules/relapse/severe-attack-without-plex.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, ivmp, plex, severe } from './fixtures.ts';

const ONSET = '2024-03-02';
const AS_OF = '2024-12-31';

describe('SEVERE_ATTACK_WITHOUT_PLEX', () => {
  it.each<[RelapseSeverity, string[]]>([
    ['mild', []],
    ['moderate', []],
    ['severe', ['SEVERE_ATTACK_WITHOUT_PLEX']],
  ])('%s attack treated with IVMP only: %j', (severity, expected) => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-03', 5, 1000)], { severity })]);
    expect(codes(run(severeAttackWithoutPlexRule, patient, AS_OF))).toEqual(expected);
  });

  it('is raised from the onset day, before any treatment', () => {
    const patient = patientWith([severe(ONSET)]);
    expect(run(severeAttackWithoutPlexRule, patient, '2024-03-01')).toEqual([]);
    const [flag] = run(severeAttackWithoutPlexRule, patient, ONSET);
    expect(flag).toMatchObject({
      code: 'SEVERE_ATTACK_WITHOUT_PLEX',
      severity: 'warning',
      date: ONSET,
      source: SOURCES.plexSevere,
      details: { onsetDate: ONSET, phenotype: 'transverse_myelitis', severity: 'severe', treatments: [] },
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): no plasma exchange recorded (no acute treatment recorded). ' +
        'The guideline advises adding PLEX early when the presentation is severe.',
    );
  });

  it('lists the treatments given so far', () => {
    const patient = patientWith([
      severe(ONSET, [{ type: 'oral_steroid_taper', startDate: '2024-03-08' }, ivmp('2024-03-03', 5)]),
    ]);
    const [flag] = run(severeAttackWithoutPlexRule, patient, AS_OF);
    expect(flag?.details.treatments).toEqual([
      { type: 'ivmp', startDate: '2024-03-03', days: 5, dailyDoseMg: null, sessions: null },
      { type: 'oral_steroid_taper', startDate: '2024-03-08', days: null, dailyDoseMg: null, sessions: null },
    ]);
    expect(flag?.message).toContain('(treatment so far: IVMP from 2024-03-03, oral steroid taper from 2024-03-08)');
  });

  it('clears once PLEX is recorded, from its start date', () => {
    const patient = patientWith([severe(ONSET, [ivmp('2024-03-03'), plex('2024-03-10')])]);
    expect(codes(run(severeAttackWithoutPlexRule, patient, '2024-03-09'))).toEqual(['SEVERE_ATTACK_WITHOUT_PLEX']);
    expect(run(severeAttackWithoutPlexRule, patient, '2024-03-10')).toEqual([]);
  });

  it('flags each severe attack without PLEX once', () => {
    const patient = patientWith([
      severe('2024-01-01', [plex('2024-01-02')]),
      severe('2023-01-01', [ivmp('2023-01-02')]),
      attack('2022-01-01'),
      severe(ONSET),
    ]);
    expect(run(severeAttackWithoutPlexRule, patient, AS_OF).map((f) => f.date)).toEqual(['2023-01-01', ONSET]);
  });
});

describe('IVMP_COURSE_SHORT', () => {
  it.each<[string, number | undefined, number | undefined, boolean]>([
    ['2 days at 1000 mg', 2, 1000, true],
    ['3 days at 1000 mg', 3, 1000, false],
    ['5 days at 1000 mg', 5, 1000, false],
    ['5 days at 999 mg', 5, 999, true],
    ['5 days at 500 mg', 5, 500, true],
    ['1 day at 500 mg', 1, 500, true],
    ['2 days, dose missing', 2, undefined, true],
    ['3 days, dose missing', 3, undefined, false],
    ['days missing, 999 mg', undefined, 999, true],
    ['days missing, 1000 mg', undefined, 1000, false],
    ['nothing recorded', undefined, undefined, false],
  ])('IVMP %s: short %s', (_label, days, dose, short) => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-04', days, dose)])]);
    expect(codes(run(ivmpCourseShortRule, patient, AS_OF))).toEqual(short ? ['IVMP_COURSE_SHORT'] : []);
  });

  it('ignores other acute treatments, however short', () => {
    const patient = patientWith([
      attack(ONSET, [
        { type: 'oral_steroid_taper', startDate: '2024-03-04', days: 1, dailyDoseMg: 40 },
        { type: 'ivig', startDate: '2024-03-05', days: 1 },
      ]),
    ]);
    expect(run(ivmpCourseShortRule, patient, AS_OF)).toEqual([]);
  });

  it('is dated at the treatment start and carries the recorded values', () => {
    const [flag] = run(ivmpCourseShortRule, patientWith([attack(ONSET, [ivmp('2024-03-04', 2, 500)])]), AS_OF);
    expect(flag).toMatchObject({ severity: 'info', date: '2024-03-04', source: SOURCES.acuteTreatment });
    expect(flag?.details).toEqual({
      onsetDate: ONSET,
      phenotype: 'optic_neuritis',
      severity: 'moderate',
      startDate: '2024-03-04',
      days: 2,
      dailyDoseMg: 500,
      shortDays: true,
      lowDose: true,
      ivmpMinimumDays: 3,
      ivmpMinimumDailyDoseMg: 1000,
      shortCourses: [{ startDate: '2024-03-04', days: 2, dailyDoseMg: 500, shortDays: true, lowDose: true }],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (optic neuritis, moderate): IVMP started 2024-03-04 was recorded as 2 days at 500 mg/day; ' +
        'the guideline recommends 1000 mg/day for at least 3 days.',
    );
  });

  it.each([
    [1, undefined, '1 day (dose not recorded)'],
    [undefined, 500, '500 mg/day (days not recorded)'],
  ])('words a partly recorded course (%s days, %s mg)', (days, dose, text) => {
    const [flag] = run(ivmpCourseShortRule, patientWith([attack(ONSET, [ivmp('2024-03-04', days, dose)])]), AS_OF);
    expect(flag?.message).toContain(`IVMP started 2024-03-04 was recorded as ${text};`);
    expect(flag?.details).toMatchObject({ days: days ?? null, dailyDoseMg: dose ?? null });
  });

  it('raises one flag per attack, listing every short course, dated at the first', () => {
    const patient = patientWith([
      attack(ONSET, [ivmp('2024-03-20', 2, 1000), ivmp('2024-03-03', 5, 1000), ivmp('2024-03-10', 1, 1000)]),
      attack('2023-01-01', [ivmp('2023-01-02', 3, 1000)]),
      attack('2022-01-01', [ivmp('2022-01-05', 1, 1000)]),
    ]);
    const flags = run(ivmpCourseShortRule, patient, AS_OF);
    expect(flags.map((f) => f.date)).toEqual(['2022-01-05', '2024-03-10']);
    expect(flags[1]?.details.shortCourses).toMatchObject([{ startDate: '2024-03-10' }, { startDate: '2024-03-20' }]);
    expect(flags[1]?.message).toContain(
      'IVMP started 2024-03-10 was recorded as 1 day at 1000 mg/day and IVMP started 2024-03-20 was recorded as 2 days at 1000 mg/day;',
    );
  });

  it('does not see a course that starts after the as-of date', () => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-10', 1, 1000)])]);
    expect(run(ivmpCourseShortRule, patient, '2024-03-09')).toEqual([]);
    expect(codes(run(ivmpCourseShortRule, patient, '2024-03-10'))).toEqual(['IVMP_COURSE_SHORT']);
  });

  it('follows the clinic settings', () => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-04', 3, 1000)])]);
    expect(run(ivmpCourseShortRule, patient, AS_OF)).toEqual([]);
    const [flag] = run(ivmpCourseShortRule, patient, AS_OF, { acute: { ivmpMinimumDays: 5 } });
    expect(flag?.details).toMatchObject({ shortDays: true, lowDose: false, ivmpMinimumDays: 5 });
    expect(flag?.message).toContain('the guideline recommends 1000 mg/day for at least 5 days.');
    const lowered = run(ivmpCourseShortRule, patientWith([attack(ONSET, [ivmp('2024-03-04', 5, 500)])]), AS_OF, {
      acute: { ivmpMinimumDailyDoseMg: 500 },
    });
    expect(lowered).toEqual([]);
  });
});
