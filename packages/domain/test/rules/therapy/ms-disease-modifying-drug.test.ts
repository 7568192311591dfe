import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { msDiseaseModifyingDrugRule } from '../../../src/rules/therapy/ms-disease-modifying-drug.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { therapy } from './builders.ts';

const rule = msDiseaseModifyingDrugRule;

describe('MS_DISEASE_MODIFYING_DRUG', () => {
  it.each([
    ['interferon_beta', true],
    ['natalizumab', true],
    ['fingolimod', true],
    ['glatiramer', true],
    ['rituximab', false],
    ['dimethyl_fumarate', false],
    ['alemtuzumab', false],
  ] as const)('%s active on as-of: flagged %s', (agent, flagged) => {
    const flags = run(rule, patientWith([therapy(agent, '2023-01-10')]), '2024-01-10');
    expect(codes(flags)).toEqual(flagged ? ['MS_DISEASE_MODIFYING_DRUG'] : []);
  });

  it.each([
    ['the day before the start', '2023-01-09', false],
    ['on the start day', '2023-01-10', true],
    ['on the stop day', '2023-06-30', true],
    ['the day after the stop', '2023-07-01', false],
  ])('as of %s', (_label, asOf, flagged) => {
    const patient = patientWith([therapy('natalizumab', '2023-01-10', { stopDate: '2023-06-30' })]);
    expect(codes(run(rule, patient, asOf))).toEqual(flagged ? ['MS_DISEASE_MODIFYING_DRUG'] : []);
  });

  it('is critical, dated at the start, cites the guideline and gives the numbers', () => {
    const [flag] = run(rule, patientWith([therapy('interferon_beta', '2023-01-10')]), '2023-03-11');
    expect(flag).toMatchObject({
      severity: 'critical',
      date: '2023-01-10',
      source: SOURCES.msDrugs,
      details: { agent: 'interferon_beta', startDate: '2023-01-10', stopDate: null, daysOnTherapy: 60 },
    });
    expect(flag?.message).toBe(
      'Interferon beta, an MS disease-modifying drug, was started on 2023-01-10 and is still taken on 2023-03-11: the guideline says never to use MS disease-modifying therapies such as interferon beta in NMOSD, as they may worsen outcomes. Switch to an NMOSD maintenance therapy.',
    );
  });

  it('names glatiramer as ineffective and says when a course stops on the as-of day', () => {
    const patient = patientWith([therapy('glatiramer', '2023-01-10', { stopDate: '2023-02-01' })]);
    const [flag] = run(rule, patient, '2023-02-01');
    expect(flag?.message).toContain('was taken until 2023-02-01: glatiramer acetate is ineffective in NMOSD');
    expect(flag?.details).toMatchObject({ stopDate: '2023-02-01', daysOnTherapy: 22 });
  });

  it('raises one flag per active course, whatever the input order, and none for stopped ones', () => {
    const events = [
      therapy('fingolimod', '2023-05-01'),
      therapy('interferon_beta', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('natalizumab', '2022-01-01'),
    ];
    const flags = run(rule, patientWith(events), '2024-01-01');
    const reversed = run(rule, patientWith([...events].reverse()), '2024-01-01');
    expect(flags.map((f) => f.details.agent)).toEqual(['natalizumab', 'fingolimod']);
    expect(reversed).toEqual(flags);
  });

  it('raises nothing without therapies', () => {
    expect(run(rule, patientWith([]), '2024-01-01')).toEqual([]);
  });
});
