import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { RelapseSeverity } from '../../../src/enums.ts';
import type { AcuteTreatment } from '../../../src/records/relapse.ts';
import { ivmpCourseShortRule } from '../../../src/rules/relapse/ivmp-course-short.ts';
import { severeAttackWithoutPlexRule } from '../../../src/rules/relapse/severe-attack-without-plex.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, expired, ivmp, lifecycle, plex, resolved, severe } from './fixtures.ts';

const ONSET = '2024-03-02';
const AS_OF = '2024-12-31';
const day = (n: number) => addDays(ONSET, n);

describe('SEVERE_ATTACK_WITHOUT_PLEX', () => {
  it.each<[RelapseSeverity, string[]]>([
    ['mild', []],
    ['moderate', []],
    ['severe', ['SEVERE_ATTACK_WITHOUT_PLEX']],
  ])('%s attack treated with IVMP only: %j (expired as of months later)', (severity, expected) => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-03', 5, 1000)], { severity })]);
    const flags = run(severeAttackWithoutPlexRule, patient, AS_OF);
    expect(codes(flags)).toEqual(expected);
    expect(flags.map((f) => f.status)).toEqual(expected.map(() => 'expired'));
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
      status: 'open',
      message:
        'Attack on 2024-03-02 (transverse myelitis, severe): no plasma exchange recorded (no acute treatment recorded). ' +
        'The NEMOS recommendations (Kümpfel et al. 2024) advise adding PLEX early when the presentation is severe.',
    });
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
    expect(flag?.status).toBe('expired');
  });

  it('is resolved once PLEX is recorded, from its start date, and says when it came', () => {
    const patient = patientWith([severe(ONSET, [ivmp('2024-03-03'), plex('2024-03-10')])]);
    expect(lifecycle(run(severeAttackWithoutPlexRule, patient, '2024-03-09'))).toEqual([
      { code: 'SEVERE_ATTACK_WITHOUT_PLEX', status: 'open' },
    ]);
    const [flag] = run(severeAttackWithoutPlexRule, patient, '2024-03-10');
    expect(flag).toMatchObject(
      resolved('SEVERE_ATTACK_WITHOUT_PLEX', '2024-03-10', 'PLEX started on 2024-03-10, day 8'),
    );
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): plasma exchange started 8 days after onset, on 2024-03-10. ' +
        'The NEMOS recommendations (Kümpfel et al. 2024) advise adding PLEX early when the presentation is severe.',
    );
  });

  // PLEX on the onset day: no flag; on day 5: open to day 4, resolved from day 5; none: open to day
  // 30, expired from day 31; on day 40: expired on days 31-39, resolved from day 40.
  it.each<[string, AcuteTreatment[], number, ReturnType<typeof lifecycle>]>([
    ['PLEX on day 0', [plex(day(0))], 0, []],
    ['PLEX on day 0', [plex(day(0))], 40, []],
    ['PLEX on day 0 after IVMP the same day', [ivmp(day(0)), plex(day(0))], 10, []],
    ['PLEX on day 5', [plex(day(5))], 0, [{ code: 'SEVERE_ATTACK_WITHOUT_PLEX', status: 'open' }]],
    ['PLEX on day 5', [plex(day(5))], 4, [{ code: 'SEVERE_ATTACK_WITHOUT_PLEX', status: 'open' }]],
    [
      'PLEX on day 5',
      [ivmp(day(1)), plex(day(5))],
      5,
      [resolved('SEVERE_ATTACK_WITHOUT_PLEX', day(5), `PLEX started on ${day(5)}, day 5`)],
    ],
    [
      'PLEX on day 5',
      [plex(day(5))],
      400,
      [resolved('SEVERE_ATTACK_WITHOUT_PLEX', day(5), `PLEX started on ${day(5)}, day 5`)],
    ],
    ['no PLEX', [ivmp(day(1))], 30, [{ code: 'SEVERE_ATTACK_WITHOUT_PLEX', status: 'open' }]],
    ['no PLEX', [ivmp(day(1))], 31, [expired('SEVERE_ATTACK_WITHOUT_PLEX', day(31))]],
    ['PLEX on day 40', [plex(day(40))], 39, [expired('SEVERE_ATTACK_WITHOUT_PLEX', day(31))]],
    [
      'PLEX on day 40',
      [plex(day(40))],
      40,
      [resolved('SEVERE_ATTACK_WITHOUT_PLEX', day(40), `PLEX started on ${day(40)}, day 40`)],
    ],
  ])('severe attack, %s, as of day %i', (_label, treatments, asOfDay, expected) => {
    expect(lifecycle(run(severeAttackWithoutPlexRule, patientWith([severe(ONSET, treatments)]), day(asOfDay)))).toEqual(
      expected,
    );
  });

  it('follows settings.lifecycle.acutePhaseDays', () => {
    const patient = patientWith([severe(ONSET)]);
    const settings = { lifecycle: { acutePhaseDays: 10 } };
    expect(run(severeAttackWithoutPlexRule, patient, day(10), settings)[0]?.status).toBe('open');
    expect(run(severeAttackWithoutPlexRule, patient, day(11), settings)[0]?.status).toBe('expired');
  });

  it('flags each severe attack not given PLEX on its onset day once, the past ones resolved or expired', () => {
    const patient = patientWith([
      severe('2024-01-01', [plex('2024-01-02')]),
      severe('2023-01-01', [ivmp('2023-01-02')]),
      severe('2022-06-01', [plex('2022-06-01')]),
      attack('2022-01-01'),
      severe(ONSET),
    ]);
    expect(run(severeAttackWithoutPlexRule, patient, AS_OF).map((f) => f.date)).toEqual([
      '2023-01-01',
      '2024-01-01',
      ONSET,
    ]);
    expect(run(severeAttackWithoutPlexRule, patient, day(3)).map((f) => [f.date, f.status])).toEqual([
      ['2023-01-01', 'expired'],
      ['2024-01-01', 'resolved'],
      [ONSET, 'open'],
    ]);
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
  ])('IVMP %s: short %s (expired as of months later)', (_label, days, dose, short) => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-04', days, dose)])]);
    const flags = run(ivmpCourseShortRule, patient, AS_OF);
    expect(codes(flags)).toEqual(short ? ['IVMP_COURSE_SHORT'] : []);
    expect(flags.map((f) => f.status)).toEqual(short ? ['expired'] : []);
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
    expect(flag).toMatchObject({
      severity: 'info',
      date: '2024-03-04',
      source: SOURCES.acuteTreatment,
      status: 'expired',
    });
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
      expiredOn: '2024-04-02',
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (optic neuritis, moderate): IVMP started 2024-03-04 was recorded as 2 days at 500 mg/day; ' +
        'the NEMOS recommendations (Kümpfel et al. 2024) give 1000 mg/day for at least 3 days.',
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
    // The second short course continues the first: resolved (a course before the short one does not count).
    expect(lifecycle(flags)).toEqual([
      expired('IVMP_COURSE_SHORT', '2022-02-01'),
      resolved('IVMP_COURSE_SHORT', '2024-03-20', 'IVMP continued from 2024-03-20, day 18'),
    ]);
  });

  it('does not see a course that starts after the as-of date', () => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-10', 1, 1000)])]);
    expect(run(ivmpCourseShortRule, patient, '2024-03-09')).toEqual([]);
    expect(codes(run(ivmpCourseShortRule, patient, '2024-03-10'))).toEqual(['IVMP_COURSE_SHORT']);
    expect(run(ivmpCourseShortRule, patient, '2024-03-10')[0]?.status).toBe('open');
  });

  // A 2-day course from day 2: open, resolved by a further IVMP course or PLEX started after day 2,
  // else expired from day 31 (onset + 30).
  it.each<[string, AcuteTreatment[], number, ReturnType<typeof lifecycle>]>([
    ['nothing more', [], 2, [{ code: 'IVMP_COURSE_SHORT', status: 'open' }]],
    ['nothing more', [], 30, [{ code: 'IVMP_COURSE_SHORT', status: 'open' }]],
    ['nothing more', [], 31, [expired('IVMP_COURSE_SHORT', day(31))]],
    ['PLEX on day 6', [plex(day(6))], 5, [{ code: 'IVMP_COURSE_SHORT', status: 'open' }]],
    ['PLEX on day 6', [plex(day(6))], 6, [resolved('IVMP_COURSE_SHORT', day(6), `PLEX started on ${day(6)}, day 6`)]],
    ['PLEX on day 6', [plex(day(6))], 100, [resolved('IVMP_COURSE_SHORT', day(6), `PLEX started on ${day(6)}, day 6`)]],
    ['IVMP again on day 5', [ivmp(day(5), 3, 1000)], 4, [{ code: 'IVMP_COURSE_SHORT', status: 'open' }]],
    [
      'IVMP again on day 5',
      [ivmp(day(5), 3, 1000)],
      5,
      [resolved('IVMP_COURSE_SHORT', day(5), `IVMP continued from ${day(5)}, day 5`)],
    ],
    [
      'IVMP and PLEX on day 5',
      [ivmp(day(5), 3, 1000), plex(day(5))],
      5,
      [resolved('IVMP_COURSE_SHORT', day(5), `PLEX started on ${day(5)}, day 5`)],
    ],
    ['PLEX the same day as the short course', [plex(day(2))], 10, [{ code: 'IVMP_COURSE_SHORT', status: 'open' }]],
    [
      'an oral taper on day 5',
      [{ type: 'oral_steroid_taper', startDate: day(5) }],
      10,
      [{ code: 'IVMP_COURSE_SHORT', status: 'open' }],
    ],
    ['PLEX on day 35', [plex(day(35))], 34, [expired('IVMP_COURSE_SHORT', day(31))]],
    [
      'PLEX on day 35',
      [plex(day(35))],
      35,
      [resolved('IVMP_COURSE_SHORT', day(35), `PLEX started on ${day(35)}, day 35`)],
    ],
  ])('short IVMP on day 2, then %s, as of day %i', (_label, treatments, asOfDay, expected) => {
    const patient = patientWith([attack(ONSET, [ivmp(day(2), 2, 1000), ...treatments])]);
    expect(lifecycle(run(ivmpCourseShortRule, patient, day(asOfDay)))).toEqual(expected);
  });

  it('is not resolved by PLEX or IVMP given before the short course', () => {
    const patient = patientWith([attack(ONSET, [plex(day(1)), ivmp(day(1), 5, 1000), ivmp(day(8), 1, 1000)])]);
    expect(lifecycle(run(ivmpCourseShortRule, patient, day(20)))).toEqual([
      { code: 'IVMP_COURSE_SHORT', status: 'open' },
    ]);
  });

  it('follows the clinic settings', () => {
    const patient = patientWith([attack(ONSET, [ivmp('2024-03-04', 3, 1000)])]);
    expect(run(ivmpCourseShortRule, patient, AS_OF)).toEqual([]);
    const [flag] = run(ivmpCourseShortRule, patient, AS_OF, { acute: { ivmpMinimumDays: 5 } });
    expect(flag?.details).toMatchObject({ shortDays: true, lowDose: false, ivmpMinimumDays: 5 });
    expect(flag?.message).toContain(
      'the NEMOS recommendations (Kümpfel et al. 2024) give 1000 mg/day for at least 5 days.',
    );
    expect(flag?.status).toBe('expired');
    const phase = { acute: { ivmpMinimumDays: 5 }, lifecycle: { acutePhaseDays: 10 } };
    expect(run(ivmpCourseShortRule, patient, day(10), phase)[0]?.status).toBe('open');
    expect(run(ivmpCourseShortRule, patient, day(11), phase)[0]?.status).toBe('expired');
    const lowered = run(ivmpCourseShortRule, patientWith([attack(ONSET, [ivmp('2024-03-04', 5, 500)])]), AS_OF, {
      acute: { ivmpMinimumDailyDoseMg: 500 },
    });
    expect(lowered).toEqual([]);
  });
});
