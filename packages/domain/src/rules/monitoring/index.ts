import type { Rule } from '../types.ts';

/** The monitoring rules, one per file in this folder. */
export const MONITORING_RULES: Rule[] = [];
