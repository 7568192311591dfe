import type { Rule } from '../types.ts';

/** The therapy rules, one per file in this folder. */
export const THERAPY_RULES: Rule[] = [];
