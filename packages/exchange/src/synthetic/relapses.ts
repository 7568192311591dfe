import type { AcuteTreatment, RelapseEvent } from '@nmo/domain';
import type { AcuteTreatmentPlan, Course } from './model.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/** Writes each attack as a relapse event; treatments after the as-of date are not given yet. */
export function writeRelapses(course: Course, timeline: TimelineBuilder): void {
  for (const attack of course.attacks) {
    const treatments = attack.treatments
      .filter((treatment) => timeline.includes(treatment.start))
      .map(acuteTreatment)
      // The export's order: by start date, then type.
      .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.type.localeCompare(b.type));
    const event: RelapseEvent = {
      type: 'relapse',
      onsetDate: dateOf(attack.onset),
      phenotype: attack.phenotype,
      severity: attack.severity,
      ...(treatments.length > 0 ? { acuteTreatments: treatments } : {}),
    };
    timeline.add(attack.onset, event);
  }
}

function acuteTreatment(plan: AcuteTreatmentPlan): AcuteTreatment {
  return {
    type: plan.type,
    startDate: dateOf(plan.start),
    ...(plan.days === undefined ? {} : { days: plan.days }),
    ...(plan.dailyDoseMg === undefined ? {} : { dailyDoseMg: plan.dailyDoseMg }),
    ...(plan.sessions === undefined ? {} : { sessions: plan.sessions }),
  };
}
