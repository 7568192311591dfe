import { RECORD_TYPES, type RecordApiName } from '@nmo/domain';
import { eventKind, kindWithParts, partKind } from './record-kind.ts';
import { recordRouter } from './record-router.ts';

const acuteTreatment = partKind('acuteTreatment', RECORD_TYPES.acuteTreatment.schema);
const administration = partKind('administration', RECORD_TYPES.administration.schema);

/**
 * The kind of every clinical record the API edits, under its router name (registry.ts `names.api`).
 * Inputs are the registry's schemas (the interchange event without `type` and parts, the same Zod
 * schemas the web forms use); a relapse's acute treatments and a therapy's administrations are
 * records of their own, addressed through their parent.
 */
export const RECORD_KINDS = {
  edss: eventKind('edss', RECORD_TYPES.edss.schema),
  antibodies: eventKind('antibody', RECORD_TYPES.antibody.schema),
  mri: eventKind('mri', RECORD_TYPES.mri.schema),
  visualExams: eventKind('visual', RECORD_TYPES.visual.schema),
  relapses: kindWithParts('relapse', RECORD_TYPES.relapse.schema, acuteTreatment),
  acuteTreatments: acuteTreatment,
  therapies: kindWithParts('therapy', RECORD_TYPES.therapy.schema, administration),
  administrations: administration,
  labs: eventKind('lab', RECORD_TYPES.lab.schema),
  vaccinations: eventKind('vaccination', RECORD_TYPES.vaccination.schema),
} satisfies Record<RecordApiName, unknown>;

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
} satisfies Record<RecordApiName, unknown>;
