import { describe, expect, it } from 'vitest';
import { evaluateFlags } from '../../../src/rules/engine.ts';
import { RELAPSE_RULES } from '../../../src/rules/relapse/index.ts';
import { patientWith } from '../helpers.ts';
import { attack, ivmp, severe, therapy } from './fixtures.ts';

describe('RELAPSE_RULES', () => {
  it('registers every relapse code once', () => {
    expect(RELAPSE_RULES.flatMap((rule) => rule.codes).sort()).toEqual([
      'ACUTE_TREATMENT_DELAYED',
      'BREAKTHROUGH_RELAPSE',
      'EARLY_RELAPSE_ON_THERAPY',
      'IVMP_COURSE_SHORT',
      'PLEX_COURSE_SHORT',
      'PLEX_DELAYED',
      'RELAPSE_ON_LAPSED_DOSING',
      'SEVERE_ATTACK_WITHOUT_PLEX',
      'UNTREATED_RELAPSE',
    ]);
  });

  it('raises the relapse flags of one patient through the engine, JSON-serialisable', () => {
    const patient = patientWith([
      // Infused on 2023-01-01 and 2023-12-01: dosing in order on both onsets (92 and 183 days later).
      { ...therapy('rituximab', '2023-01-01'), administrations: [{ date: '2023-01-01' }, { date: '2023-12-01' }] },
      severe('2024-03-02', [ivmp('2024-03-20', 2, 1000)]),
      attack('2024-06-01'),
    ]);
    const relapseCodes = new Set(RELAPSE_RULES.flatMap((rule) => rule.codes));
    const flags = evaluateFlags(patient, '2024-06-20').filter((f) => relapseCodes.has(f.code));
    // Open first, then resolved, then expired (compareFlags): only the current attack's flags are
    // open; the earlier breakthrough, unaddressed, handed over to the later one.
    expect(flags.map((f) => [f.code, f.date, f.status])).toEqual([
      ['BREAKTHROUGH_RELAPSE', '2024-06-01', 'open'],
      ['UNTREATED_RELAPSE', '2024-06-01', 'open'],
      ['UNTREATED_RELAPSE', '2024-03-02', 'resolved'],
      ['BREAKTHROUGH_RELAPSE', '2024-03-02', 'expired'],
      ['ACUTE_TREATMENT_DELAYED', '2024-03-02', 'expired'],
      ['SEVERE_ATTACK_WITHOUT_PLEX', '2024-03-02', 'expired'],
      ['IVMP_COURSE_SHORT', '2024-03-20', 'expired'],
    ]);
    expect(flags.find((f) => f.status === 'resolved')?.resolution).toBe('IVMP started on 2024-03-20, day 18');
    expect(JSON.parse(JSON.stringify(flags))).toEqual(flags);
  });
});
