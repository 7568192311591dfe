import type { RecordApiName } from '@nmo/domain';
import { eventKind, kindWithParts, partKind } from './record-kind.ts';
import { recordRouter } from './record-router.ts';

const acuteTreatment = partKind('acuteTreatment');
const administration = partKind('administration');

/**
 * The kind of every clinical record the API edits, under its router name (registry.ts `names.api`).
 * Inputs are the registry's schemas (the interchange event without `type` and parts, the same Zod
 * schemas the web forms use); a relapse's acute treatments and a therapy's administrations are
 * records of their own, addressed through their parent.
 */
export const RECORD_KINDS = {
  edss: eventKind('edss'),
  antibodies: eventKind('antibody'),
  mri: eventKind('mri'),
  visualExams: eventKind('visual'),
  relapses: kindWithParts('relapse', acuteTreatment),
  acuteTreatments: acuteTreatment,
  therapies: kindWithParts('therapy', administration),
  administrations: administration,
  labs: eventKind('lab'),
  vaccinations: eventKind('vaccination'),
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
