export * from './bundle.ts';
export { FHIR_EXTENSIONS, FHIR_SYSTEMS, localCodeSystem } from './codes.ts';
export { type FhirEntry, uuidFromName } from './context.ts';
export { LOCAL_CODES, type LocalCode } from './local-codes.ts';
export { type FhirExportOptions, patientResources } from './resources.ts';
