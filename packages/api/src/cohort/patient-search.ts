import { Prisma } from '@nmo/db';

/**
 * The cohort list's search box (docs/decisions/0018-patient-name-search.md). The words of the
 * query, split at spaces and commas, must each appear somewhere in the patient's "given family"
 * name or begin the MRN; so "Nakamura, Haruka" (as the table shows a name), "Haruka Nakamura" and
 * "nakamura haruka" find the same patient. Accents and case are folded on both sides by the
 * database's `patient_search_fold` (unaccent + lower), the same function the name index is built
 * with, so "martinez" finds Martínez and the query and the index can never disagree on a letter.
 */
export function searchWords(text: string | undefined): string[] {
  return text?.split(/[\s,]+/).filter(Boolean) ?? [];
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One condition per word (ANDed by the caller), each served by an index of PatientSummary. */
export function searchConditions(text: string | undefined): Prisma.Sql[] {
  return searchWords(text).map((word) => {
    const literal = escapeLike(word);
    // Both sides are expressions of indexed form: the trigram index on patient_search_name(…) and
    // the text_pattern_ops index on lower("mrn"); the planner ORs their bitmaps.
    return Prisma.sql`(patient_search_name("givenName", "familyName") LIKE '%' || patient_search_fold(${literal}) || '%'
      OR lower("mrn") LIKE lower(${literal}) || '%')`;
  });
}
