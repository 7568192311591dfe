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

/**
 * The maintenance agents given as infusions or injections on a fixed schedule (settings `dosing`,
 * MAINTENANCE_DOSE_OVERDUE). Rituximab is redosed by interval or B-cell count (RITUXIMAB_REDOSING_DUE);
 * azathioprine, mycophenolate, methotrexate and oral prednisone are taken daily or weekly at home and
 * have no dose schedule a clinic record could show as missed.
 */
export const SCHEDULED_AGENTS = [
  'eculizumab',
  'ravulizumab',
  'satralizumab',
  'tocilizumab',
  'inebilizumab',
  'ocrelizumab',
  'ofatumumab',
  'ivig_maintenance',
] as const satisfies readonly TherapyAgent[];
export type ScheduledAgent = (typeof SCHEDULED_AGENTS)[number];

export const isScheduledAgent = (agent: TherapyAgent): agent is ScheduledAgent =>
  (SCHEDULED_AGENTS as readonly TherapyAgent[]).includes(agent);

/**
 * Agents the patient may inject at home (KESIMPTA and ENSPRYNG US prescribing information, section 2:
 * self-injection after training), whose doses a clinic record may not list one by one: without any
 * recorded injection the record cannot show a missed one.
 */
export const SELF_INJECTED_AGENTS: ReadonlySet<TherapyAgent> = new Set(['ofatumumab', 'satralizumab']);
