import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  descriptorOf,
  EVENT_TYPES,
  eventIdentity,
  isGroupField,
  PART_TYPES,
  PATIENT_FIELDS,
  patientFieldsSchema,
  RECORD_TYPE_NAMES,
  RECORD_TYPES,
  type RecordDescriptor,
  timelineEventSchema,
} from '../src/index.ts';

const objectShape = (schema: z.ZodType): Record<string, z.ZodType> => {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : {};
};

/** Every field a descriptor's schema accepts, nested fields as dotted paths, beside how it is classified. */
function unclassifiedFields(descriptor: RecordDescriptor): string[] {
  const missing: string[] = [];
  for (const [field, schema] of Object.entries(descriptor.schema.shape as Record<string, z.ZodType>)) {
    const spec = (descriptor.fields as Record<string, (typeof descriptor.fields)[string] | undefined>)[field];
    if (!spec) {
      missing.push(field);
      continue;
    }
    const nested = objectShape(schema);
    if (Object.keys(nested).length === 0) continue;
    for (const inner of Object.keys(nested))
      if (!isGroupField(spec) || !spec.fields[inner]) missing.push(`${field}.${inner}`);
  }
  return missing;
}

describe('the record-type registry', () => {
  it.each(RECORD_TYPE_NAMES)('%s: every field of its schema is classified, and nothing else is', (type) => {
    const descriptor = descriptorOf(type);
    expect(unclassifiedFields(descriptor)).toEqual([]);
    expect(Object.keys(descriptor.fields).sort()).toEqual(Object.keys(descriptor.schema.shape).sort());
    expect(descriptor.fields[descriptor.dateField]?.class).toBe('date');
    for (const field of descriptor.identity) expect(Object.keys(descriptor.fields)).toContain(field);
  });

  it('classifies every field of the patient', () => {
    expect(Object.keys(PATIENT_FIELDS).sort()).toEqual(Object.keys(patientFieldsSchema.shape).sort());
  });

  it('finds an unclassified field, at the top level and nested', () => {
    const edss = descriptorOf('edss');
    const widened = {
      ...edss,
      schema: edss.schema.extend({
        note: z.string().optional(),
        functionalSystems: z.object({ visual: z.number(), smell: z.number() }).optional(),
      }),
    } as RecordDescriptor;
    expect(unclassifiedFields(widened)).toEqual(['functionalSystems.smell', 'note']);
  });

  it('gives every record type its own names in every medium', () => {
    for (const medium of ['api', 'table', 'relation', 'csv'] as const) {
      const names = RECORD_TYPE_NAMES.map((type) => descriptorOf(type).names[medium]);
      expect(new Set(names).size, medium).toBe(names.length);
    }
  });

  it('knows each event type of the interchange format, and links parts and parents both ways', () => {
    expect(timelineEventSchema.options.map((option) => option.shape.type.value).sort()).toEqual(
      [...EVENT_TYPES].sort(),
    );
    for (const part of PART_TYPES) {
      const parent = descriptorOf(part).parent;
      expect(parent && descriptorOf(parent.type).parts?.type).toBe(part);
    }
    expect(RECORD_TYPES.relapse.parts?.field).toBe('acuteTreatments');
  });

  it('writes identities as the import and FHIR ids have always read them', () => {
    expect(
      eventIdentity({ type: 'antibody', date: '2024-03-01', antibody: 'AQP4', assay: 'cba_live', result: 'positive' }),
    ).toBe('antibody 2024-03-01 AQP4 cba_live');
    expect(eventIdentity({ type: 'therapy', agent: 'rituximab', startDate: '2024-03-01' })).toBe(
      'therapy rituximab 2024-03-01',
    );
    expect(
      eventIdentity({ type: 'relapse', onsetDate: '2024-03-01', phenotype: 'optic_neuritis', severity: 'mild' }),
    ).toBe('relapse 2024-03-01');
  });
});
