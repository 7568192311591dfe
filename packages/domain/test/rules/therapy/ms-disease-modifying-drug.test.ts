import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { msDiseaseModifyingDrugRule } from '../../../src/rules/therapy/ms-disease-modifying-drug.ts';
import { patientWith, run } from '../helpers.ts';
import { therapy } from './builders.ts';
import { expectOpenWhen, lifecycles, opened, resolved } from './lifecycle.ts';

const rule = msDiseaseModifyingDrugRule;

describe('MS_DISEASE_MODIFYING_DRUG', () => {
  it.each([
    ['interferon_beta', true],
    ['natalizumab', true],
    ['fingolimod', true],
    ['siponimod', true],
    ['ozanimod', true],
    ['ponesimod', true],
    ['glatiramer', true],
    ['dimethyl_fumarate', true],
    ['teriflunomide', true],
    ['alemtuzumab', true],
    ['rituximab', false],
    ['azathioprine', false],
    ['satralizumab', false],
  ] as const)('%s active on as-of: flagged %s', (agent, flagged) => {
    const flags = run(rule, patientWith([therapy(agent, '2023-01-10')]), '2024-01-10');
    expectOpenWhen(flags, flagged, ['MS_DISEASE_MODIFYING_DRUG']);
  });

  describe('lifecycle: open while the course runs, resolved on its stop date', () => {
    const patient = patientWith([therapy('natalizumab', '2023-01-10', { stopDate: '2023-06-30' })]);
    const stoppedOn = resolved('2023-01-10', '2023-06-30', 'natalizumab stopped on 2023-06-30');
    it.each([
      ['the day before the start', '2023-01-09', []],
      ['on the start day', '2023-01-10', [opened('2023-01-10')]],
      ['the day before the stop', '2023-06-29', [opened('2023-01-10')]],
      ['on the stop day', '2023-06-30', [stoppedOn]],
      ['the day after the stop', '2023-07-01', [stoppedOn]],
      ['years later', '2030-01-01', [stoppedOn]],
    ])('as of %s (%s)', (_label, asOf, expected) => {
      expect(lifecycles(run(rule, patient, asOf))).toEqual(expected);
    });
  });

  it('is critical, dated at the start, cites the guideline and gives the numbers', () => {
    const [flag] = run(rule, patientWith([therapy('interferon_beta', '2023-01-10')]), '2023-03-11');
    expect(flag).toMatchObject({
      severity: 'critical',
      date: '2023-01-10',
      source: SOURCES.msDrugInterferon,
      status: 'open',
      details: { agent: 'interferon_beta', startDate: '2023-01-10', stopDate: null, daysOnTherapy: 60 },
    });
    expect(flag?.resolvedOn).toBeUndefined();
    expect(flag?.resolution).toBeUndefined();
    expect(flag?.message).toBe(
      'Interferon beta, an MS disease-modifying drug, was started on 2023-01-10 and is still taken on 2023-03-11: interferon beta was followed by more relapses and rising AQP4-IgG titres in NMOSD. Stop it and start an NMOSD maintenance therapy.',
    );
  });

  it('names glatiramer as ineffective and says when a course stops on the as-of day (resolved that day)', () => {
    const patient = patientWith([therapy('glatiramer', '2023-01-10', { stopDate: '2023-02-01' })]);
    const [flag] = run(rule, patient, '2023-02-01');
    expect(flag?.message).toContain('was taken until 2023-02-01: glatiramer acetate is ineffective in NMOSD');
    expect(flag?.details).toMatchObject({ stopDate: '2023-02-01', daysOnTherapy: 22 });
    expect(flag).toMatchObject({
      status: 'resolved',
      resolvedOn: '2023-02-01',
      resolution: 'glatiramer acetate stopped on 2023-02-01',
    });
  });

  it('a past course keeps its days on therapy (start to stop) and its message, read years later', () => {
    const patient = patientWith([therapy('fingolimod', '2019-01-01', { stopDate: '2019-05-02' })]);
    const [flag] = run(rule, patient, '2024-01-01');
    expect(flag?.details).toMatchObject({ stopDate: '2019-05-02', daysOnTherapy: 121 });
    expect(flag?.message).toContain('was started on 2019-01-01 and was taken until 2019-05-02:');
    expect(flag?.resolution).toBe('fingolimod stopped on 2019-05-02');
  });

  it('raises one flag per course, whatever the input order: active ones open, stopped ones resolved', () => {
    const events = [
      therapy('fingolimod', '2023-05-01'),
      therapy('interferon_beta', '2020-01-01', { stopDate: '2021-01-01' }),
      therapy('natalizumab', '2022-01-01'),
    ];
    const flags = run(rule, patientWith(events), '2024-01-01');
    const reversed = run(rule, patientWith([...events].reverse()), '2024-01-01');
    expect(flags.map((f) => [f.details.agent, f.status])).toEqual([
      ['interferon_beta', 'resolved'],
      ['natalizumab', 'open'],
      ['fingolimod', 'open'],
    ]);
    expect(flags[0]).toMatchObject({ resolvedOn: '2021-01-01', resolution: 'interferon beta stopped on 2021-01-01' });
    expect(reversed).toEqual(flags);
  });

  it.each([
    ['interferon_beta', 'msDrugInterferon', 'Palace J'],
    ['natalizumab', 'msDrugNatalizumab', 'Kleiter I'],
    ['fingolimod', 'msDrugS1p', 'Min JH'],
    ['siponimod', 'msDrugS1p', 'S1P'],
    ['glatiramer', 'msDrugGlatiramer', 'glatiramer'],
    ['dimethyl_fumarate', 'msDrugDimethylFumarate', 'PMID 30268042'],
    ['teriflunomide', 'msDrugTeriflunomide', 'Traub J'],
    ['alemtuzumab', 'msDrugAlemtuzumab', 'Azzopardi L'],
  ] as const)('%s cites its own evidence (%s)', (agent, sourceId, cited) => {
    const [flag] = run(rule, patientWith([therapy(agent, '2023-01-10')]), '2023-03-11');
    expect(flag?.source).toBe(SOURCES[sourceId]);
    expect(flag?.source).toContain(cited);
  });

  it('raises nothing without therapies', () => {
    expect(run(rule, patientWith([]), '2024-01-01')).toEqual([]);
  });
});
