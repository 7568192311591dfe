import {
  acuteTreatmentSchema,
  administrationSchema,
  antibodyEventSchema,
  edssEventSchema,
  labEventSchema,
  mriEventSchema,
  relapseEventSchema,
  therapyEventSchema,
  vaccinationEventSchema,
  visualEventSchema,
} from '@nmo/domain';
import { eventKind, partKind, recordRouter } from './record-router.ts';

const liveParts = (relation: string) => ({ [relation]: { where: { deletedAt: null } } });

/**
 * One router per record type; inputs are the interchange event schemas without `type` (the same
 * Zod schemas the web forms use). Acute treatments and administrations have their own routers,
 * addressed through their relapse and therapy.
 */
export const recordRouters = {
  edss: recordRouter(eventKind('edss', 'EDSS assessment', edssEventSchema.omit({ type: true }))),
  antibodies: recordRouter(eventKind('antibody', 'antibody test', antibodyEventSchema.omit({ type: true }))),
  mri: recordRouter(eventKind('mri', 'MRI exam', mriEventSchema.omit({ type: true }))),
  visualExams: recordRouter(eventKind('visual', 'visual exam', visualEventSchema.omit({ type: true }))),
  relapses: recordRouter(
    eventKind(
      'relapse',
      'relapse',
      relapseEventSchema.omit({ type: true, acuteTreatments: true }),
      liveParts('acuteTreatments'),
    ),
  ),
  acuteTreatments: recordRouter(partKind('acuteTreatment', acuteTreatmentSchema)),
  therapies: recordRouter(
    eventKind(
      'therapy',
      'therapy',
      therapyEventSchema.omit({ type: true, administrations: true }),
      liveParts('administrations'),
    ),
  ),
  administrations: recordRouter(partKind('administration', administrationSchema)),
  labs: recordRouter(eventKind('lab', 'lab result', labEventSchema.omit({ type: true }))),
  vaccinations: recordRouter(eventKind('vaccination', 'vaccination', vaccinationEventSchema.omit({ type: true }))),
};
