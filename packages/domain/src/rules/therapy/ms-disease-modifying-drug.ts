import { daysBetween } from '../../calendar-date.ts';
import { MS_DISEASE_MODIFYING_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle } from './labels.ts';
import { stopOf } from './resolution.ts';

/**
 * MS_DISEASE_MODIFYING_DRUG: a course of an MS disease-modifying drug (MS_DISEASE_MODIFYING_AGENTS) on
 * record. NMOSD guideline, Critical Pitfalls: "Never use MS disease-modifying therapies (interferon-β,
 * natalizumab, fingolimod) in NMOSD—these may worsen outcomes". Glatiramer acetate is "ineffective and, in
 * some cases, harmful" (Curr Treat Options Neurol 2015; LOINC 68548-7 note), so it is in
 * MS_DISEASE_MODIFYING_AGENTS too. One flag per course, dated at its start.
 *
 * Lifecycle: open from the start day while the course runs; resolved on its stop date ("natalizumab
 * stopped on 2019-05-02"): from the stop day on, there is nothing left to stop (the stop day itself is
 * still a day on the drug, but the record of the stop is what addressed the flag). Past courses stay as
 * resolved history. No expiry: a course still running stays open however long it lasts.
 * `daysOnTherapy` counts from the start to the stop, or to the as-of date while it runs.
 */
export const msDiseaseModifyingDrugRule: Rule = {
  codes: ['MS_DISEASE_MODIFYING_DRUG'],
  evaluate({ timeline, asOf }) {
    return timeline.therapies
      .filter((course) => MS_DISEASE_MODIFYING_AGENTS.has(course.agent))
      .map((course) => {
        const daysOnTherapy = daysBetween(course.startDate, course.stopDate ?? asOf);
        const still = course.stopDate === null ? `is still taken on ${asOf}` : `was taken until ${course.stopDate}`;
        const why =
          course.agent === 'glatiramer'
            ? 'glatiramer acetate is ineffective in NMOSD'
            : `the guideline says never to use MS disease-modifying therapies such as ${agentName(course.agent)} in NMOSD, as they may worsen outcomes`;
        const flag = makeFlag(
          'MS_DISEASE_MODIFYING_DRUG',
          'critical',
          course.startDate,
          `${agentTitle(course.agent)}, an MS disease-modifying drug, was started on ${course.startDate} and ${still}: ${why}. Switch to an NMOSD maintenance therapy.`,
          'msDrugs',
          { agent: course.agent, startDate: course.startDate, stopDate: course.stopDate, daysOnTherapy },
        );
        return settle(flag, asOf, { resolvedBy: stopOf(course) });
      });
  },
};
