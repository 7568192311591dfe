import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/calendar-date.ts';
import type { AcuteTreatment } from '../../../src/records/relapse.ts';
import { acuteTreatmentDelayedRule } from '../../../src/rules/relapse/acute-treatment-delayed.ts';
import { untreatedRelapseRule } from '../../../src/rules/relapse/untreated-relapse.ts';
import { SOURCES } from '../../../src/rules/sources.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { attack, ivmp, plex, severe } from './fixtures.ts';

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
  ])('first treatment on day %i after onset: delayed %s', (days, delayed) => {
    const flags = run(acuteTreatmentDelayedRule, patientWith([attack(ONSET, [ivmp(day(days), 5, 1000)])]), AS_OF);
    expect(codes(flags)).toEqual(delayed ? ['ACUTE_TREATMENT_DELAYED'] : []);
  });

  it('says how late the first treatment was, dated at the onset', () => {
    const patient = patientWith([severe(ONSET, [ivmp(day(20), 5, 1000)])]);
    const [flag] = run(acuteTreatmentDelayedRule, patient, AS_OF);
    expect(flag).toMatchObject({ severity: 'warning', date: ONSET, source: SOURCES.acuteTreatment });
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
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): first acute treatment (IVMP) started 20 days after onset, ' +
        'on 2024-03-22; the guideline expects treatment within 14 days.',
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

  it.each<[string, AcuteTreatment[], boolean]>([
    ['an oral taper, then PLEX', [{ type: 'oral_steroid_taper', startDate: day(15) }, plex(day(18))], true],
    ['IVIG only', [{ type: 'ivig', startDate: day(15), days: 5 }], false],
  ])('first treatment %s: PLEX evidence %s', (_label, treatments, withPlexEvidence) => {
    const [flag] = run(acuteTreatmentDelayedRule, patientWith([severe(ONSET, treatments)]), AS_OF);
    expect(flag?.details.firstTreatmentType).toBe(treatments[0]?.type);
    expect(flag?.details.onsetToIvmpDays).toBeNull();
    expect('plexTimingSource' in (flag?.details ?? {})).toBe(withPlexEvidence);
    expect(flag?.message.includes('Bonnan')).toBe(withPlexEvidence);
  });

  it('needs a recorded treatment: none, or one after the as-of date, is not delayed (UNTREATED_RELAPSE covers it)', () => {
    expect(run(acuteTreatmentDelayedRule, patientWith([attack(ONSET)]), AS_OF)).toEqual([]);
    expect(run(acuteTreatmentDelayedRule, patientWith([attack(ONSET, [])]), AS_OF)).toEqual([]);
    const late = patientWith([attack(ONSET, [ivmp(day(20))])]);
    expect(run(acuteTreatmentDelayedRule, late, day(19))).toEqual([]);
    expect(codes(run(acuteTreatmentDelayedRule, late, day(20)))).toEqual(['ACUTE_TREATMENT_DELAYED']);
  });

  it('follows settings.acute.delayedAfterDays', () => {
    const patient = patientWith([attack(ONSET, [ivmp(day(8))])]);
    expect(run(acuteTreatmentDelayedRule, patient, AS_OF)).toEqual([]);
    const flags = run(acuteTreatmentDelayedRule, patient, AS_OF, { acute: { delayedAfterDays: 7 } });
    expect(flags[0]?.message).toContain('the guideline expects treatment within 7 days');
    expect(flags[0]?.details.delayedAfterDays).toBe(7);
  });

  it('flags each late attack once', () => {
    const patient = patientWith([
      attack('2022-01-01', [ivmp('2022-01-30'), ivmp('2022-02-10')]),
      attack('2023-01-01', [ivmp('2023-01-03')]),
      attack(ONSET, [ivmp(day(15))]),
    ]);
    expect(run(acuteTreatmentDelayedRule, patient, AS_OF).map((f) => f.date)).toEqual(['2022-01-01', ONSET]);
  });
});

describe('UNTREATED_RELAPSE', () => {
  it.each([
    [0, false],
    [13, false],
    [14, true],
    [15, true],
    [400, true],
  ])('no treatment recorded, as of day %i after onset: flag %s', (days, flagged) => {
    expect(codes(run(untreatedRelapseRule, patientWith([attack(ONSET)]), day(days)))).toEqual(
      flagged ? ['UNTREATED_RELAPSE'] : [],
    );
  });

  it('says how long the attack has gone untreated, dated at the onset', () => {
    const [flag] = run(untreatedRelapseRule, patientWith([severe(ONSET, [])]), day(20));
    expect(flag).toMatchObject({ severity: 'warning', date: ONSET, source: SOURCES.acuteTreatment });
    expect(flag?.details).toEqual({
      onsetDate: ONSET,
      phenotype: 'transverse_myelitis',
      severity: 'severe',
      asOf: '2024-03-22',
      daysSinceOnset: 20,
      untreatedAfterDays: 14,
    });
    expect(flag?.message).toBe(
      'Attack on 2024-03-02 (transverse myelitis, severe): no acute treatment recorded 20 days after onset (as of 2024-03-22); ' +
        'the guideline expects IVMP (or PLEX) within 14 days. Record the treatment if it was given.',
    );
  });

  it.each([
    ['IVMP', ivmp(day(30))],
    ['PLEX', plex(day(30))],
    ['an oral taper', { type: 'oral_steroid_taper', startDate: day(30) } satisfies AcuteTreatment],
  ])('any recorded treatment (%s) clears it, from its start date on', (_label, treatment) => {
    const patient = patientWith([attack(ONSET, [treatment])]);
    expect(codes(run(untreatedRelapseRule, patient, day(29)))).toEqual(['UNTREATED_RELAPSE']);
    expect(run(untreatedRelapseRule, patient, day(30))).toEqual([]);
  });

  it('follows settings.acute.untreatedAfterDays', () => {
    const patient = patientWith([attack(ONSET)]);
    expect(run(untreatedRelapseRule, patient, day(7))).toEqual([]);
    expect(codes(run(untreatedRelapseRule, patient, day(7), { acute: { untreatedAfterDays: 7 } }))).toEqual([
      'UNTREATED_RELAPSE',
    ]);
  });

  it('flags each untreated attack once, and not attacks after the as-of date', () => {
    const patient = patientWith([attack('2023-05-01'), attack('2022-01-01', [ivmp('2022-01-02')]), attack(ONSET)]);
    expect(run(untreatedRelapseRule, patient, day(14)).map((f) => f.date)).toEqual(['2023-05-01', ONSET]);
    expect(run(untreatedRelapseRule, patient, '2024-03-01').map((f) => f.date)).toEqual(['2023-05-01']);
  });
});
