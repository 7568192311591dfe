import { addDays, laterDate } from '../../calendar-date.ts';
import type { TherapyAgent } from '../../enums.ts';
import type { LabEvent } from '../../records/lab.ts';
import { makeFlag, settle } from '../flag.ts';
import type { RuleSettings } from '../settings.ts';
import type { SourceId } from '../sources.ts';
import type { ClinicalTimeline, TherapyCourse } from '../timeline.ts';
import type { Flag, FlagCode, Rule, RuleContext } from '../types.ts';
import { agentTitle } from './labels.ts';
import { earliest, type Resolution } from './resolution.ts';

type Indication = ClinicalTimeline['prophylaxis'][number]['indication'];
type Specialty = ClinicalTimeline['referrals'][number]['specialty'];

/** A positive screening result and what addresses it (one entry per code). */
interface PositiveSpec {
  code: FlagCode;
  source: SourceId;
  agents: (settings: RuleSettings) => readonly TherapyAgent[];
  isPositive: (lab: LabEvent, settings: RuleSettings) => boolean;
  /** How a message names the test ('anti-HBc'). */
  testName: (lab: LabEvent) => string;
  indication: Indication;
  /** The indication in a resolution ('hepatitis B'). */
  indicationName: string;
  /**
   * Whether the prophylaxis has to run on or after the flag's date (antiviral cover through the therapy)
   * or any course of it counts, a completed one included (a history of appropriate treatment).
   */
  prophylaxisRunning: boolean;
  specialty: Specialty;
  /** "hepatitis B prophylaxis or a hepatology referral". */
  missing: string;
  /** Why it matters, a sentence. */
  why: string;
  /** Days after the course last protects until which it can still be addressed. */
  actionableAfterDays: (settings: RuleSettings) => number;
}

const SPECS: readonly PositiveSpec[] = [
  {
    code: 'HBV_POSITIVE_WITHOUT_PROPHYLAXIS',
    source: 'hbvPositive',
    agents: (settings) => settings.infectionScreening.hbvBeforeAgents,
    isPositive: (lab) => (lab.test === 'hbsag' || lab.test === 'anti_hbc') && lab.result === 'positive',
    testName: (lab) => (lab.test === 'hbsag' ? 'HBsAg' : 'anti-HBc'),
    indication: 'hepatitis_b',
    indicationName: 'hepatitis B',
    prophylaxisRunning: true,
    specialty: 'hepatology',
    missing: 'antiviral prophylaxis for hepatitis B or a hepatology referral',
    why: 'hepatitis B can reactivate under this therapy, in some cases as fulminant hepatitis and death; give antiviral prophylaxis (entecavir or tenofovir) with hepatology care, before and until at least 12 months after the therapy.',
    actionableAfterDays: (settings) => settings.infectionScreening.hbvRiskAfterTherapyDays,
  },
  {
    code: 'TB_POSITIVE_WITHOUT_TREATMENT',
    source: 'tbPositive',
    agents: (settings) => settings.infectionScreening.tbBeforeAgents,
    isPositive: (lab, settings) =>
      (lab.test === 'tb_igra' || lab.test === 'tb_skin_test') &&
      (lab.result === 'positive' ||
        (lab.test === 'tb_skin_test' &&
          lab.result === undefined &&
          lab.value !== undefined &&
          lab.value >= settings.infectionScreening.tuberculinPositiveMm)),
    testName: (lab) =>
      lab.test === 'tb_igra'
        ? 'interferon-gamma release assay'
        : `tuberculin skin test${lab.value === undefined ? '' : ` (${lab.value} mm)`}`,
    indication: 'tuberculosis',
    indicationName: 'tuberculosis',
    prophylaxisRunning: false,
    specialty: 'infectious_diseases',
    missing: 'tuberculosis treatment or an infectious-diseases referral',
    why: 'the therapy is not to be given with active or untreated latent tuberculosis; exclude active disease and treat latent infection first.',
    actionableAfterDays: () => 0,
  },
];

