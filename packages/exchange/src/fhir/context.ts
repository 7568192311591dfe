import { createHash } from 'node:crypto';
import type { Condition, Patient, Reference, Resource } from '@medplum/fhirtypes';

/** A Bundle entry: every resource is addressed by a urn:uuid and referenced by it. */
export interface FhirEntry {
  fullUrl: string;
  resource: Resource;
}

/** This product's UUID namespace; changing it would change every exported resource's UUID. */
const NAMESPACE = Buffer.from('d541e378bb554054afbbf33a7be46f24', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of namespace and name), so that the same record
 * gets the same UUID in every export and a consumer can merge successive exports.
 */
export function uuidFromName(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Addresses the resources of one patient. `owner` names the patient as the output shows them (MRN,
 * or subject ID when de-identified) and record keys use the output's own dates, so a de-identified
 * UUID is derived only from what the file already shows: it cannot be recomputed from an MRN or a
 * real date.
 */
export class PatientAddresses {
  readonly patient: Reference<Patient>;
  readonly diagnosis: Reference<Condition>;

  constructor(private readonly owner: string) {
    this.patient = this.reference('patient');
    this.diagnosis = this.reference('diagnosis');
  }

  fullUrl(key: string): string {
    return `urn:uuid:${uuidFromName(`${this.owner}\u0000${key}`)}`;
  }

  reference<T extends Resource>(key: string): Reference<T> {
    return { reference: this.fullUrl(key) };
  }

  entry(key: string, resource: Resource): FhirEntry {
    return { fullUrl: this.fullUrl(key), resource };
  }
}
