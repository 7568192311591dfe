import type { TherapyAgent } from '../enums.ts';

/**
 * Agents grouped by what the rules need to know about them. Sources: NMOSD guideline (maintenance
 * options, MS drugs to avoid, AHSCT) and clinical-research.md 2.8-2.13.
 */
export const MAINTENANCE_AGENTS: ReadonlySet<TherapyAgent> = new Set([
  'rituximab',
  'inebilizumab',
  'ocrelizumab',
  'ofatumumab',
  'eculizumab',
  'ravulizumab',
  'satralizumab',
  'tocilizumab',
  'azathioprine',
  'mycophenolate',
  'methotrexate',
  'oral_prednisone',
  'ivig_maintenance',
]);

/** MS disease-modifying drugs that are ineffective or harmful in NMOSD, each with a citation. */
export const MS_DISEASE_MODIFYING_AGENTS: ReadonlySet<TherapyAgent> = new Set([
  'interferon_beta',
  'natalizumab',
  'fingolimod',
  'glatiramer',
]);

/** B-cell depleting therapies (hepatitis B screening, IgG monitoring). */
export const B_CELL_AGENTS: ReadonlySet<TherapyAgent> = new Set([
  'rituximab',
  'inebilizumab',
  'ocrelizumab',
  'ofatumumab',
]);

/** Terminal complement inhibitors (meningococcal vaccination, supplemental dosing with PLEX). */
export const COMPLEMENT_INHIBITORS: ReadonlySet<TherapyAgent> = new Set(['eculizumab', 'ravulizumab']);

export const isMaintenanceAgent = (agent: TherapyAgent): boolean => MAINTENANCE_AGENTS.has(agent);
