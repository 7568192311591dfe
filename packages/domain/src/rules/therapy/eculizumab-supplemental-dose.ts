import { makeFlag } from '../flag.ts';
import { isActiveOn, latest } from '../timeline.ts';
import type { Rule } from '../types.ts';

/**
 * The supplemental eculizumab dose after each plasma exchange session. NMOSD guideline, Supplemental Dosing
 * During Plasmapheresis: "600 mg within 60 minutes after each session if most recent dose was ≥600 mg"
 * (SOLIRIS label). Shown in the message and details only; no rule logic depends on it.
 */
const SUPPLEMENTAL_DOSE_MG = 600;
const WITHIN_MINUTES = 60;

/**
 * ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE: a plasma exchange (acute treatment 'plex') started on a day on which
 * eculizumab was active (start and stop days included). Plasma exchange removes eculizumab, so each session
 * needs a supplemental dose (guideline section above). One flag per PLEX course, dated at its start; the
 * record holds no per-session dates, so recorded eculizumab doses cannot clear it.
 * Ravulizumab is not covered here: its label's supplemental doses differ and the guideline names eculizumab.
 */
export const eculizumabSupplementalDoseRule: Rule = {
  codes: ['ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE'],
  evaluate({ timeline }) {
    const eculizumab = timeline.therapies.filter((course) => course.agent === 'eculizumab');
    if (eculizumab.length === 0) return [];
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
          return [
            makeFlag(
              'ECULIZUMAB_SUPPLEMENTAL_DOSE_DUE',
              'warning',
              plex.startDate,
              `Plasma exchange started on ${plex.startDate} (${sessionText}) for the attack of ${attack.onsetDate}, during eculizumab maintenance (started ${course.startDate}): plasma exchange removes eculizumab, and the guideline calls for a supplemental ${SUPPLEMENTAL_DOSE_MG} mg within ${WITHIN_MINUTES} minutes after each session when the most recent dose was at least ${SUPPLEMENTAL_DOSE_MG} mg.`,
              'eculizumabPlex',
              {
                plexStartDate: plex.startDate,
                sessions,
                attackOnset: attack.onsetDate,
                eculizumabStartDate: course.startDate,
                supplementalDoseMg: SUPPLEMENTAL_DOSE_MG,
              },
            ),
          ];
        }),
    );
  },
};
