import {
  acuteTreatmentSchema,
  administrationSchema,
  antibodyEventSchema,
  edssEventSchema,
  labDataSchema,
  mriEventSchema,
  relapseEventSchema,
  therapyEventSchema,
  vaccinationEventSchema,
  visualEventSchema,
} from '@nmo/domain';
import { eventKind, kindWithParts, partKind } from './record-kind.ts';
import { recordRouter } from './record-router.ts';

const acuteTreatment = partKind('acuteTreatment', 'relapseId', acuteTreatmentSchema);
const administration = partKind('administration', 'therapyId', administrationSchema);

/**
 * The kind of every clinical record the API edits. Inputs are the interchange event schemas
 * without `type` (the same Zod schemas the web forms use); a relapse's acute treatments and a
 * therapy's administrations are records of their own, addressed through their parent.
 */
export const RECORD_KINDS = {
  edss: eventKind('edss', 'EDSS assessment', edssEventSchema.omit({ type: true })),
  antibodies: eventKind('antibody', 'antibody test', antibodyEventSchema.omit({ type: true })),
  mri: eventKind('mri', 'MRI exam', mriEventSchema.omit({ type: true })),
  visualExams: eventKind('visual', 'visual exam', visualEventSchema.omit({ type: true })),
  relapses: kindWithParts(
    'relapse',
    'relapse',
    relapseEventSchema.omit({ type: true, acuteTreatments: true }),
    'acuteTreatments',
    acuteTreatment,
  ),
  acuteTreatments: acuteTreatment,
  therapies: kindWithParts(
    'therapy',
    'therapy',
    therapyEventSchema.omit({ type: true, administrations: true }),
    'administrations',
    administration,
  ),
  administrations: administration,
  // The lab schema checks the unit against the test (a refinement), so it has its own no-type variant.
  labs: eventKind('lab', 'lab result', labDataSchema),
  vaccinations: eventKind('vaccination', 'vaccination', vaccinationEventSchema.omit({ type: true })),
};

/** One router per record type. */
export const recordRouters = {
  edss: recordRouter(RECORD_KINDS.edss),
  antibodies: recordRouter(RECORD_KINDS.antibodies),
  mri: recordRouter(RECORD_KINDS.mri),
  visualExams: recordRouter(RECORD_KINDS.visualExams),
  relapses: recordRouter(RECORD_KINDS.relapses),
  acuteTreatments: recordRouter(RECORD_KINDS.acuteTreatments),
  therapies: recordRouter(RECORD_KINDS.therapies),
  administrations: recordRouter(RECORD_KINDS.administrations),
  labs: recordRouter(RECORD_KINDS.labs),
  vaccinations: recordRouter(RECORD_KINDS.vaccinations),
};