/**
 * HBV_POSITIVE_WITHOUT_PROPHYLAXIS and TB_POSITIVE_WITHOUT_TREATMENT (critical): a positive screening
 * result (HBsAg or anti-HBc positive; an IGRA or tuberculin skin test positive, or a skin test of at
 * least `infectionScreening.tuberculinPositiveMm` mm recorded without a result) dated on or before the
 * last day a course of an agent that needs the screening protects (`hbvBeforeAgents`, `tbBeforeAgents`):
 * before the course or during it. One flag per course, for the first such result, dated at the later of
 * that result and the course's first dose.
 * Sources: RITUXAN boxed warning and ENSPRYNG section 2.1 (consult liver disease experts); AASLD 2018
 * (Terrault et al., Hepatology 2018;67:1560-1599): prophylaxis for HBsAg-positive and anti-HBc-positive
 * patients on anti-CD20 therapy; ENSPRYNG sections 2.1 and 4, ACTEMRA boxed warning: treat latent
 * tuberculosis before the therapy.
 *
 * Lifecycle: resolved by prophylaxis of the indication: for hepatitis B an antiviral course running on
 * or after the flag's date ("entecavir for hepatitis B from 2024-02-01"; started earlier and still
 * running counts, resolved from the flag's date); for tuberculosis any treatment course, a completed one
 * included (ENSPRYNG: positive screening "without a history of appropriate treatment") or by a referral to the specialty ('hepatology',
 * 'infectious_diseases') dated on or after the result ("referred to hepatology on 2024-03-10"),
 * whichever came first. Expired when nothing addressed it by the day the course last protects (its stop,
 * or the end of a B-cell therapy's carry-over) plus `hbvRiskAfterTherapyDays` (365: the reactivation risk
 * outlasts B-cell depletion) for hepatitis B, or that day itself for tuberculosis; open while the course
 * runs.
 */
export const positiveScreeningRule: Rule = {
  codes: SPECS.map((spec) => spec.code),
  evaluate(context) {
    return SPECS.flatMap((spec) => {
      const agents = new Set(spec.agents(context.settings));
      return context.timeline.therapies
        .filter((course) => agents.has(course.agent))
        .flatMap((course) => positiveFlag(context, spec, course) ?? []);
    });
  },
};

function positiveFlag(context: RuleContext, spec: PositiveSpec, course: TherapyCourse): Flag | null {
  const { timeline, settings, asOf } = context;
  const lastProtected = course.protectedUntil;
  const result = timeline.labs.find(
    (lab) => spec.isPositive(lab, settings) && (lastProtected === null || lab.date <= lastProtected),
  );
  if (result === undefined) return null;
  const date = laterDate(result.date, course.firstDoseDate);
  const subject =
    course.stopDate === null
      ? `${agentTitle(course.agent)} since ${course.startDate}`
      : `${agentTitle(course.agent)} from ${course.startDate} to ${course.stopDate}`;
  const flag = makeFlag(
    spec.code,
    'critical',
    date,
    `${subject} with ${spec.testName(result)} positive on ${result.date}, and no ${spec.missing} on record: ${spec.why}`,
    spec.source,
    {
      agent: course.agent,
      courseStartDate: course.startDate,
      test: result.test,
      resultDate: result.date,
      prophylaxisIndication: spec.indication,
      referralSpecialty: spec.specialty,
    },
  );
  const prophylaxis = timeline.prophylaxis.find(
    (p) =>
      p.indication === spec.indication &&
      (!spec.prophylaxisRunning || p.stopDate === null || p.stopDate === undefined || p.stopDate >= date),
  );
  const referral = timeline.referrals.find((r) => r.specialty === spec.specialty && r.date >= result.date);
  const byProphylaxis: Resolution | null = prophylaxis
    ? {
        on: prophylaxis.startDate,
        resolution: `${prophylaxis.agent.replaceAll('_', ' ')} for ${spec.indicationName} from ${prophylaxis.startDate}`,
      }
    : null;
  const byReferral: Resolution | null = referral
    ? { on: referral.date, resolution: `referred to ${referral.specialty.replaceAll('_', ' ')} on ${referral.date}` }
    : null;
  return settle(flag, asOf, {
    resolvedBy: earliest(byProphylaxis, byReferral),
    actionableUntil: lastProtected === null ? null : addDays(lastProtected, spec.actionableAfterDays(settings)),
  });
}
