import type { Rule } from '../types.ts';
import { acuteTreatmentDelayedRule } from './acute-treatment-delayed.ts';
import { breakthroughRule } from './breakthrough.ts';
import { ivmpCourseShortRule } from './ivmp-course-short.ts';
import { plexCourseShortRule } from './plex-course-short.ts';
import { plexDelayedRule } from './plex-delayed.ts';
import { severeAttackWithoutPlexRule } from './severe-attack-without-plex.ts';
import { untreatedRelapseRule } from './untreated-relapse.ts';

/** The relapse rules, one per file in this folder. */
export const RELAPSE_RULES: Rule[] = [
  breakthroughRule,
  acuteTreatmentDelayedRule,
  untreatedRelapseRule,
  severeAttackWithoutPlexRule,
  ivmpCourseShortRule,
  plexCourseShortRule,
  plexDelayedRule,
];
