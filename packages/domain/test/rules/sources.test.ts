import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../src/rules/sources.ts';

/** A flag's "why" must let a neurologist find the evidence: a publication, label or guideline. */
describe('SOURCES', () => {
  it.each(Object.entries(SOURCES))('%s names a real publication, label or guideline', (_id, text) => {
    // An identifier a reader can look up: DOI, PMID, PMC id, or a named drug label.
    expect(text).toMatch(/doi:10\.\d{4,}\/\S+|PMID \d{7,8}|PMC\d{6,}|US prescribing information|FDA boxed warning/);
    // A year of publication or of the label.
    expect(text).toMatch(/\b(19|20)\d{2}\b|prescribing information|boxed warning/);
    // Never an internal file or the project's own seed document.
    expect(text).not.toMatch(/\.md\b|NMOSD guideline|clinical-research|the guideline/i);
  });
});
