import type { Bundle } from '@medplum/fhirtypes';
import type { DbClient } from '@nmo/db';
import type { PatientTimeline } from '@nmo/domain';
import { inSubjectOrder } from '../deidentify/deidentify.ts';
import { type PatientSelection, patientPages } from '../timeline/pages.ts';
import { FHIR_SYSTEMS, localCodeSystem } from './codes.ts';
import { type FhirEntry, uuidFromName } from './context.ts';
import { assertFhirDeidentifyOptions, type FhirExportOptions, patientResources } from './resources.ts';

export interface FhirBundleOptions extends FhirExportOptions {
  /** Bundle.timestamp; default now. */
  timestamp?: string;
}

export interface FhirBundleExportOptions extends FhirBundleOptions, Omit<PatientSelection, 'subjectKey'> {
  onPage?: (patients: number, resources: number) => void;
}

/** The local CodeSystem travels in every bundle, so the file defines its own codes. */
function codeSystemEntry(): FhirEntry {
  return { fullUrl: `urn:uuid:${uuidFromName(`code-system ${FHIR_SYSTEMS.local}`)}`, resource: localCodeSystem() };
}

const bundleHead = (options: FhirBundleOptions) => ({
  resourceType: 'Bundle' as const,
  type: 'collection' as const,
  timestamp: options.timestamp ?? new Date().toISOString(),
});

/**
 * Patients in memory as one FHIR R4 collection Bundle; de-identified in subject-ID order, as the
 * streamed export, so that the order says nothing about the MRNs.
 */
export function fhirBundle(patients: PatientTimeline[], options: FhirBundleOptions = {}): Bundle {
  assertFhirDeidentifyOptions(options);
  const key = options.deidentify?.key;
  const ordered = key ? inSubjectOrder(patients, key) : patients;
  return {
    ...bundleHead(options),
    entry: [codeSystemEntry(), ...ordered.flatMap((patient) => patientResources(patient, options))],
  };
}

/**
 * The cohort (or the selected patients) as one FHIR R4 collection Bundle, as JSON text chunks: the
 * head and the CodeSystem, then one chunk per page of patients, by MRN, or by subject ID when
 * de-identified; one entry per line. `onPage` reports the patients and resources of each page.
 */
export async function* exportFhirBundle(db: DbClient, options: FhirBundleExportOptions = {}): AsyncGenerator<string> {
  assertFhirDeidentifyOptions(options);
  const head = JSON.stringify(bundleHead(options)).slice(0, -1);
  yield `${head},"entry":[\n${JSON.stringify(codeSystemEntry())}`;
  for await (const page of patientPages(db, { ...options, subjectKey: options.deidentify?.key })) {
    const entries = page.flatMap(({ timeline }) => patientResources(timeline, options));
    if (entries.length) yield entries.map((entry) => `,\n${JSON.stringify(entry)}`).join('');
    options.onPage?.(page.length, entries.length);
  }
  yield '\n]}\n';
}
