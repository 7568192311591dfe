import type { Rule } from '../types.ts';

/** The relapse rules, one per file in this folder. */
export const RELAPSE_RULES: Rule[] = [];
