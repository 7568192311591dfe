import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { AcuteTreatment } from '../../../src/records/relapse.ts';
import { acuteTreatmentDelayedRule } from '../../../src/rules/relapse/acute-treatment-delayed.ts';
import { untreatedRelapseRule } from '../../../src/rules/relapse/untreated-relapse.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, expired, ivmp, lifecycle, plex, resolved, severe, taper } from './fixtures.ts';

const ONSET = '2024-03-02';
const day = (n: number) => addDays(ONSET, n);
const AS_OF = '2024-12-31';

describe('ACUTE_TREATMENT_DELAYED', () => {
  it.each([
    [0, false],
    [13, false],
    [14, false],
    [15, true],
    [40, true],
  ])('first treatment on day %i after onset: delayed %s (expired as of months later)', (days, delayed) => {
    const flags = run(acuteTreatmentDelayedRule, patientWith([attack(ONSET, [ivmp(day(days), 5, 1000)])]), AS_OF);
    expect(codes(flags)).toEqual(delayed ? ['ACUTE_TREATMENT_DELAYED'] : []);
    expect(lifecycle(flags)).toEqual(delayed ? [expired('ACUTE_TREATMENT_DELAYED', day(31))] : []);
  });

  it('says how late the first treatment was, dated at the onset', () => {
    const patient = patientWith([severe(ONSET, [ivmp(day(20), 5, 1000)])]);
    const [flag] = run(acuteTreatmentDelayedRule, patient, AS_OF);
    expect(flag).toMatchObject({ severity: 'warning', date: ONSET, source: SOURCES.acuteTreatment, status: 'expired' });
    expect(flag?.details).toEqual({
      onsetDate: ONSET,
      phenotype: 'transverse_myelitis',
      severity: 'severe',
      firstTreatmentDate: '2024-03-22',
      firstTreatmentType: 'ivmp',
      onsetToFirstTreatmentDays: 20,
      onsetToIvmpDays: 20,
      onsetToPlexDays: null,
      delayedAfterDays: 14,
      notCountedTreatments: [],
      expiredOn: '2024-04-02',
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): first acute treatment (IVMP) started 20 days after onset, ' +
        'on 2024-03-22; the clinic standard is treatment within 14 days.',
    );
  });

  it('adds the PLEX timing evidence when PLEX is the late first treatment', () => {
    const [flag] = run(acuteTreatmentDelayedRule, patientWith([severe(ONSET, [plex(day(15))])]), AS_OF);
    expect(flag?.details).toMatchObject({
      firstTreatmentType: 'plex',
      onsetToFirstTreatmentDays: 15,
      onsetToIvmpDays: null,
      onsetToPlexDays: 15,
      plexTimingSource: SOURCES.plexDelay,
    });
    expect(flag?.message).toContain(
      'PLEX started 15 days after onset; complete improvement falls from 50% with PLEX at day 0 to 1-5% after day 20 (Bonnan et al. 2018).',
    );
  });

  it('uses the earliest treatment whatever the input order, and reports IVMP and PLEX timing separately', () => {
    const treatments: AcuteTreatment[] = [plex(day(25)), ivmp(day(16), 5, 1000)];
    const [flag] = run(acuteTreatmentDelayedRule, patientWith([severe(ONSET, treatments)]), AS_OF);
    expect(flag?.details).toMatchObject({
      firstTreatmentType: 'ivmp',
      onsetToFirstTreatmentDays: 16,
      onsetToIvmpDays: 16,
      onsetToPlexDays: 25,
      plexTimingSource: SOURCES.plexDelay,
    });
    expect(flag?.message).toContain('first acute treatment (IVMP) started 16 days after onset');
  });

  it('does not flag late escalation to PLEX when the first treatment was on time', () => {
    const patient = patientWith([severe(ONSET, [ivmp(day(2), 5, 1000), plex(day(30))])]);
    expect(run(acuteTreatmentDelayedRule, patient, AS_OF)).toEqual([]);
  });

  it('an oral taper, then PLEX: the PLEX is the first acute treatment, with the PLEX evidence', () => {
    const treatments: AcuteTreatment[] = [taper(day(15)), plex(day(18))];
    const [flag] = run(acuteTreatmentDelayedRule, patientWith([severe(ONSET, treatments)]), AS_OF);
    expect(flag?.details).toMatchObject({
      firstTreatmentType: 'plex',
      onsetToFirstTreatmentDays: 18,
      onsetToIvmpDays: null,
      plexTimingSource: SOURCES.plexDelay,
    });
    expect(flag?.message).toContain('Bonnan');
  });

  // The example: an oral taper on day 2 does not hide IVMP given on day 20.
  it('an oral taper on day 2 and IVMP on day 20: delayed, dated by the IVMP, the taper named as not counted', () => {
    const patient = patientWith([attack(ONSET, [taper(day(2)), ivmp(day(20), 5, 1000)])]);
    const [flag] = run(acuteTreatmentDelayedRule, patient, day(20));
    expect(flag).toMatchObject({ code: 'ACUTE_TREATMENT_DELAYED', status: 'open', date: ONSET });
    expect(flag?.details).toMatchObject({
      firstTreatmentDate: day(20),
      firstTreatmentType: 'ivmp',
      onsetToFirstTreatmentDays: 20,
      notCountedTreatments: [
        { type: 'oral_steroid_taper', startDate: day(2), days: 14, dailyDoseMg: null, sessions: null },
      ],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (optic neuritis, moderate): first acute treatment (IVMP) started 20 days after onset, ' +
        'on 2024-03-22; the clinic standard is treatment within 14 days. Not counted as acute treatment: oral steroid taper from 2024-03-04.',
    );
    // Before the IVMP is recorded there is nothing to date the delay by (UNTREATED_RELAPSE is open).
    expect(run(acuteTreatmentDelayedRule, patient, day(19))).toEqual([]);
  });

  // With an oral taper from day 0, the IVMP day alone decides: day 14 on time, day 15 late.
  it.each([
    [13, false],
    [14, false],
    [15, true],
  ])('an oral taper on day 0 and IVMP on day %i: delayed %s', (ivmpDay, delayed) => {
    const patient = patientWith([attack(ONSET, [taper(day(0)), ivmp(day(ivmpDay), 5, 1000)])]);
    expect(codes(run(acuteTreatmentDelayedRule, patient, AS_OF))).toEqual(delayed ? ['ACUTE_TREATMENT_DELAYED'] : []);
  });

  it.each<[string, AcuteTreatment[]]>([
    ['an oral taper', [taper(day(20))]],
    ['IVIG', [{ type: 'ivig', startDate: day(20), days: 5 }]],
  ])('%s alone is not acute treatment: nothing to call delayed (UNTREATED_RELAPSE covers it)', (_label, treatments) => {
    expect(run(acuteTreatmentDelayedRule, patientWith([severe(ONSET, treatments)]), AS_OF)).toEqual([]);
  });

  it('IVIG counts where the clinic setting says so', () => {
    const patient = patientWith([severe(ONSET, [{ type: 'ivig', startDate: day(15), days: 5 }])]);
    const [flag] = run(acuteTreatmentDelayedRule, patient, AS_OF, { acute: { ivigCountsAsAcuteTreatment: true } });
    expect(flag?.details).toMatchObject({ firstTreatmentType: 'ivig', onsetToFirstTreatmentDays: 15 });
    expect(flag?.details).not.toHaveProperty('plexTimingSource');
    const onTime = patientWith([severe(ONSET, [{ type: 'ivig', startDate: day(14), days: 5 }])]);
    expect(run(acuteTreatmentDelayedRule, onTime, AS_OF, { acute: { ivigCountsAsAcuteTreatment: true } })).toEqual([]);
  });

  it('needs a recorded treatment: none, or one after the as-of date, is not delayed (UNTREATED_RELAPSE covers it)', () => {
    expect(run(acuteTreatmentDelayedRule, patientWith([attack(ONSET)]), AS_OF)).toEqual([]);
    expect(run(acuteTreatmentDelayedRule, patientWith([attack(ONSET, [])]), AS_OF)).toEqual([]);
    const late = patientWith([attack(ONSET, [ivmp(day(20))])]);
    expect(run(acuteTreatmentDelayedRule, late, day(19))).toEqual([]);
    expect(lifecycle(run(acuteTreatmentDelayedRule, late, day(20)))).toEqual([
      { code: 'ACUTE_TREATMENT_DELAYED', status: 'open' },
    ]);
  });

  // First treatment on day 20: no flag before it is recorded, open to day 30, expired from day 31.
  // Later treatments (PLEX on day 25) never resolve it: the delay happened.
  it.each<[number, string | null]>([
    [19, null],
    [20, 'open'],
    [25, 'open'],
    [30, 'open'],
    [31, 'expired'],
    [400, 'expired'],
  ])('treated on day 20, as of day %i: %s', (asOfDay, status) => {
    const patient = patientWith([severe(ONSET, [ivmp(day(20), 5, 1000), plex(day(25))])]);
    const flags = run(acuteTreatmentDelayedRule, patient, day(asOfDay));
    expect(lifecycle(flags)).toEqual(
      status === null
        ? []
        : [{ code: 'ACUTE_TREATMENT_DELAYED', status, ...(status === 'expired' ? { expiredOn: day(31) } : {}) }],
    );
  });

  it('is expired from the start when the first treatment comes after the acute phase (day 40)', () => {
    const patient = patientWith([attack(ONSET, [ivmp(day(40), 5, 1000)])]);
    expect(run(acuteTreatmentDelayedRule, patient, day(39))).toEqual([]);
    expect(lifecycle(run(acuteTreatmentDelayedRule, patient, day(40)))).toEqual([
      expired('ACUTE_TREATMENT_DELAYED', day(31)),
    ]);
  });

  it.each([
    [20, 'open'],
    [21, 'expired'],
  ])('follows settings.lifecycle.acutePhaseDays (20), as of day %i: %s', (asOfDay, status) => {
    const patient = patientWith([attack(ONSET, [ivmp(day(16))])]);
    const [flag] = run(acuteTreatmentDelayedRule, patient, day(asOfDay), { lifecycle: { acutePhaseDays: 20 } });
    expect(flag?.status).toBe(status);
  });

  it('follows settings.acute.delayedAfterDays', () => {
    const patient = patientWith([attack(ONSET, [ivmp(day(8))])]);
    expect(run(acuteTreatmentDelayedRule, patient, AS_OF)).toEqual([]);
    const flags = run(acuteTreatmentDelayedRule, patient, AS_OF, { acute: { delayedAfterDays: 7 } });
    expect(flags[0]?.message).toContain('the clinic standard is treatment within 7 days');
    expect(flags[0]?.details.delayedAfterDays).toBe(7);
    expect(flags[0]?.status).toBe('expired');
  });

  it('flags each late attack once', () => {
    const patient = patientWith([
      attack('2022-01-01', [ivmp('2022-01-30'), ivmp('2022-02-10')]),
      attack('2023-01-01', [ivmp('2023-01-03')]),
      attack(ONSET, [ivmp(day(15))]),
    ]);
    expect(run(acuteTreatmentDelayedRule, patient, AS_OF).map((f) => f.date)).toEqual(['2022-01-01', ONSET]);
    expect(run(acuteTreatmentDelayedRule, patient, day(20)).map((f) => [f.date, f.status])).toEqual([
      ['2022-01-01', 'expired'],
      [ONSET, 'open'],
    ]);
  });
});

describe('UNTREATED_RELAPSE', () => {
  // Default acute.untreatedAfterDays 4: nothing as of day 3, the flag from day 4.
  it.each<[number, string | null]>([
    [0, null],
    [3, null],
    [4, 'open'],
    [5, 'open'],
    [14, 'open'],
    [30, 'open'],
    [31, 'expired'],
    [400, 'expired'],
  ])('no treatment recorded, as of day %i after onset: %s', (days, status) => {
    const flags = run(untreatedRelapseRule, patientWith([attack(ONSET)]), day(days));
    expect(codes(flags)).toEqual(status ? ['UNTREATED_RELAPSE'] : []);
    expect(lifecycle(flags)).toEqual(
      status === null
        ? []
        : [{ code: 'UNTREATED_RELAPSE', status, ...(status === 'expired' ? { expiredOn: day(31) } : {}) }],
    );
  });

  // A first treatment on day 20 (after day 4): the flag is open from day 4, resolved from day 20 on.
  it.each<[number, string | null]>([
    [3, null],
    [4, 'open'],
    [19, 'open'],
    [20, 'resolved'],
    [25, 'resolved'],
    [31, 'resolved'],
    [400, 'resolved'],
  ])('treated on day 20, as of day %i: %s', (asOfDay, status) => {
    const flags = run(untreatedRelapseRule, patientWith([attack(ONSET, [ivmp(day(20), 5, 1000)])]), day(asOfDay));
    expect(lifecycle(flags)).toEqual(
      status === null
        ? []
        : [
            {
              code: 'UNTREATED_RELAPSE',
              status,
              ...(status === 'resolved'
                ? { resolvedOn: day(20), resolution: 'IVMP started on 2024-03-22, day 20' }
                : {}),
            },
          ],
    );
  });

  it('treated on day 20, seen as of day 25: resolved, with what and when, and a message that stays true', () => {
    const [flag] = run(untreatedRelapseRule, patientWith([severe(ONSET, [ivmp(day(20), 5, 1000)])]), day(25));
    expect(flag).toMatchObject({
      code: 'UNTREATED_RELAPSE',
      date: ONSET,
      status: 'resolved',
      resolvedOn: '2024-03-22',
      resolution: 'IVMP started on 2024-03-22, day 20',
    });
    expect(flag?.details).toEqual({
      onsetDate: ONSET,
      phenotype: 'transverse_myelitis',
      severity: 'severe',
      asOf: day(25),
      daysSinceOnset: 25,
      untreatedAfterDays: 4,
      notCountedTreatments: [],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): no acute treatment (IVMP or PLEX) recorded within 4 days of onset; ' +
        'the first (IVMP) started 20 days after onset, on 2024-03-22.',
    );
  });

  it.each([
    [0, false],
    [3, false],
    [4, false],
    [5, true],
    [15, true],
  ])('a first treatment on day %i: flag at all %s', (treatedDay, flagged) => {
    const patient = patientWith([attack(ONSET, [ivmp(day(treatedDay))])]);
    const flags = run(untreatedRelapseRule, patient, day(100));
    expect(lifecycle(flags)).toEqual(
      flagged
        ? [resolved('UNTREATED_RELAPSE', day(treatedDay), `IVMP started on ${day(treatedDay)}, day ${treatedDay}`)]
        : [],
    );
  });

  it('a treatment recorded after the acute phase (day 40) resolves the expired flag from its date', () => {
    const patient = patientWith([attack(ONSET, [plex(day(40))])]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(39)))).toEqual([expired('UNTREATED_RELAPSE', day(31))]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(40)))).toEqual([
      resolved('UNTREATED_RELAPSE', day(40), 'PLEX started on 2024-04-11, day 40'),
    ]);
  });

  it('says how long the attack has gone untreated, dated at the onset', () => {
    const [flag] = run(untreatedRelapseRule, patientWith([severe(ONSET, [])]), day(20));
    expect(flag).toMatchObject({ severity: 'warning', date: ONSET, source: SOURCES.untreatedAttack, status: 'open' });
    expect(flag?.details).toEqual({
      onsetDate: ONSET,
      phenotype: 'transverse_myelitis',
      severity: 'severe',
      asOf: '2024-03-22',
      daysSinceOnset: 20,
      untreatedAfterDays: 4,
      notCountedTreatments: [],
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): no acute treatment (IVMP or PLEX) recorded 20 days after onset (as of 2024-03-22); ' +
        'treatment should start immediately, by day 4 at the latest. Record the treatment if it was given.',
    );
  });

  it.each([
    ['IVMP', ivmp(day(30))],
    ['PLEX', plex(day(30))],
  ])('an acute treatment (%s) resolves it, from its start date on', (label, treatment) => {
    const patient = patientWith([attack(ONSET, [treatment])]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(29)))).toEqual([
      { code: 'UNTREATED_RELAPSE', status: 'open' },
    ]);
    const treated = run(untreatedRelapseRule, patient, day(30));
    expect(treated.filter((f) => f.status === 'open')).toEqual([]);
    expect(lifecycle(treated)).toEqual([
      resolved('UNTREATED_RELAPSE', day(30), `${label} started on ${day(30)}, day 30`),
    ]);
  });

  it.each<[string, AcuteTreatment, string]>([
    ['an oral taper', taper(day(1)), 'oral steroid taper from 2024-03-03'],
    ['IVIG', { type: 'ivig', startDate: day(1), days: 5 }, 'IVIG from 2024-03-03'],
  ])('%s alone does not resolve it: open to day 30, expired from day 31', (_label, treatment, named) => {
    const patient = patientWith([attack(ONSET, [treatment])]);
    expect(run(untreatedRelapseRule, patient, day(3))).toEqual([]);
    const [flag] = run(untreatedRelapseRule, patient, day(4));
    expect(flag?.status).toBe('open');
    expect(flag?.message).toContain(`Not counted as acute treatment: ${named}.`);
    expect(flag?.details.notCountedTreatments).toHaveLength(1);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(30)))).toEqual([
      { code: 'UNTREATED_RELAPSE', status: 'open' },
    ]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(31)))).toEqual([expired('UNTREATED_RELAPSE', day(31))]);
  });

  it('an oral taper on day 2 and IVMP on day 20 (the issue): open from day 4, resolved by the IVMP', () => {
    const patient = patientWith([attack(ONSET, [taper(day(2)), ivmp(day(20), 5, 1000)])]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(19)))).toEqual([
      { code: 'UNTREATED_RELAPSE', status: 'open' },
    ]);
    expect(lifecycle(run(untreatedRelapseRule, patient, day(20)))).toEqual([
      resolved('UNTREATED_RELAPSE', day(20), 'IVMP started on 2024-03-22, day 20'),
    ]);
  });

  it.each([
    [4, false],
    [5, true],
  ])('IVIG on day %i counts where the clinic setting says so: flagged %s', (ivigDay, flagged) => {
    const patient = patientWith([attack(ONSET, [{ type: 'ivig', startDate: day(ivigDay), days: 5 }])]);
    const settings = { acute: { ivigCountsAsAcuteTreatment: true } };
    const flags = run(untreatedRelapseRule, patient, day(40), settings);
    expect(lifecycle(flags)).toEqual(
      flagged ? [resolved('UNTREATED_RELAPSE', day(ivigDay), `IVIG started on ${day(ivigDay)}, day ${ivigDay}`)] : [],
    );
  });

  it('follows settings.acute.untreatedAfterDays', () => {
    const patient = patientWith([attack(ONSET)]);
    const settings = { acute: { untreatedAfterDays: 14 } };
    expect(run(untreatedRelapseRule, patient, day(13), settings)).toEqual([]);
    expect(codes(run(untreatedRelapseRule, patient, day(14), settings))).toEqual(['UNTREATED_RELAPSE']);
    expect(run(untreatedRelapseRule, patient, day(14), settings)[0]?.status).toBe('open');
    expect(run(untreatedRelapseRule, patientWith([attack(ONSET, [ivmp(day(14))])]), day(40), settings)).toEqual([]);
  });

  it.each([
    [20, 'open'],
    [21, 'expired'],
  ])('follows settings.lifecycle.acutePhaseDays (20), as of day %i: %s', (asOfDay, status) => {
    const [flag] = run(untreatedRelapseRule, patientWith([attack(ONSET)]), day(asOfDay), {
      lifecycle: { acutePhaseDays: 20 },
    });
    expect(flag?.status).toBe(status);
  });

  it('flags each untreated attack once, and not attacks after the as-of date', () => {
    const patient = patientWith([attack('2023-05-01'), attack('2022-01-01', [ivmp('2022-01-02')]), attack(ONSET)]);
    expect(run(untreatedRelapseRule, patient, day(14)).map((f) => f.date)).toEqual(['2023-05-01', ONSET]);
    expect(run(untreatedRelapseRule, patient, '2024-03-01').map((f) => f.date)).toEqual(['2023-05-01']);
    // Only the current attack is open; the one of 2023 is a record (expired).
    expect(run(untreatedRelapseRule, patient, day(14)).map((f) => [f.date, f.status])).toEqual([
      ['2023-05-01', 'expired'],
      [ONSET, 'open'],
    ]);
  });
});
