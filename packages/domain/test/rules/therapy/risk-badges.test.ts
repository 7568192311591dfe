import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/rules/sources.ts';
import { ahsctOutsideTrialRule } from '../../../src/rules/therapy/ahsct-outside-trial.ts';
import { antiphospholipidAntibodiesRule } from '../../../src/rules/therapy/antiphospholipid-antibodies.ts';
import { THERAPY_RULES } from '../../../src/rules/therapy/index.ts';
import { longitudinallyExtensiveLesionRule } from '../../../src/rules/therapy/longitudinally-extensive-lesion.ts';
import { FLAG_CODES } from '../../../src/rules/types.ts';
import { codes, patientWith, run } from '../helpers.ts';
import { mri, therapy } from './builders.ts';
import { expired, lifecycles, opened, statuses } from './lifecycle.ts';

describe('LONGITUDINALLY_EXTENSIVE_LESION', () => {
  const rule = longitudinallyExtensiveLesionRule;

  it.each([
    [2, false],
    [3, true],
    [4, true],
  ])('%i segments: flagged %s', (segments, flagged) => {
    const flags = run(rule, patientWith([mri('2023-01-01', { extensiveSegments: segments })]), '2024-01-01');
    expect(codes(flags)).toEqual(flagged ? ['LONGITUDINALLY_EXTENSIVE_LESION'] : []);
    // Reviewed for 90 days from the MRI: expired by 2024-01-01.
    expect(lifecycles(flags)).toEqual(flagged ? [expired('2023-01-01', '2023-04-02')] : []);
  });

  it.each([
    ['the day before the MRI', '2022-12-31', []],
    ['on the MRI day', '2023-01-01', [opened('2023-01-01')]],
    ['on day 90 (findingReviewDays)', '2023-04-01', [opened('2023-01-01')]],
    ['on day 91', '2023-04-02', [expired('2023-01-01', '2023-04-02')]],
    ['years later', '2030-01-01', [expired('2023-01-01', '2023-04-02')]],
  ])('lifecycle: open for 90 days from the MRI, then expired; as of %s', (_label, asOf, expected) => {
    expect(lifecycles(run(rule, patientWith([mri('2023-01-01', { extensiveSegments: 4 })]), asOf))).toEqual(expected);
  });

  it.each([
    ['2023-01-31', [opened('2023-01-01')]],
    ['2023-02-01', [expired('2023-01-01', '2023-02-01')]],
  ])('findingReviewDays 30, as of %s', (asOf, expected) => {
    const flags = run(rule, patientWith([mri('2023-01-01', { extensiveSegments: 4 })]), asOf, {
      lifecycle: { findingReviewDays: 30 },
    });
    expect(lifecycles(flags)).toEqual(expected);
  });

  it('a later extensive lesion does not reopen the flag of the first (counted in its message)', () => {
    const events = [mri('2020-01-01', { extensiveSegments: 3 }), mri('2023-12-01', { extensiveSegments: 5 })];
    const flags = run(rule, patientWith(events), '2024-01-01');
    expect(lifecycles(flags)).toEqual([expired('2020-01-01', '2020-04-01')]);
    expect(flags[0]?.message).toContain('(1 later MRI shows one too)');
  });

  it('one info flag at the first such MRI, with segments, region and count', () => {
    const events = [
      mri('2023-05-01', { extensiveSegments: 6 }),
      mri('2022-01-01', { extensiveSegments: 4, region: 'brainstem' }),
      mri('2021-01-01', { extensiveSegments: 1 }),
      mri('2020-01-01'),
    ];
    const flags = run(rule, patientWith(events), '2024-01-01');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      severity: 'info',
      status: 'expired',
      date: '2022-01-01',
      source: SOURCES.letm,
      details: { segments: 4, region: 'brainstem', count: 2, firstDate: '2022-01-01' },
    });
    expect(flags[0]?.message).toBe(
      'MRI on 2022-01-01 (brainstem) shows a lesion spanning 4 vertebral segments (1 later MRI shows one too): an extensive lesion of 3 or more segments is a risk factor for poor outcome.',
    );
  });

  it('message for a single MRI and for several later ones; MRIs after as-of unseen', () => {
    const one = run(rule, patientWith([mri('2023-01-01', { extensiveSegments: 3 })]), '2024-01-01');
    expect(one[0]?.message).toContain('MRI on 2023-01-01 (spinal cord) shows a lesion spanning 3 vertebral segments:');
    const three = [1, 2, 3].map((m) => mri(`2023-0${m}-01`, { extensiveSegments: 5 }));
    expect(run(rule, patientWith(three), '2024-01-01')[0]?.message).toContain('(2 later MRIs show one too)');
    expect(run(rule, patientWith(three), '2022-12-31')).toEqual([]);
  });
});

