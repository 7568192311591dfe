import type { TherapyAgent } from '../../enums.ts';
import { COMPLEMENT_INHIBITORS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import { phenotypeDetails, phenotypeText, rulePhenotype } from '../phenotype.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle } from './labels.ts';

/**
 * The agents approved for NMOSD only in AQP4-IgG-positive patients, with the label that says so (US
 * prescribing information, section 1, Indications and Usage: "adult patients with NMOSD who are
 * anti-aquaporin-4 (AQP4) antibody positive"; ENSPRYNG's EU SmPC: AQP4-IgG-seropositive NMOSD from 12
 * years of age). Tocilizumab is left out: it is approved for NMOSD nowhere, in any serostatus, so a label
 * cannot tell an AQP4-positive patient's use of it from anyone else's.
 */
export const AQP4_POSITIVE_LABELS: ReadonlyMap<TherapyAgent, string> = new Map([
  ['eculizumab', 'SOLIRIS (eculizumab) is approved for NMOSD in adults who are anti-AQP4 antibody positive'],
  ['ravulizumab', 'ULTOMIRIS (ravulizumab) is approved for NMOSD in adults who are anti-AQP4 antibody positive'],
  [
    'satralizumab',
    'ENSPRYNG (satralizumab) is approved for NMOSD in adults who are anti-AQP4 antibody positive (US label; EU: AQP4-IgG-seropositive patients from 12 years)',
  ],
  ['inebilizumab', 'UPLIZNA (inebilizumab) is approved for NMOSD in adults who are anti-AQP4 antibody positive'],
]);

/**
 * THERAPY_OUTSIDE_INDICATION (info): a course of eculizumab, ravulizumab, satralizumab or inebilizumab in a
 * patient whose working diagnosis (recorded, or derived from the serostatus and antibody tests up to as-of:
 * rules/phenotype.ts) is not AQP4-IgG-positive NMOSD: seronegative NMOSD, MOGAD, or other or uncertain. The
 * message names the approved indication (SOURCES.approvedIndication); using a drug outside it is a
 * clinician's decision, so the flag informs and asks for nothing but a review (and, for an uncertain
 * diagnosis, the AQP4 result or the diagnosis to be recorded). One flag per course, dated at its start.
 * A complement inhibitor in a patient with myasthenia gravis recorded among the comorbidities raises
 * nothing: generalized myasthenia gravis is among the SOLIRIS and ULTOMIRIS labelled indications.
 *
 * Lifecycle: open while the course runs; resolved when it stops ("satralizumab stopped on 2024-05-01");
 * never expires. When the recorded diagnosis or the serostatus becomes AQP4-positive, the rule no longer
 * raises the flag at all (the course is then within its indication).
 */
export const therapyOutsideIndicationRule: Rule = {
  codes: ['THERAPY_OUTSIDE_INDICATION'],
  evaluate(context) {
    const { patient, timeline, asOf } = context;
    const phenotype = rulePhenotype(context);
    if (phenotype.diagnosis === 'nmosd_aqp4_positive') return [];
    const myasthenia = (patient.comorbidities ?? []).includes('myasthenia_gravis');
    return timeline.therapies.flatMap((course) => {
      const label = AQP4_POSITIVE_LABELS.get(course.agent);
      if (label === undefined) return [];
      if (myasthenia && COMPLEMENT_INHIBITORS.has(course.agent)) return [];
      const stop = course.stopDate;
      const running = stop === null ? `ongoing on ${asOf}` : `stopped on ${stop}`;
      const ask =
        phenotype.diagnosis === 'other_or_uncertain'
          ? ' Record the AQP4-IgG result or the diagnosis if the patient is AQP4-positive.'
          : ' Use outside that indication is off-label: review the reasons and the evidence for this diagnosis.';
      const flag = makeFlag(
        'THERAPY_OUTSIDE_INDICATION',
        'info',
        course.startDate,
        `${agentTitle(course.agent)} (started ${course.startDate}, ${running}) in a patient whose working diagnosis is ${phenotypeText(phenotype)}, not AQP4-IgG-positive NMOSD. ${label}.${ask}`,
        'approvedIndication',
        {
          agent: course.agent,
          startDate: course.startDate,
          stopDate: stop,
          ...phenotypeDetails(phenotype),
          aqp4Status: patient.aqp4Status ?? null,
          mogStatus: patient.mogStatus ?? null,
        },
      );
      return [
        settle(flag, asOf, {
          resolvedBy: stop === null ? null : { on: stop, resolution: `${agentName(course.agent)} stopped on ${stop}` },
        }),
      ];
    });
  },
};
