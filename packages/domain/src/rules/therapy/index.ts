import type { Rule } from '../types.ts';
import { ahsctOutsideTrialRule } from './ahsct-outside-trial.ts';
import { antiphospholipidAntibodiesRule } from './antiphospholipid-antibodies.ts';
import { azathioprineMetabolismRule } from './azathioprine-metabolism.ts';
import { bridgingSteroidRule } from './bridging-steroid.ts';
import { hbvScreeningRule } from './hbv-screening.ts';
import { longitudinallyExtensiveLesionRule } from './longitudinally-extensive-lesion.ts';
import { lowIggRule } from './low-igg.ts';
import { maintenanceDiscontinuedRule } from './maintenance-discontinued.ts';
import { maintenanceDoseOverdueRule } from './maintenance-dose-overdue.ts';
import { meningococcalBoosterRule } from './meningococcal-booster.ts';
import { meningococcalVaccinationRule } from './meningococcal-vaccination.ts';
import { msDiseaseModifyingDrugRule } from './ms-disease-modifying-drug.ts';
import { noMaintenanceTherapyRule } from './no-maintenance-therapy.ts';
import { positiveScreeningRule } from './positive-screening.ts';
import { ravulizumabWeightBandRule } from './ravulizumab-weight-band.ts';
import { rituximabRedosingRule } from './rituximab-redosing.ts';
import { eculizumabSupplementalDoseRule, ravulizumabSupplementalDoseRule } from './supplemental-dose.ts';
import { tbScreeningRule } from './tb-screening.ts';
import { therapyOutsideIndicationRule } from './therapy-outside-indication.ts';

/** The therapy rules, one per file in this folder. */
export const THERAPY_RULES: Rule[] = [
  msDiseaseModifyingDrugRule,
  noMaintenanceTherapyRule,
  maintenanceDiscontinuedRule,
  meningococcalVaccinationRule,
  meningococcalBoosterRule,
  eculizumabSupplementalDoseRule,
  ravulizumabSupplementalDoseRule,
  ravulizumabWeightBandRule,
  rituximabRedosingRule,
  maintenanceDoseOverdueRule,
  hbvScreeningRule,
  tbScreeningRule,
  positiveScreeningRule,
  azathioprineMetabolismRule,
  lowIggRule,
  longitudinallyExtensiveLesionRule,
  antiphospholipidAntibodiesRule,
  ahsctOutsideTrialRule,
  therapyOutsideIndicationRule,
  bridgingSteroidRule,
];
