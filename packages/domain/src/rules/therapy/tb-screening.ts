import { screeningRule } from '../pretreatment.ts';

/**
 * TB_SCREENING_MISSING: a course of an agent in `infectionScreening.tbBeforeAgents` (default
 * satralizumab, inebilizumab and tocilizumab, as their labels require) with no tuberculosis screening
 * test (an interferon-gamma release assay or a tuberculin skin test; an indeterminate result does not
 * count) dated on or before its first dose. ENSPRYNG and UPLIZNA US prescribing information, section
 * 2.1: evaluate for active tuberculosis and test for latent infection before the first dose; ACTEMRA
 * boxed warning: test for latent tuberculosis before use. A positive test raises
 * TB_POSITIVE_WITHOUT_TREATMENT until treatment or an infectious-diseases referral is on record. Dated
 * at the first dose; one flag per course.
 *
 * Lifecycle (pretreatment.ts `screeningRule`): open while the course runs without a screening test;
 * resolved by the first test after the first dose ("tuberculosis screening on 2024-04-01") or by the
 * course stopping ("satralizumab stopped on 2024-05-01"), whichever comes first (a test on the stop day
 * wins). No expiry: screening can be done at any time during the course.
 */
export const tbScreeningRule = screeningRule({
  code: 'TB_SCREENING_MISSING',
  source: 'tbScreening',
  agents: (settings) => settings.infectionScreening.tbBeforeAgents,
  tests: [{ key: 'tuberculosis', name: 'IGRA or tuberculin skin test', tests: ['tb_igra', 'tb_skin_test'] }],
  subject: 'tuberculosis screening',
  why: () =>
    'Latent tuberculosis can reactivate on this therapy; test for latent infection (IGRA or tuberculin skin test) before the first dose.',
  done: (date) => `tuberculosis screening on ${date}`,
});
