import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { noMaintenanceTherapyRule } from '../../../src/rules/therapy/no-maintenance-therapy.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { aqp4Test, attack, therapy } from './builders.ts';

const rule = noMaintenanceTherapyRule;
const CODE = ['NO_MAINTENANCE_THERAPY'];

describe('NO_MAINTENANCE_THERAPY', () => {
  it.each([
    ['serostatus positive', 'positive', [], true],
    ['serostatus negative', 'negative', [], false],
    ['serostatus unknown', 'unknown', [], false],
    ['serostatus missing', undefined, [], false],
    ['negative status but a positive AQP4 test', 'negative', [aqp4Test('2023-02-01', 'positive')], true],
    ['unknown status and a borderline test', 'unknown', [aqp4Test('2023-02-01', 'borderline')], false],
    ['negative status, positive test after as-of', 'negative', [aqp4Test('2024-06-02', 'positive')], false],
  ] as const)('%s', (_label, aqp4Status, tests, flagged) => {
    const patient = patientWith(
      [attack('2023-01-01'), ...tests],
      aqp4Status === undefined ? { aqp4Status: undefined } : { aqp4Status },
    );
    expect(codes(run(rule, patient, '2024-06-01'))).toEqual(flagged ? CODE : []);
  });

  it('needs at least one attack on or before as-of', () => {
    const patient = patientWith([attack('2024-03-02')]);
    expect(run(rule, patientWith([]), '2024-06-01')).toEqual([]);
    expect(run(rule, patient, '2024-03-01')).toEqual([]);
    expect(codes(run(rule, patient, '2024-03-02'))).toEqual(CODE);
  });

  it.each([
    ['a maintenance therapy ongoing', [therapy('rituximab', '2023-02-01')], false],
    [
      'a maintenance therapy stopping on as-of',
      [therapy('azathioprine', '2023-02-01', { stopDate: '2024-06-01' })],
      false,
    ],
    [
      'a maintenance therapy stopped the day before',
      [therapy('azathioprine', '2023-02-01', { stopDate: '2024-05-31' })],
      true,
    ],
    ['a maintenance therapy starting after as-of', [therapy('rituximab', '2024-06-02')], true],
    ['only an MS drug', [therapy('interferon_beta', '2023-02-01')], true],
    [
      'only AHSCT',
      [therapy('ahsct', '2023-02-01', { stopDate: '2023-02-01', stopReason: 'completed', schedule: 'once' })],
      true,
    ],
  ])('with %s', (_label, therapies, flagged) => {
    const patient = patientWith([attack('2023-01-01'), ...therapies]);
    expect(codes(run(rule, patient, '2024-06-01'))).toEqual(flagged ? CODE : []);
  });

  it('never treated: dated at the last attack, with the attack count', () => {
    const patient = patientWith([attack('2024-03-02'), attack('2023-01-01')]);
    const [flag] = run(rule, patient, '2024-06-01');
    expect(flag).toMatchObject({
      severity: 'critical',
      date: '2024-03-02',
      source: SOURCES.maintenance,
      details: {
        aqp4Status: 'positive',
        aqp4PositiveTestDate: null,
        attackCount: 2,
        lastAttackOnset: '2024-03-02',
        lastMaintenance: null,
        daysSince: 91,
        nonMaintenanceTherapiesActive: [],
      },
    });
    expect(flag?.message).toBe(
      'AQP4-IgG-positive patient with 2 attacks (the last on 2024-03-02) has no maintenance therapy on 2024-06-01, 91 days after the last attack; no maintenance therapy has been recorded. The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
    );
  });

  it('stopped after the last attack: dated at the last stop, which is named', () => {
    const patient = patientWith(
      [
        attack('2022-05-01'),
        therapy('mycophenolate', '2022-06-01', { stopDate: '2023-01-31', stopReason: 'switch' }),
        therapy('azathioprine', '2023-02-01', { stopDate: '2024-01-10', stopReason: 'adverse_event' }),
        therapy('fingolimod', '2024-02-01'),
        aqp4Test('2022-05-03', 'positive'),
      ],
      { aqp4Status: 'unknown' },
    );
    const [flag] = run(rule, patient, '2024-06-01');
    expect(flag?.date).toBe('2024-01-10');
    expect(flag?.details).toMatchObject({
      aqp4Status: 'unknown',
      aqp4PositiveTestDate: '2022-05-03',
      attackCount: 1,
      lastMaintenance: { agent: 'azathioprine', stopDate: '2024-01-10', stopReason: 'adverse_event' },
      daysSince: 143,
      nonMaintenanceTherapiesActive: ['fingolimod'],
    });
    expect(flag?.message).toBe(
      'AQP4-IgG-positive patient with 1 attack (on 2022-05-01) has no maintenance therapy on 2024-06-01, 143 days after maintenance was stopped; the last maintenance therapy, azathioprine, was stopped on 2024-01-10 (adverse event). Fingolimod is not an NMOSD maintenance therapy. The guideline calls for maintenance immunosuppression (rituximab preferred) after an attack, indefinitely in AQP4-positive NMOSD.',
    );
  });

  it('attack after the last stop: dated at the attack; two other therapies are listed', () => {
    const patient = patientWith([
      therapy('rituximab', '2022-01-01', { stopDate: '2023-01-01' }),
      attack('2023-06-01'),
      therapy('interferon_beta', '2023-02-01'),
      therapy('natalizumab', '2023-03-01'),
    ]);
    const [flag] = run(rule, patient, '2023-06-01');
    expect(flag?.date).toBe('2023-06-01');
    expect(flag?.details).toMatchObject({ daysSince: 0, lastMaintenance: { agent: 'rituximab', stopReason: null } });
    expect(flag?.message).toContain('0 days after the last attack');
    expect(flag?.message).toContain('(reason not recorded)');
    expect(flag?.message).toContain('Interferon beta and natalizumab are not NMOSD maintenance therapies.');
  });

  it('does not depend on input order (ties on the stop date included)', () => {
    const events = [
      attack('2022-01-01'),
      therapy('azathioprine', '2022-02-01', { stopDate: '2023-01-01' }),
      therapy('oral_prednisone', '2022-02-01', { stopDate: '2023-01-01' }),
    ];
    const flags = run(rule, patientWith(events), '2023-06-01');
    expect(run(rule, patientWith([...events].reverse()), '2023-06-01')).toEqual(flags);
    expect(flags[0]?.date).toBe('2023-01-01');
  });
});
