import { daysBetween } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import { MS_DISEASE_MODIFYING_AGENTS } from '../agents.ts';
import { makeFlag, settle } from '../flag.ts';
import type { SourceId } from '../sources.ts';
import type { Rule } from '../types.ts';
import { agentName, agentTitle } from './labels.ts';
import { stopOf } from './resolution.ts';

/** What is known of each MS drug in NMOSD: the harm or failure reported, and its source. */
export const MS_DRUG_EVIDENCE: Partial<Record<TherapyAgent, { finding: string; source: SourceId }>> = {
  interferon_beta: {
    finding: 'interferon beta was followed by more relapses and rising AQP4-IgG titres in NMOSD',
    source: 'msDrugInterferon',
  },
  natalizumab: {
    finding: 'natalizumab failed to prevent relapses in AQP4-positive NMOSD',
    source: 'msDrugNatalizumab',
  },
  fingolimod: { finding: 'extensive brain lesions developed on fingolimod in NMOSD', source: 'msDrugS1p' },
  siponimod: {
    finding:
      "siponimod shares fingolimod's S1P-receptor mechanism, which was followed by extensive brain lesions in NMOSD",
    source: 'msDrugS1p',
  },
  ozanimod: {
    finding:
      "ozanimod shares fingolimod's S1P-receptor mechanism, which was followed by extensive brain lesions in NMOSD",
    source: 'msDrugS1p',
  },
  ponesimod: {
    finding:
      "ponesimod shares fingolimod's S1P-receptor mechanism, which was followed by extensive brain lesions in NMOSD",
    source: 'msDrugS1p',
  },
  glatiramer: { finding: 'glatiramer acetate is ineffective in NMOSD', source: 'msDrugGlatiramer' },
  dimethyl_fumarate: {
    finding: 'severe myelitis followed the start of dimethyl fumarate in NMOSD',
    source: 'msDrugDimethylFumarate',
  },
  teriflunomide: {
    finding: 'teriflunomide has no evidence of benefit in NMOSD, where MS immunomodulators failed or did harm',
    source: 'msDrugTeriflunomide',
  },
  alemtuzumab: { finding: 'disabling relapses continued despite alemtuzumab in NMOSD', source: 'msDrugAlemtuzumab' },
};

/**
 * MS_DISEASE_MODIFYING_DRUG (critical): a course of an MS disease-modifying drug
 * (MS_DISEASE_MODIFYING_AGENTS) on record. Each agent names its own evidence (MS_DRUG_EVIDENCE):
 * interferon beta (Palace et al. 2010), natalizumab (Kleiter et al. 2012), fingolimod and the other
 * S1P modulators (Min et al. 2012; Traub et al. 2020), glatiramer acetate, dimethyl fumarate,
 * teriflunomide (Traub et al. 2020) and alemtuzumab (Azzopardi et al. 2016). One flag per course,
 * dated at its start.
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
        const evidence = MS_DRUG_EVIDENCE[course.agent] ?? {
          finding: `${agentName(course.agent)} is an MS drug without benefit in NMOSD`,
          source: 'msDrugTeriflunomide' as const,
        };
        const daysOnTherapy = daysBetween(course.startDate, course.stopDate ?? asOf);
        const still = course.stopDate === null ? `is still taken on ${asOf}` : `was taken until ${course.stopDate}`;
        const flag = makeFlag(
          'MS_DISEASE_MODIFYING_DRUG',
          'critical',
          course.startDate,
          `${agentTitle(course.agent)}, an MS disease-modifying drug, was started on ${course.startDate} and ${still}: ${evidence.finding}. Stop it and start an NMOSD maintenance therapy.`,
          evidence.source,
          { agent: course.agent, startDate: course.startDate, stopDate: course.stopDate, daysOnTherapy },
        );
        return settle(flag, asOf, { resolvedBy: stopOf(course) });
      });
  },
};
