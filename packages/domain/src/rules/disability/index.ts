import type { Rule } from '../types.ts';
import { confirmedEdssWorseningRule } from './confirmed-edss-worsening.ts';

/** The disability rules, one per file in this folder. */
export const DISABILITY_RULES: Rule[] = [confirmedEdssWorseningRule];
