import { addDays, type CalendarDate, laterDate } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import type { AcuteTreatment } from '../../records/relapse.ts';
import { makeFlag, settle } from '../flag.ts';
import type { SourceId } from '../sources.ts';
import { type ClinicalAttack, type ClinicalTimeline, isActiveOn, latest, type TherapyCourse } from '../timeline.ts';
import type { FlagCode, Rule } from '../types.ts';
import { agentName, agentTitle } from './labels.ts';

/** A plasma-exchange course of an attack, taken to last from its start to `lastDay` (both included). */
export interface PlexCourse {
  attack: ClinicalAttack;
  plex: AcuteTreatment;
  lastDay: CalendarDate;
}

/**
 * Every plasma exchange of every attack, with the last day of its course: the record holds no per-session
 * dates, so a course is taken to last `lifecycle.plexCourseDays` (default 14: 5-7 exchanges every other day,
 * ASFA guidelines, Padmanabhan et al., J Clin Apher 2019) from its start.
 */
export function plexCourses(timeline: ClinicalTimeline, courseDays: number): PlexCourse[] {
  return timeline.relapses.flatMap((attack) =>
    (attack.acuteTreatments ?? [])
      .filter((treatment) => treatment.type === 'plex')
      .map((plex) => ({ attack, plex, lastDay: addDays(plex.startDate, courseDays) })),
  );
}

/** Whether `date` falls in a plasma-exchange course (its start to its last day, both included). */
export const duringPlex = (courses: readonly PlexCourse[], date: CalendarDate): boolean =>
  courses.some(({ plex, lastDay }) => plex.startDate <= date && date <= lastDay);

/** What differs between the agents' labels: the words of the message and the source. */
interface SupplementalDoseLabel {
  agent: TherapyAgent;
  code: FlagCode;
  source: SourceId;
  /** "the SOLIRIS label calls for …": the label's instruction, completing the message. */
  instruction: string;
  /** Numbers from the label shown in the details (no rule logic depends on them). */
  labelDetails: Record<string, unknown>;
}

/**
 * The supplemental dose of a complement inhibitor after each plasma exchange session (plasma exchange removes
 * the antibody). A flag per PLEX course during which the agent was given:
 * - the course was active on the PLEX start (start and stop days included), or its first dose fell inside the
 *   PLEX course (a therapy started during PLEX: later exchanges remove the loading dose);
 * - dated at the later of the PLEX start and the course's first dose;
 * - resolved by a dose recorded from the PLEX start to the course's last day that is later than the course's
 *   first dose (the record does not tell a supplemental dose from a scheduled one; a dose on the first dose's
 *   day cannot be told from the first dose).
 * Lifecycle: open up to the PLEX course's last day (`lifecycle.plexCourseDays` after its start) included,
 * expired from the next day: a supplemental dose can no longer be given after the course.
 */
function supplementalDoseRule(label: SupplementalDoseLabel): Rule {
  return {
    codes: [label.code],
    evaluate({ timeline, asOf, settings }) {
      const courses = timeline.therapies.filter((course) => course.agent === label.agent);
      if (courses.length === 0) return [];
      const doses = courses.flatMap((course) => course.administrations).sort((a, b) => a.date.localeCompare(b.date));
      return plexCourses(timeline, settings.lifecycle.plexCourseDays).flatMap(({ attack, plex, lastDay }) => {
        const course: TherapyCourse | undefined =
          latest(courses.filter((c) => isActiveOn(c, plex.startDate))) ??
          courses.find((c) => c.firstDoseDate > plex.startDate && c.firstDoseDate <= lastDay);
        if (course === undefined) return [];
        // Started during the PLEX course: its first dose on or after the PLEX start (later exchanges remove it).
        const startedDuring = course.firstDoseDate >= plex.startDate;
        const date = laterDate(plex.startDate, course.firstDoseDate);
        const dose = doses.find((d) => d.date >= plex.startDate && d.date > course.firstDoseDate && d.date <= lastDay);
        const lastDoseBefore = latest(doses.filter((d) => d.date <= date));
        const sessions = plex.sessions ?? null;
        const sessionText =
          sessions === null
            ? 'number of sessions not recorded'
            : `${sessions} ${sessions === 1 ? 'session' : 'sessions'}`;
        const name = agentName(label.agent);
        const context = !startedDuring
          ? `during ${name} maintenance (started ${course.startDate})`
          : `${agentTitle(label.agent)} was started during it (first dose ${date})`;
        const flag = makeFlag(
          label.code,
          'warning',
          date,
          `Plasma exchange started on ${plex.startDate} (${sessionText}) for the attack of ${attack.onsetDate}, ${context}: plasma exchange removes ${name}, and ${label.instruction}`,
          label.source,
          {
            plexStartDate: plex.startDate,
            sessions,
            attackOnset: attack.onsetDate,
            [`${label.agent}StartDate`]: course.startDate,
            startedDuringPlex: startedDuring,
            lastDoseMg: lastDoseBefore?.doseMg ?? null,
            ...label.labelDetails,
          },
        );
        return [
          settle(flag, asOf, {
            resolvedBy:
              dose === undefined ? null : { on: dose.date, resolution: `supplemental dose given on ${dose.date}` },
            actionableUntil: lastDay,
          }),
        ];
      });
    },
  };
}

/**
 * ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE. SOLIRIS US prescribing information, section 2 (supplemental dosing): 600 mg
 * within 60 minutes after each plasma exchange session when the most recent dose was 600 mg or more.
 */
export const eculizumabSupplementalDoseRule = supplementalDoseRule({
  agent: 'eculizumab',
  code: 'ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
  source: 'eculizumabPlex',
  instruction:
    'the SOLIRIS label calls for a supplemental 600 mg within 60 minutes after each session when the most recent dose was at least 600 mg.',
  labelDetails: { supplementalDoseMg: 600 },
});

/**
 * RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE. ULTOMIRIS US prescribing information, section 2 (supplemental dosing after
 * plasmapheresis or plasma exchange): a supplemental dose whose amount depends on the most recent dose (shown as
 * `lastDoseMg` when recorded), within 4 hours after each session.
 */
export const ravulizumabSupplementalDoseRule = supplementalDoseRule({
  agent: 'ravulizumab',
  code: 'RAVULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
  source: 'ravulizumabPlex',
  instruction:
    'the ULTOMIRIS label calls for a supplemental dose, its amount set by the most recent dose, within 4 hours after each session.',
  labelDetails: { supplementalWithinHours: 4 },
});
