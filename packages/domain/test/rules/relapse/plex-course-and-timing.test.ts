import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { AcuteTreatment } from '../../../src/records/relapse.ts';
import { acuteTreatmentDelayedRule } from '../../../src/rules/relapse/acute-treatment-delayed.ts';
import { plexCourseShortRule } from '../../../src/rules/relapse/plex-course-short.ts';
import { plexDelayedRule } from '../../../src/rules/relapse/plex-delayed.ts';
import { severeAttackWithoutPlexRule } from '../../../src/rules/relapse/severe-attack-without-plex.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, flagHead, patientWith, run } from '../helpers.ts';
import { attack, ivmp, lifecycle, plex, resolved, severe } from './fixtures.ts';

const ONSET = '2024-03-02';
const AS_OF = '2024-12-31';
const day = (n: number) => addDays(ONSET, n);

const plexNoCount = (startDate: string): AcuteTreatment => ({ type: 'plex', startDate });

describe('PLEX_COURSE_SHORT', () => {
  // Default acute.plexMinimumSessions 5: 4 sessions short, 5 not.
  it.each([
    [1, true],
    [3, true],
    [4, true],
    [5, false],
    [7, false],
  ])('PLEX with %i sessions: short %s', (sessions, short) => {
    const flags = run(
      plexCourseShortRule,
      patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(6), sessions)])]),
      AS_OF,
    );
    expect(codes(flags)).toEqual(short ? ['PLEX_COURSE_SHORT'] : []);
  });

  it('an unknown session count is not judged', () => {
    expect(run(plexCourseShortRule, patientWith([severe(ONSET, [plexNoCount(day(3))])]), AS_OF)).toEqual([]);
    // A same-day record without a count makes the first day's total unknown too.
    expect(
      run(plexCourseShortRule, patientWith([severe(ONSET, [plex(day(3), 2), plexNoCount(day(3))])]), AS_OF),
    ).toEqual([]);
  });

  it('says what was recorded, dated at the first PLEX, as info with its source', () => {
    const [flag] = run(
      plexCourseShortRule,
      patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(6), 3)])]),
      day(10),
    );
    expect(flag).toMatchObject({
      ...flagHead('PLEX_COURSE_SHORT', 'info', day(6), 'open'),
      source: SOURCES.plexCourse,
      details: {
        onsetDate: ONSET,
        phenotype: 'transverse_myelitis',
        severity: 'severe',
        plexStartDate: day(6),
        sessions: 3,
        plexMinimumSessions: 5,
        plexCourses: [{ type: 'plex', startDate: day(6), days: null, dailyDoseMg: null, sessions: 3 }],
      },
      message:
        'Attack on 2024-03-02 (transverse myelitis, severe): plasma exchange started 2024-03-08 was recorded with 3 sessions; ' +
        'an attack calls for at least 5 exchanges (5-7, every other day).',
    });
    expect(run(plexCourseShortRule, patientWith([severe(ONSET, [plex(day(6), 1)])]), day(10))[0]?.message).toContain(
      'recorded with 1 session;',
    );
  });

  it('adds up the records of the first PLEX day', () => {
    expect(run(plexCourseShortRule, patientWith([severe(ONSET, [plex(day(3), 2), plex(day(3), 3)])]), AS_OF)).toEqual(
      [],
    );
    expect(
      codes(run(plexCourseShortRule, patientWith([severe(ONSET, [plex(day(3), 2), plex(day(3), 2)])]), AS_OF)),
    ).toEqual(['PLEX_COURSE_SHORT']);
  });

  // Short PLEX on day 6 (3 sessions): a later record bringing the total to 5 resolves it on its day;
  // one that leaves it at 4 does not; one without a count continues it (resolves).
  it.each<[string, AcuteTreatment[], number, ReturnType<typeof lifecycle>]>([
    [
      'continued with 2 on day 12, as of day 11',
      [plex(day(6), 3), plex(day(12), 2)],
      11,
      [{ code: 'PLEX_COURSE_SHORT', status: 'open' }],
    ],
    [
      'continued with 2 on day 12, as of day 12',
      [plex(day(6), 3), plex(day(12), 2)],
      12,
      [resolved('PLEX_COURSE_SHORT', day(12), 'PLEX continued from 2024-03-14, day 12: 5 sessions in all')],
    ],
    [
      'continued with 1 on day 12 (4 in all), as of day 12',
      [plex(day(6), 3), plex(day(12), 1)],
      12,
      [{ code: 'PLEX_COURSE_SHORT', status: 'open' }],
    ],
    [
      'continued with 1 then 1 (5 in all)',
      [plex(day(6), 3), plex(day(12), 1), plex(day(16), 1)],
      20,
      [resolved('PLEX_COURSE_SHORT', day(16), 'PLEX continued from 2024-03-18, day 16: 5 sessions in all')],
    ],
    [
      'continued without a count',
      [plex(day(6), 3), plexNoCount(day(12))],
      20,
      [resolved('PLEX_COURSE_SHORT', day(12), 'PLEX continued from 2024-03-14, day 12, sessions not recorded')],
    ],
  ])('%s', (_label, treatments, asOfDay, expected) => {
    expect(lifecycle(run(plexCourseShortRule, patientWith([severe(ONSET, treatments)]), day(asOfDay)))).toEqual(
      expected,
    );
  });

  // Expiry: the later of onset + 30 and the first PLEX + 14 (lifecycle.plexCourseDays), both included.
  it.each<[number, number, string]>([
    [6, 30, 'open'],
    [6, 31, 'expired'],
    [20, 34, 'open'],
    [20, 35, 'expired'],
  ])('short PLEX on day %i, as of day %i: %s', (plexDay, asOfDay, status) => {
    const [flag] = run(plexCourseShortRule, patientWith([severe(ONSET, [plex(day(plexDay), 3)])]), day(asOfDay));
    expect(flag?.status).toBe(status);
    if (status === 'expired') expect(flag?.details.expiredOn).toBe(day(asOfDay));
  });

  it('follows settings.acute.plexMinimumSessions', () => {
    const patient = patientWith([severe(ONSET, [plex(day(3), 5)])]);
    expect(run(plexCourseShortRule, patient, AS_OF)).toEqual([]);
    const [flag] = run(plexCourseShortRule, patient, AS_OF, { acute: { plexMinimumSessions: 7 } });
    expect(flag?.message).toContain('at least 7 exchanges');
    expect(flag?.details.plexMinimumSessions).toBe(7);
  });

  it('flags moderate attacks too, one flag per attack, and only attacks with PLEX', () => {
    const patient = patientWith([
      attack('2022-01-01', [ivmp('2022-01-02', 5, 1000), plex('2022-01-08', 4)]),
      attack('2023-01-01', [ivmp('2023-01-02', 5, 1000)]),
      severe(ONSET, [plex(day(2), 2), plex(day(8), 1)]),
    ]);
    expect(run(plexCourseShortRule, patient, AS_OF).map((f) => [f.date, f.status])).toEqual([
      ['2022-01-08', 'expired'],
      [day(2), 'expired'],
    ]);
  });
});

