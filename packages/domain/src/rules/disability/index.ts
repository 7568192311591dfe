import type { Rule } from '../types.ts';

/** The disability rules, one per file in this folder. */
export const DISABILITY_RULES: Rule[] = [];
