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

/** The parts of a clinical attack (rules/timeline.ts ClinicalAttack) that name it, when merged. */
type Attack = RelapseEvent & { phenotypes?: readonly RelapsePhenotype[]; recordOnsets?: readonly string[] };

/**
 * "Attack on 2024-03-02 (optic neuritis, severe)"; an attack made of several records (onsets less
 * than `attackClusterDays` apart) names every phenotype and the later records: "Attack on 2024-03-02
 * (optic neuritis and transverse myelitis, severe; also recorded on 2024-03-20)".
 */
export function attackLabel(relapse: Attack): string {
  const phenotypes = joinAnd((relapse.phenotypes ?? [relapse.phenotype]).map((p) => PHENOTYPE_LABELS[p]));
  const later = (relapse.recordOnsets ?? []).slice(1);
  const also = later.length > 0 ? `; also recorded on ${joinAnd(later)}` : '';
  return `Attack on ${relapse.onsetDate} (${phenotypes}, ${relapse.severity}${also})`;
}

/** The attack's identity in a flag's details (with every phenotype and record onset when merged). */
export function attackDetails(relapse: Attack): Record<string, unknown> {
  const merged = (relapse.recordOnsets?.length ?? 1) > 1;
  return {
    onsetDate: relapse.onsetDate,
    phenotype: relapse.phenotype,
    severity: relapse.severity,
    ...(merged ? { phenotypes: relapse.phenotypes, recordOnsets: relapse.recordOnsets } : {}),
  };
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
