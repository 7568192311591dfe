import { daysBetween } from '../../calendar-date.ts';
import type { AcuteTreatmentType, RelapsePhenotype, TherapyAgent } from '../../enums.ts';
import type { AcuteTreatment, RelapseEvent } from '../../records/relapse.ts';

/**
 * Wording shared by the relapse rules, so that every flag names an attack, an agent and an acute
 * treatment the same way a neurologist would write it in a letter.
 */
const PHENOTYPE_LABELS: Record<RelapsePhenotype, string> = {
  optic_neuritis: 'optic neuritis',
  transverse_myelitis: 'transverse myelitis',
  area_postrema: 'area postrema syndrome',
  brainstem: 'brainstem syndrome',
  diencephalic: 'diencephalic syndrome',
  cerebral: 'cerebral syndrome',
};

const TREATMENT_LABELS: Record<AcuteTreatmentType, string> = {
  ivmp: 'IVMP',
  plex: 'PLEX',
  ivig: 'IVIG',
  oral_steroid_taper: 'oral steroid taper',
};

export function agentLabel(agent: TherapyAgent): string {
  if (agent === 'ivig_maintenance') return 'maintenance IVIG';
  return agent.replaceAll('_', ' ');
}

export function phenotypeLabel(phenotype: RelapsePhenotype): string {
  return PHENOTYPE_LABELS[phenotype];
}

export function treatmentLabel(type: AcuteTreatmentType): string {
  return TREATMENT_LABELS[type];
}

/** "Attack on 2024-03-02 (optic neuritis, severe)". */
export function attackLabel(relapse: RelapseEvent): string {
  return `Attack on ${relapse.onsetDate} (${PHENOTYPE_LABELS[relapse.phenotype]}, ${relapse.severity})`;
}

/** The attack's identity in a flag's details. */
export function attackDetails(relapse: RelapseEvent): Record<string, unknown> {
  return { onsetDate: relapse.onsetDate, phenotype: relapse.phenotype, severity: relapse.severity };
}

/** An acute treatment as recorded, for details (missing values as null, so the keys are stable). */
export function treatmentDetails(treatment: AcuteTreatment): Record<string, unknown> {
  return {
    type: treatment.type,
    startDate: treatment.startDate,
    days: treatment.days ?? null,
    dailyDoseMg: treatment.dailyDoseMg ?? null,
    sessions: treatment.sessions ?? null,
  };
}

/** "IVMP from 2024-03-03, oral steroid taper from 2024-03-08". */
export function treatmentList(treatments: readonly AcuteTreatment[]): string {
  return treatments.map((t) => `${treatmentLabel(t.type)} from ${t.startDate}`).join(', ');
}

/** "IVMP started on 2024-03-20, day 18": an acute treatment that resolved a flag, counted from onset. */
export function treatmentStarted(relapse: RelapseEvent, treatment: AcuteTreatment): string {
  return `${treatmentLabel(treatment.type)} started on ${treatment.startDate}, day ${daysBetween(relapse.onsetDate, treatment.startDate)}`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
