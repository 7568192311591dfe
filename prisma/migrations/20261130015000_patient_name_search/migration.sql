-- Patient search on the cohort list (docs/decisions: search-patient-name-index): a name in either
-- order, with or without a comma, accent- and case-insensitive, and an MRN prefix, each served by an
-- index on PatientSummary (the table the cohort list reads).
--
-- unaccent and pg_trgm are contrib extensions shipped with PostgreSQL (and the embedded binaries);
-- both are trusted, so the database owner that runs migrations may create them.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- unaccent() is only STABLE (its dictionary could be changed), so an index cannot call it directly.
-- With the dictionary named explicitly the result depends on the arguments alone: IMMUTABLE is true
-- as long as nobody edits unaccent.rules, and the index would only need a REINDEX if someone did.
-- The search code (packages/api/src/cohort/patient-search.ts) folds the typed words with the same
-- folding and matches patient_search_name(...), the expression of the index below. The name is not
-- written as patient_search_fold(given || ' ' || family): the planner would inline that SQL function
-- in the query but not in the index, and the two expressions would no longer match.
CREATE FUNCTION "patient_search_fold"("text" text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, "text"));

CREATE FUNCTION "patient_search_name"("givenName" text, "familyName" text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN lower(public.unaccent('public.unaccent'::regdictionary, "givenName" || ' ' || "familyName"));

-- Trigram GIN: serves LIKE '%word%' for each word of the query, wherever it falls in the name.
CREATE INDEX "PatientSummary_search_name_trgm_idx" ON "PatientSummary"
  USING GIN ("patient_search_name"("givenName", "familyName") gin_trgm_ops);

-- MRN prefix, case-insensitive: text_pattern_ops lets a B-tree serve LIKE 'A-00%' in any collation.
CREATE INDEX "PatientSummary_mrn_prefix_idx" ON "PatientSummary" (lower("mrn") text_pattern_ops);
