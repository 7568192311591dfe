import { z } from 'zod';
import { uuid, version } from '../records/record-router.ts';
import { RECORD_KINDS } from '../records/routers.ts';

/**
 * One clinic visit, every section optional, each section the registry's own schema (the same one
 * the single-record forms and routers use), so a field error is named by its path in the visit:
 * `edss.score`, `eyes.OD.logmar`, `attack.acuteTreatments.0.days`, `plannedDose.date`.
 */
const eyeExam = RECORD_KINDS.visualExams.data.omit({ eye: true });
const dose = RECORD_KINDS.administrations.data.omit({ planned: true }).extend({
  /** The therapy the dose belongs to; absent: the therapy this visit starts. */
  therapyId: uuid.optional(),
});

export const visitInput = z.strictObject({
  patientId: uuid,
  edss: RECORD_KINDS.edss.data.optional(),
  eyes: z.strictObject({ OD: eyeExam.optional(), OS: eyeExam.optional() }).optional(),
  attack: RECORD_KINDS.relapses.data
    .extend({ acuteTreatments: z.array(RECORD_KINDS.acuteTreatments.data).optional() })
    .optional(),
  therapyChange: z
    .strictObject({
      /** Stops the current therapy (the version the clinician read) with a reason. */
      stop: z
        .strictObject({
          therapyId: uuid,
          version,
          stopDate: RECORD_KINDS.therapies.data.shape.startDate,
          stopReason: RECORD_KINDS.therapies.data.shape.stopReason.unwrap(),
        })
        .optional(),
      start: RECORD_KINDS.therapies.data.optional(),
    })
    .optional(),
  dose: dose.optional(),
  plannedDose: dose.optional(),
  bodyWeight: RECORD_KINDS.bodyWeights.data.optional(),
});
export type VisitInput = z.infer<typeof visitInput>;

/** What was saved: the ids of the records the visit created or changed, by section. */
export const visitOutput = z.strictObject({
  created: z.array(z.strictObject({ section: z.string(), entity: z.string(), id: z.uuid() })),
  stoppedTherapyId: z.uuid().nullable(),
});
