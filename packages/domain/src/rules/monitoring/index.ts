import type { Rule } from '../types.ts';
import { aqp4RetestDueRule } from './aqp4-retest-due.ts';
import { edssOverdueRule } from './edss-overdue.ts';
import { labMonitoringOverdueRule } from './lab-monitoring-overdue.ts';
import { mriOverdueRule } from './mri-overdue.ts';
import { visualExamOverdueRule } from './visual-exam-overdue.ts';

/** The monitoring rules, one per file in this folder. */
export const MONITORING_RULES: Rule[] = [
  edssOverdueRule,
  mriOverdueRule,
  visualExamOverdueRule,
  aqp4RetestDueRule,
  labMonitoringOverdueRule,
];