describe('PLEX_DELAYED', () => {
  // Default acute.plexDelayedAfterDays 7: severe attack, IVMP on day 1, PLEX on day 7 on time, day 8 late.
  it.each([
    [0, false],
    [6, false],
    [7, false],
    [8, true],
    [14, true],
  ])('severe attack, IVMP on day 1, PLEX on day %i: delayed %s', (plexDay, delayed) => {
    const patient = patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(plexDay))])]);
    expect(codes(run(plexDelayedRule, patient, AS_OF))).toEqual(delayed ? ['PLEX_DELAYED'] : []);
  });

  it('judges severe attacks only', () => {
    for (const severity of ['mild', 'moderate'] as const) {
      const patient = patientWith([attack(ONSET, [ivmp(day(1), 5, 1000), plex(day(12))], { severity })]);
      expect(run(plexDelayedRule, patient, AS_OF)).toEqual([]);
    }
  });

  it('says when PLEX came and what came first, dated at the onset', () => {
    const [flag] = run(plexDelayedRule, patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(12))])]), day(12));
    expect(flag).toMatchObject({
      ...flagHead('PLEX_DELAYED', 'warning', ONSET, 'open'),
      source: SOURCES.plexDelay,
      details: {
        onsetDate: ONSET,
        phenotype: 'transverse_myelitis',
        severity: 'severe',
        plexStartDate: day(12),
        onsetToPlexDays: 12,
        firstTreatmentDate: day(1),
        firstTreatmentType: 'ivmp',
        onsetToFirstTreatmentDays: 1,
        plexDelayedAfterDays: 7,
      },
      message:
        'Attack on 2024-03-02 (transverse myelitis, severe): plasma exchange started 12 days after onset, on 2024-03-14 ' +
        '(first acute treatment: IVMP on 2024-03-03, day 1); in a severe attack PLEX is expected within 7 days. ' +
        'Complete improvement falls from 50% with PLEX at day 0 to 1-5% after day 20 (Bonnan et al. 2018).',
    });
  });

  it('PLEX as the first treatment, late but within 14 days: no "first acute treatment" clause', () => {
    const [flag] = run(plexDelayedRule, patientWith([severe(ONSET, [plex(day(10))])]), AS_OF);
    expect(flag?.message).toContain('plasma exchange started 10 days after onset, on 2024-03-12; in a severe attack');
    expect(flag?.details).toMatchObject({ firstTreatmentType: 'plex', onsetToFirstTreatmentDays: 10 });
  });

  // No two flags for one delay: when the first acute treatment was itself late (day 15 and on),
  // ACUTE_TREATMENT_DELAYED reports the PLEX timing with the same evidence; PLEX_DELAYED stays silent.
  it.each<[string, AcuteTreatment[], string[]]>([
    ['IVMP day 14, PLEX day 20', [ivmp(day(14), 5, 1000), plex(day(20))], ['PLEX_DELAYED']],
    ['IVMP day 15, PLEX day 20', [ivmp(day(15), 5, 1000), plex(day(20))], ['ACUTE_TREATMENT_DELAYED']],
    ['PLEX first on day 14', [plex(day(14))], ['PLEX_DELAYED']],
    ['PLEX first on day 15', [plex(day(15))], ['ACUTE_TREATMENT_DELAYED']],
    ['IVMP day 2, PLEX day 7', [ivmp(day(2), 5, 1000), plex(day(7))], []],
  ])('%s: %j', (_label, treatments, expected) => {
    const patient = patientWith([severe(ONSET, treatments)]);
    const flags = [...run(acuteTreatmentDelayedRule, patient, AS_OF), ...run(plexDelayedRule, patient, AS_OF)];
    expect(codes(flags)).toEqual(expected);
  });

  it('is not raised before the PLEX is recorded (SEVERE_ATTACK_WITHOUT_PLEX is open meanwhile)', () => {
    const patient = patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(12))])]);
    expect(run(plexDelayedRule, patient, day(11))).toEqual([]);
    expect(lifecycle(run(severeAttackWithoutPlexRule, patient, day(11)))).toEqual([
      { code: 'SEVERE_ATTACK_WITHOUT_PLEX', status: 'open' },
    ]);
    expect(lifecycle(run(severeAttackWithoutPlexRule, patient, day(12)))).toEqual([
      resolved('SEVERE_ATTACK_WITHOUT_PLEX', day(12), 'PLEX started on 2024-03-14, day 12'),
    ]);
    expect(lifecycle(run(plexDelayedRule, patient, day(12)))).toEqual([{ code: 'PLEX_DELAYED', status: 'open' }]);
  });

  // Never resolved: open to onset + 30 (lifecycle.acutePhaseDays), expired from day 31.
  it.each<[number, string]>([
    [12, 'open'],
    [30, 'open'],
    [31, 'expired'],
    [400, 'expired'],
  ])('PLEX on day 12, as of day %i: %s', (asOfDay, status) => {
    const patient = patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(12)), plex(day(20))])]);
    expect(lifecycle(run(plexDelayedRule, patient, day(asOfDay)))).toEqual([
      { code: 'PLEX_DELAYED', status, ...(status === 'expired' ? { expiredOn: day(31) } : {}) },
    ]);
  });

  it('follows settings.acute.plexDelayedAfterDays', () => {
    const patient = patientWith([severe(ONSET, [ivmp(day(1), 5, 1000), plex(day(6))])]);
    expect(run(plexDelayedRule, patient, AS_OF)).toEqual([]);
    const settings = { acute: { plexDelayedAfterDays: 5 } };
    expect(codes(run(plexDelayedRule, patient, AS_OF, settings))).toEqual(['PLEX_DELAYED']);
    expect(run(plexDelayedRule, patient, AS_OF, settings)[0]?.message).toContain('expected within 5 days');
  });
});
