import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar-date.ts';
import { patientMetrics } from '../../src/metrics/patient-metrics.ts';
import { ruleContext } from '../../src/rules/engine.ts';
import { acuteTreatmentDelayedRule } from '../../src/rules/relapse/acute-treatment-delayed.ts';
import { breakthroughRule } from '../../src/rules/relapse/breakthrough.ts';
import { severeAttackWithoutPlexRule } from '../../src/rules/relapse/severe-attack-without-plex.ts';
import { untreatedRelapseRule } from '../../src/rules/relapse/untreated-relapse.ts';
import { buildClinicalTimeline, clinicalAttacks } from '../../src/rules/timeline.ts';
import { codes, patientWith, run } from './helpers.ts';
import { attack, ivmp, plex, therapy } from './relapse/fixtures.ts';

const FIRST = '2024-03-02';
const day = (n: number) => addDays(FIRST, n);

describe('attack identity: onsets less than attackClusterDays (30) apart are one attack', () => {
  it.each([
    [29, 1],
    [30, 2],
    [31, 2],
  ])('second record %i days after the first: %i clinical attacks', (days, count) => {
    const records = [attack(FIRST), attack(day(days))];
    const timeline = buildClinicalTimeline(records, '2025-01-01');
    expect(timeline.relapses).toHaveLength(count);
    expect(timeline.relapses.map((a) => a.onsetDate)).toEqual(count === 1 ? [FIRST] : [FIRST, day(days)]);
  });

  it('merges every part: first onset and phenotype, worst severity, all phenotypes, treatments by date', () => {
    const records = [
      attack(day(20), [plex(day(22))], { phenotype: 'transverse_myelitis', severity: 'severe' }),
      attack(FIRST, [ivmp(day(1), 5, 1000)], { phenotype: 'optic_neuritis', severity: 'mild' }),
      attack(day(10), [ivmp(day(11), 3, 1000)], { phenotype: 'optic_neuritis', severity: 'moderate' }),
    ];
    const [merged, ...rest] = buildClinicalTimeline(records, '2025-01-01').relapses;
    expect(rest).toEqual([]);
    expect(merged).toEqual({
      type: 'relapse',
      onsetDate: FIRST,
      phenotype: 'optic_neuritis',
      severity: 'severe',
      phenotypes: ['optic_neuritis', 'transverse_myelitis'],
      recordOnsets: [FIRST, day(10), day(20)],
      worsenedOn: day(20),
      acuteTreatments: [ivmp(day(1), 5, 1000), ivmp(day(11), 3, 1000), plex(day(22))],
    });
  });

  it('a record that worsens a treated attack is owed its own acute treatment (untreated, PLEX prompt live)', () => {
    // Optic neuritis treated on day 1; a severe myelitis 29 days later: one attack, still untreated.
    const patient = patientWith([
      attack(FIRST, [ivmp(day(1), 5, 1000)], { phenotype: 'optic_neuritis', severity: 'moderate' }),
      attack(day(29), [], { phenotype: 'transverse_myelitis', severity: 'severe' }),
    ]);
    const asOf = day(33);
    const untreated = run(untreatedRelapseRule, patient, asOf);
    expect(untreated.map((f) => [f.date, f.status, f.details.worsenedOn])).toEqual([[FIRST, 'open', day(29)]]);
    expect(untreated[0]?.message).toContain(`worsened on ${day(29)}`);
    // Day 3 after the worsening: not yet (acute.untreatedAfterDays 4).
    expect(run(untreatedRelapseRule, patient, day(32))).toEqual([]);
    const severe = run(severeAttackWithoutPlexRule, patient, asOf);
    expect(severe.map((f) => f.status)).toEqual(['open']);
    // IVMP for the worsening resolves it.
    const treated = patientWith([
      attack(FIRST, [ivmp(day(1), 5, 1000)], { phenotype: 'optic_neuritis', severity: 'moderate' }),
      attack(day(29), [ivmp(day(30), 5, 1000)], { phenotype: 'transverse_myelitis', severity: 'severe' }),
    ]);
    expect(run(untreatedRelapseRule, treated, asOf)).toEqual([]);
  });

  it('measures from the first onset of the attack, not from record to record', () => {
    // 0, 20 and 40: the third is 40 days after the first onset (20 after the second): a new attack.
    const attacks = clinicalAttacks([attack(FIRST), attack(day(20)), attack(day(40)), attack(day(69))], 30);
    expect(attacks.map((a) => a.recordOnsets)).toEqual([
      [FIRST, day(20)],
      [day(40), day(69)],
    ]);
  });

  it('follows the clinic setting, and sees only the records known on the as-of date', () => {
    const records = [attack(FIRST), attack(day(40))];
    expect(buildClinicalTimeline(records, '2025-01-01').relapses).toHaveLength(2);
    const context = ruleContext(patientWith(records), '2025-01-01', {
      ...ruleContext(patientWith([]), '2025-01-01').settings,
      attackClusterDays: 45,
    });
    expect(context.timeline.relapses).toHaveLength(1);
    expect(buildClinicalTimeline(records, day(39)).relapses[0]?.recordOnsets).toEqual([FIRST]);
  });

  it.each([
    [29, 1],
    [30, 2],
    [31, 2],
  ])('ARR: records %i days apart count as %i attacks', (days, count) => {
    const metrics = patientMetrics(ruleContext(patientWith([attack(FIRST), attack(day(days))]), '2025-03-01'));
    expect(metrics.attackCount).toBe(count);
    expect(metrics.lastAttackDate).toBe(count === 1 ? FIRST : day(days));
  });

  it.each([
    [29, ['BREAKTHROUGH_RELAPSE']],
    [30, ['BREAKTHROUGH_RELAPSE', 'BREAKTHROUGH_RELAPSE']],
    [31, ['BREAKTHROUGH_RELAPSE', 'BREAKTHROUGH_RELAPSE']],
  ])('breakthrough: records %i days apart on satralizumab raise %j', (days, expected) => {
    const patient = patientWith([therapy('satralizumab', '2022-01-01'), attack(FIRST), attack(day(days))]);
    const flags = run(breakthroughRule, patient, '2025-01-01');
    expect(codes(flags)).toEqual(expected);
    expect(flags[0]?.date).toBe(FIRST);
  });

  it('breakthrough: the merged attack names both records and every phenotype', () => {
    const patient = patientWith([
      therapy('satralizumab', '2022-01-01'),
      attack(FIRST),
      attack(day(29), undefined, { phenotype: 'transverse_myelitis', severity: 'severe' }),
    ]);
    const [flag] = run(breakthroughRule, patient, '2025-01-01');
    expect(flag?.message).toMatch(
      /^Attack on 2024-03-02 \(optic neuritis and transverse myelitis, severe; also recorded on 2024-03-31\) occurred/,
    );
    expect(flag?.details).toMatchObject({
      onsetDate: FIRST,
      phenotype: 'optic_neuritis',
      severity: 'severe',
      phenotypes: ['optic_neuritis', 'transverse_myelitis'],
      recordOnsets: [FIRST, day(29)],
    });
  });

  it.each([
    [29, [['UNTREATED_RELAPSE', FIRST, 'resolved']]],
    [
      30,
      [
        ['UNTREATED_RELAPSE', FIRST, 'expired'],
        ['UNTREATED_RELAPSE', day(30), 'resolved'],
      ],
    ],
    [
      31,
      [
        ['UNTREATED_RELAPSE', FIRST, 'expired'],
        ['UNTREATED_RELAPSE', day(31), 'resolved'],
      ],
    ],
  ])('untreated: a first record left untreated, a second %i days later treated late: %j', (days, expected) => {
    // IVMP 20 days after the second record's onset: late for either attack.
    const patient = patientWith([attack(FIRST), attack(day(days), [ivmp(day(days + 20), 5, 1000)])]);
    const flags = run(untreatedRelapseRule, patient, '2025-01-01');
    expect(flags.map((f) => [f.code, f.date, f.status])).toEqual(expected);
  });

  it.each([
    [29, 1],
    [30, 2],
    [31, 2],
  ])('acute treatment delayed: two late-treated records %i days apart raise %i flags', (days, count) => {
    const patient = patientWith([
      attack(FIRST, [ivmp(day(20), 5, 1000)]),
      attack(day(days), [ivmp(day(days + 20), 5, 1000)]),
    ]);
    const flags = run(acuteTreatmentDelayedRule, patient, '2025-01-01');
    expect(flags).toHaveLength(count);
    expect(flags.every((f) => f.code === 'ACUTE_TREATMENT_DELAYED')).toBe(true);
    // Measured from the first onset: the merged attack's first treatment is the first record's (day 20).
    expect(flags[0]?.details).toMatchObject({ onsetDate: FIRST, onsetToFirstTreatmentDays: 20 });
  });

  it('a treatment recorded on the later record of one attack treats the attack from its first onset', () => {
    // IVMP on day 12, recorded with the second record (onset day 10): the attack was treated on day 12.
    const patient = patientWith([attack(FIRST), attack(day(10), [ivmp(day(12), 5, 1000)])]);
    const untreated = run(untreatedRelapseRule, patient, '2025-01-01');
    expect(untreated.map((f) => [f.date, f.status, f.resolution])).toEqual([
      [FIRST, 'resolved', `IVMP started on ${day(12)}, day 12`],
    ]);
    expect(run(acuteTreatmentDelayedRule, patient, '2025-01-01')).toEqual([]);
  });
});