describe('ANTIPHOSPHOLIPID_ANTIBODIES', () => {
  const rule = antiphospholipidAntibodiesRule;
  const aps = { comorbidities: ['antiphospholipid_antibodies' as const] };

  it.each([
    ['diagnosis date', { diagnosisDate: '2020-05-01', firstAttackDate: '2020-03-01' }, '2020-05-01'],
    ['first attack date', { diagnosisDate: null, firstAttackDate: '2020-03-01' }, '2020-03-01'],
    ['as-of date', {}, '2024-01-01'],
    ['as-of date when the diagnosis is later', { diagnosisDate: '2024-02-01' }, '2024-01-01'],
  ])('dated at the %s', (_label, fields, date) => {
    const [flag] = run(rule, patientWith([], { ...aps, ...fields }), '2024-01-01');
    expect(flag).toMatchObject({
      code: 'ANTIPHOSPHOLIPID_ANTIBODIES',
      severity: 'info',
      status: 'open',
      date,
      source: SOURCES.antiphospholipid,
    });
    expect(flag?.message).toContain('Antiphospholipid antibodies on record');
  });

  it.each([
    ['on the diagnosis day', '2020-05-01'],
    ['a year later', '2021-05-01'],
    ['ten years later', '2030-05-01'],
  ])('lifecycle: persistent, open while recorded (never resolved nor expired): as of %s', (_label, asOf) => {
    const flags = run(rule, patientWith([], { ...aps, diagnosisDate: '2020-05-01' }), asOf);
    expect(lifecycles(flags)).toEqual([opened('2020-05-01')]);
  });

  it.each([[{}], [{ comorbidities: [] }], [{ comorbidities: ['systemic_lupus_erythematosus' as const] }]])(
    'raises nothing without the comorbidity (%o)',
    (fields) => {
      expect(run(rule, patientWith([], fields), '2024-01-01')).toEqual([]);
    },
  );
});

describe('AHSCT_OUTSIDE_TRIAL', () => {
  const rule = ahsctOutsideTrialRule;
  const ahsct = (date: string) => therapy('ahsct', date, { stopDate: date, stopReason: 'completed', schedule: 'once' });

  it('one info flag at the first AHSCT, seen from its day on', () => {
    const events = [ahsct('2023-05-01'), ahsct('2021-01-01'), therapy('rituximab', '2019-01-01')];
    expect(run(rule, patientWith(events), '2020-12-31')).toEqual([]);
    const [first] = run(rule, patientWith(events), '2021-01-01');
    expect(first).toMatchObject({
      code: 'AHSCT_OUTSIDE_TRIAL',
      severity: 'info',
      status: 'open',
      date: '2021-01-01',
      source: SOURCES.ahsct,
    });
    expect(first?.details).toEqual({ startDate: '2021-01-01', count: 1 });
    expect(first?.message).toBe(
      'AHSCT on 2021-01-01: AHSCT is not recommended for NMOSD outside clinical trials (EBMT registry: relapse-free survival 10% at 5 years); record the trial or the rescue indication.',
    );
    const flags = run(rule, patientWith(events), '2024-01-01');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.details).toEqual({ startDate: '2021-01-01', count: 2, expiredOn: '2021-04-02' });
    expect(flags[0]?.message).toContain('AHSCT on 2021-01-01 (2 AHSCT courses on record):');
    expect(statuses(flags)).toEqual(['expired']);
  });

  it.each([
    ['the day before', '2022-12-31', []],
    ['on the AHSCT day', '2023-01-01', [opened('2023-01-01')]],
    ['on day 90 (findingReviewDays)', '2023-04-01', [opened('2023-01-01')]],
    ['on day 91', '2023-04-02', [expired('2023-01-01', '2023-04-02')]],
    ['years later', '2030-01-01', [expired('2023-01-01', '2023-04-02')]],
  ])('lifecycle: open for 90 days from the AHSCT, then expired; as of %s', (_label, asOf, expected) => {
    expect(lifecycles(run(rule, patientWith([ahsct('2023-01-01')]), asOf))).toEqual(expected);
  });

  it('raises nothing without AHSCT', () => {
    expect(run(rule, patientWith([therapy('rituximab', '2019-01-01')]), '2024-01-01')).toEqual([]);
  });
});

describe('THERAPY_RULES', () => {
  it('registers every therapy code once, each a known flag code', () => {
    const all = THERAPY_RULES.flatMap((rule) => rule.codes);
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(FLAG_CODES).toContain(code);
    expect([...all].sort()).toEqual([
      'AHSCT_OUTSIDE_TRIAL',
      'ANTIPHOSPHOLIPID_ANTIBODIES',
      'AZATHIOPRINE_CONTRAINDICATED',
      'AZATHIOPRINE_DOSE_HIGH',
      'BRIDGING_STEROID_STOPPED_EARLY',
      'ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
      'HBV_POSITIVE_WITHOUT_PROPHYLAXIS',
      'HBV_SCREENING_MISSING',
      'LONGITUDINALLY_EXTENSIVE_LESION',
      'LOW_IGG',
      'MAINTENANCE_DISCONTINUED',
      'MAINTENANCE_DOSE_OVERDUE',
      'MENINGOCOCCAL_BOOSTER_DUE',
      'MENINGOCOCCAL_VACCINATION_MISSING',
      'MS_DISEASE_MODIFYING_DRUG',
      'NO_MAINTENANCE_THERAPY',
      'RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
      'RAVULIZUMAB_WEIGHT_BAND_MISMATCH',
      'RITUXIMAB_REDOSING_DUE',
      'TB_POSITIVE_WITHOUT_TREATMENT',
      'TB_SCREENING_MISSING',
      'THERAPY_OUTSIDE_INDICATION',
    ]);
  });
});
