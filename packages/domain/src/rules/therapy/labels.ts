import type { TherapyAgent, TherapyStopReason } from '../../enums.ts';

/**
 * Words a neurologist reads in the therapy rules' messages (the record keeps snake-case codes;
 * the details keep the codes, the messages use these names).
 */
const AGENT_NAMES: Record<TherapyAgent, string> = {
  rituximab: 'rituximab',
  inebilizumab: 'inebilizumab',
  ocrelizumab: 'ocrelizumab',
  ofatumumab: 'ofatumumab',
  eculizumab: 'eculizumab',
  ravulizumab: 'ravulizumab',
  satralizumab: 'satralizumab',
  tocilizumab: 'tocilizumab',
  azathioprine: 'azathioprine',
  mycophenolate: 'mycophenolate mofetil',
  methotrexate: 'methotrexate',
  oral_prednisone: 'oral prednisone',
  ivig_maintenance: 'maintenance IVIG',
  interferon_beta: 'interferon beta',
  natalizumab: 'natalizumab',
  fingolimod: 'fingolimod',
  glatiramer: 'glatiramer acetate',
  dimethyl_fumarate: 'dimethyl fumarate',
  alemtuzumab: 'alemtuzumab',
  teriflunomide: 'teriflunomide',
  siponimod: 'siponimod',
  ozanimod: 'ozanimod',
  ponesimod: 'ponesimod',
  ahsct: 'AHSCT',
  other: 'other therapy',
};

const STOP_REASONS: Record<TherapyStopReason, string> = {
  inefficacy: 'inefficacy',
  adverse_event: 'adverse event',
  patient_choice: "patient's choice",
  pregnancy: 'pregnancy',
  switch: 'switch',
  completed: 'completed',
  other: 'other reason',
};

export const agentName = (agent: TherapyAgent): string => AGENT_NAMES[agent];

/** The agent's name with a capital first letter, to start a sentence. */
export const agentTitle = (agent: TherapyAgent): string => capitalized(AGENT_NAMES[agent]);

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function stopReasonName(reason: TherapyStopReason | null): string {
  return reason === null ? 'reason not recorded' : STOP_REASONS[reason];
}

/** "1 day", "2 days". */
export function dayCount(days: number): string {
  return `${days} ${Math.abs(days) === 1 ? 'day' : 'days'}`;
}
