import { makeFlag } from '../flag.ts';
import type { Rule } from '../types.ts';

/**
 * ANTIPHOSPHOLIPID_ANTIBODIES (risk badge): the patient's comorbidities include antiphospholipid antibodies.
 * Tektonidou et al., EULAR antiphospholipid syndrome recommendations, Ann Rheum Dis 2019: if present
 * and associated with ischaemic/thrombotic myelopathy, add anticoagulation to immunosuppressive therapy.
 * The comorbidity carries no date, so the flag is dated at the diagnosis, else the first attack, else the
 * as-of date; never later than the as-of date (a record read as of an earlier day).
 *
 * Lifecycle: persistent: open for as long as the comorbidity is recorded (it goes when the record no longer
 * lists it). No record resolves it and it does not expire: a clinician closes it by acknowledging it after
 * review.
 */
export const antiphospholipidAntibodiesRule: Rule = {
  codes: ['ANTIPHOSPHOLIPID_ANTIBODIES'],
  evaluate({ patient, asOf }) {
    if (!(patient.comorbidities ?? []).includes('antiphospholipid_antibodies')) return [];
    const anchor = patient.diagnosisDate ?? patient.firstAttackDate ?? asOf;
    const date = anchor.localeCompare(asOf) > 0 ? asOf : anchor; // dates as strings: not Math.min
    return [
      makeFlag(
        'ANTIPHOSPHOLIPID_ANTIBODIES',
        'info',
        date,
        'Antiphospholipid antibodies on record: a risk factor for poor outcome in NMOSD; if thrombotic events or an ischaemic myelopathy occur, anticoagulation is added to immunosuppression (EULAR antiphospholipid syndrome recommendations).',
        'antiphospholipid',
        { comorbidity: 'antiphospholipid_antibodies' },
      ),
    ];
  },
};
