import { addDays } from '../../calendar-date.ts';
import { makeFlag, settle } from '../flag.ts';
import type { Rule } from '../types.ts';

/**
 * Longitudinally extensive: a lesion spanning 3 or more vertebral segments. Extensive cord lesions predict a poor
 * outcome (Kümpfel et al., NEMOS 2024); 3 or more segments is the IPND 2015 LETM
 * criterion (Wingerchuk et al., IPND, Neurology 2015). A definition, not a clinic setting.
 */
const EXTENSIVE_MIN_SEGMENTS = 3;

/**
 * LONGITUDINALLY_EXTENSIVE_LESION (risk badge): any MRI up to the as-of date whose longest lesion spans at
 * least 3 vertebral segments. One flag per patient, dated at the first such MRI.
 *
 * Lifecycle: a finding to review, not a task a record completes: open from the MRI date to MRI date +
 * `lifecycle.findingReviewDays` (default 90, a clinic setting) included, expired from the next day. Nothing
 * resolves it (a clinician closes it sooner by acknowledging it).
 */
export const longitudinallyExtensiveLesionRule: Rule = {
  codes: ['LONGITUDINALLY_EXTENSIVE_LESION'],
  evaluate({ timeline, asOf, settings }) {
    const extensive = timeline.mriExams.filter(
      (mri) => mri.extensiveSegments !== undefined && mri.extensiveSegments >= EXTENSIVE_MIN_SEGMENTS,
    );
    const first = extensive[0];
    if (first === undefined) return [];
    const region = first.region.replace('_', ' ');
    const others = extensive.length - 1;
    const more = others === 0 ? '' : ` (${others} later ${others === 1 ? 'MRI shows' : 'MRIs show'} one too)`;
    const flag = makeFlag(
      'LONGITUDINALLY_EXTENSIVE_LESION',
      'info',
      first.date,
      `MRI on ${first.date} (${region}) shows a lesion spanning ${first.extensiveSegments} vertebral segments${more}: an extensive lesion of ${EXTENSIVE_MIN_SEGMENTS} or more segments is a risk factor for poor outcome.`,
      'letm',
      { segments: first.extensiveSegments, region: first.region, count: extensive.length, firstDate: first.date },
    );
    return [settle(flag, asOf, { actionableUntil: addDays(first.date, settings.lifecycle.findingReviewDays) })];
  },
};
