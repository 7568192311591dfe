import type { Rule } from '../types.ts';
import { postpartumWindowRule } from './postpartum-window.ts';
import { teratogenicTherapyRule } from './teratogenic-therapy.ts';

/** The pregnancy rules, one per file in this folder (windows.ts holds the shared day arithmetic). */
export const PREGNANCY_RULES: Rule[] = [teratogenicTherapyRule, postpartumWindowRule];
