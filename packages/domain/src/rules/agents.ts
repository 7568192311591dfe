import { MAINTENANCE_THERAPY_AGENTS, type TherapyAgent } from '../enums.ts';

/**
 * Agents grouped by what the rules need to know about them (maintenance options: Kümpfel et al.,
 * NEMOS recommendations Part II, J Neurol 2024; MS drugs: see MS_DRUG_EVIDENCE).
 */
export const MAINTENANCE_AGENTS: ReadonlySet<TherapyAgent> = new Set(MAINTENANCE_THERAPY_AGENTS);

/**
 * MS disease-modifying drugs that are ineffective or harmful in NMOSD; each agent's evidence is in
 * MS_DRUG_EVIDENCE (therapy/ms-disease-modifying-drug.ts).
 */
export const MS_DISEASE_MODIFYING_AGENTS: ReadonlySet<TherapyAgent> = new Set([
  'interferon_beta',
  'natalizumab',
  'fingolimod',
  'siponimod',
  'ozanimod',
  'ponesimod',
  'glatiramer',
  'dimethyl_fumarate',
  'teriflunomide',
  'alemtuzumab',
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
