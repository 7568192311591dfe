import { daysBetween } from '../../calendar-date.ts';
import { MS_DISEASE_MODIFYING_AGENTS } from '../agents.ts';
import { makeFlag } from '../flag.ts';
import { therapiesActiveOn } from '../timeline.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle } from './labels.ts';

/**
 * MS_DISEASE_MODIFYING_DRUG: an MS disease-modifying drug is being taken on the as-of date (start and
 * stop days included). NMOSD guideline, Critical Pitfalls: "Never use MS disease-modifying therapies
 * (interferon-β, natalizumab, fingolimod) in NMOSD—these may worsen outcomes". Glatiramer acetate is
 * "ineffective and, in some cases, harmful" (Curr Treat Options Neurol 2015; LOINC 68548-7 note), so it
 * is in MS_DISEASE_MODIFYING_AGENTS too. One flag per course, dated at its start.
 */
export const msDiseaseModifyingDrugRule: Rule = {
  codes: ['MS_DISEASE_MODIFYING_DRUG'],
  evaluate({ timeline, asOf }) {
    return therapiesActiveOn(timeline, asOf, (course) => MS_DISEASE_MODIFYING_AGENTS.has(course.agent)).map(
      (course) => {
        const daysOnTherapy = daysBetween(course.startDate, asOf);
        const still = course.stopDate === null ? `is still taken on ${asOf}` : `was taken until ${course.stopDate}`;
        const why =
          course.agent === 'glatiramer'
            ? 'glatiramer acetate is ineffective in NMOSD'
            : `the guideline says never to use MS disease-modifying therapies such as ${agentName(course.agent)} in NMOSD, as they may worsen outcomes`;
        return makeFlag(
          'MS_DISEASE_MODIFYING_DRUG',
          'critical',
          course.startDate,
          `${agentTitle(course.agent)}, an MS disease-modifying drug, was started on ${course.startDate} and ${still}: ${why}. Switch to an NMOSD maintenance therapy.`,
          'msDrugs',
          { agent: course.agent, startDate: course.startDate, stopDate: course.stopDate, daysOnTherapy },
        );
      },
    );
  },
};
