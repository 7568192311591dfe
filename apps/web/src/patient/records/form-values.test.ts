import { describe, expect, it } from 'vitest';
import { RECORD_FORMS } from './form-specs.ts';
import { FORM_LEVEL, fieldNameOf, serverFieldErrors, validate, valuesOf } from './form-values.ts';

describe('error paths to form fields', () => {
  it('maps the API’s paths (data prefix, nesting, list positions) to the form’s fields', () => {
    expect(fieldNameOf(RECORD_FORMS.edss, 'data.score')).toBe('score');
    expect(fieldNameOf(RECORD_FORMS.edss, 'data.functionalSystems.visual')).toBe('functionalSystems.visual');
    expect(fieldNameOf(RECORD_FORMS.patient, 'data.comorbidities[1]')).toBe('comorbidities');
    expect(fieldNameOf(RECORD_FORMS.patient, 'comorbidities.1')).toBe('comorbidities');
    expect(fieldNameOf(RECORD_FORMS.edss, 'version')).toBe(FORM_LEVEL);
  });

  it('keeps the first message per field', () => {
    expect(
      serverFieldErrors(RECORD_FORMS.edss, { 'data.score': 'first', 'data.date': 'date', version: 'stale' }),
    ).toEqual({ score: 'first', date: 'date', [FORM_LEVEL]: 'version: stale' });
  });

  it('reads stored values as text, absent ones as empty', () => {
    expect(valuesOf(RECORD_FORMS.mri, { date: '2024-01-01', region: 'brain', gadolinium: false })).toMatchObject({
      date: '2024-01-01',
      gadolinium: 'false',
      newT2Lesions: '',
    });
  });
});

describe('form errors in plain words', () => {
  it('says "must be a number" (or a whole number) for a word typed in any number field of any form, never Zod’s wording', () => {
    const messages = Object.values(RECORD_FORMS).flatMap((spec) =>
      spec.fields
        .filter((field) => field.kind === 'number')
        .map((field) => [`${spec.title}: ${field.label}`, validate(spec, { [field.name]: 'four' })[field.name]]),
    );
    expect(messages.length).toBeGreaterThan(10);
    for (const [where, message] of messages) expect(`${where}: ${message}`).toMatch(/: must be a (whole )?number$/);
  });

  it('names no internal field in any message of an empty form', () => {
    for (const spec of Object.values(RECORD_FORMS))
      for (const message of Object.values(validate(spec, {}))) expect(message).not.toMatch(/Invalid input|[a-z][A-Z]/);
  });
});
