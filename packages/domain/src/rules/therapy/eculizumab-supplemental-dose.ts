import { addDays } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import { isActiveOn, latest } from '../timeline.ts';
import type { Rule } from '../types.ts';

/**
 * The supplemental eculizumab dose after each plasma exchange session. SOLIRIS US prescribing information, section 2
 * (supplemental dosing): 600 mg within 60 minutes after each plasma exchange session when the most
 * recent dose was 600 mg or more. Shown in the message and details only; no rule logic depends on it.
 */
const SUPPLEMENTAL_DOSE_MG = 600;
const WITHIN_MINUTES = 60;

/**
 * ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE: a plasma exchange (acute treatment 'plex') started on a day on which
 * eculizumab was active (start and stop days included). Plasma exchange removes eculizumab, so each session
 * needs a supplemental dose (guideline section above). One flag per PLEX course, dated at its start.
 * Ravulizumab is not covered here: its label's supplemental doses differ from the SOLIRIS label's.
 *
 * Lifecycle: the record holds no per-session dates, so the PLEX course is taken to last
 * `lifecycle.plexCourseDays` (default 14: 5-7 exchanges every other day, ASFA guidelines, Padmanabhan et
 * al., J Clin Apher 2019). Resolved by the first eculizumab administration recorded from the PLEX start to
 * start + plexCourseDays, both included ("supplemental dose given on 2023-05-08"); otherwise open up to
 * start + plexCourseDays included and expired from the next day (a supplemental dose can no longer be given
 * after the course). Any recorded eculizumab dose in that window counts: the record does not tell a
 * supplemental dose from a scheduled one.
 */
export const eculizumabSupplementalDoseRule: Rule = {
  codes: ['ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE'],
  evaluate({ timeline, asOf, settings }) {
    const eculizumab = timeline.therapies.filter((course) => course.agent === 'eculizumab');
    if (eculizumab.length === 0) return [];
    const doses = eculizumab.flatMap((course) => course.administrations.map((a) => a.date)).sort();
    const courseDays = settings.lifecycle.plexCourseDays;
    return timeline.relapses.flatMap((attack) =>
      (attack.acuteTreatments ?? [])
        .filter((treatment) => treatment.type === 'plex')
        .flatMap((plex) => {
          const course = latest(eculizumab.filter((c) => isActiveOn(c, plex.startDate)));
          if (course === undefined) return [];
          const sessions = plex.sessions ?? null;
          const sessionText =
            sessions === null
              ? 'number of sessions not recorded'
              : `${sessions} ${sessions === 1 ? 'session' : 'sessions'}`;
          const lastDay = addDays(plex.startDate, courseDays);
          const dose = doses.find((date) => date >= plex.startDate && date <= lastDay);
          const flag = makeFlag(
            'ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
            'warning',
            plex.startDate,
            `Plasma exchange started on ${plex.startDate} (${sessionText}) for the attack of ${attack.onsetDate}, during eculizumab maintenance (started ${course.startDate}): plasma exchange removes eculizumab, and the SOLIRIS label calls for a supplemental ${SUPPLEMENTAL_DOSE_MG} mg within ${WITHIN_MINUTES} minutes after each session when the most recent dose was at least ${SUPPLEMENTAL_DOSE_MG} mg.`,
            'eculizumabPlex',
            {
              plexStartDate: plex.startDate,
              sessions,
              attackOnset: attack.onsetDate,
              eculizumabStartDate: course.startDate,
              supplementalDoseMg: SUPPLEMENTAL_DOSE_MG,
            },
          );
          return [
            settle(flag, asOf, {
              resolvedBy: dose === undefined ? null : { on: dose, resolution: `supplemental dose given on ${dose}` },
              actionableUntil: lastDay,
            }),
          ];
        }),
    );
  },
};
