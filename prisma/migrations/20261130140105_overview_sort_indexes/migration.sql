-- The overview's sorts, each through a B-tree in its exact order (docs/decisions/0034): a page of 50
-- with a flag filter walks the index and stops at the 51st match, instead of sorting every match
-- (bitmap scan and top-N sort) or every row of a presorted group (incremental sort), both of which
-- grew with the cohort. The MRN ends every order (sort.ts), ascending in both directions, so a
-- direction is not the other's backward scan: each has its own index. Missing values sort last in
-- both directions (NULLS LAST). Prisma's schema cannot state these orders, so they live here only;
-- a test holds them to the ORDER BY the API writes (packages/api/test/overview-sort-indexes.test.ts).
CREATE INDEX "PatientSummary_sort_name_asc_idx" ON "PatientSummary" ("familyName" ASC, "givenName" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_name_desc_idx" ON "PatientSummary" ("familyName" DESC, "givenName" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_age_asc_idx" ON "PatientSummary" ("birthDate" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_age_desc_idx" ON "PatientSummary" ("birthDate" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_aqp4Status_asc_idx" ON "PatientSummary" ("aqp4Status" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_aqp4Status_desc_idx" ON "PatientSummary" ("aqp4Status" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_currentTherapy_asc_idx" ON "PatientSummary" ("currentTherapyText" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_currentTherapy_desc_idx" ON "PatientSummary" ("currentTherapyText" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_lastEdss_asc_idx" ON "PatientSummary" ("lastEdssScore" ASC NULLS LAST, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_lastEdss_desc_idx" ON "PatientSummary" ("lastEdssScore" DESC NULLS LAST, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_arr_asc_idx" ON "PatientSummary" ("annualizedRelapseRate" ASC NULLS LAST, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_arr_desc_idx" ON "PatientSummary" ("annualizedRelapseRate" DESC NULLS LAST, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_attacks_asc_idx" ON "PatientSummary" ("attackCount" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_attacks_desc_idx" ON "PatientSummary" ("attackCount" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_openFlags_asc_idx" ON "PatientSummary" ("openFlagCount" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_openFlags_desc_idx" ON "PatientSummary" ("openFlagCount" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_severity_asc_idx" ON "PatientSummary" ("worstSeverityRank" DESC, "maxDaysOverdue" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_severity_desc_idx" ON "PatientSummary" ("worstSeverityRank" ASC, "maxDaysOverdue" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_daysOverdue_asc_idx" ON "PatientSummary" ("maxDaysOverdue" ASC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_daysOverdue_desc_idx" ON "PatientSummary" ("maxDaysOverdue" DESC, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_lastVisit_asc_idx" ON "PatientSummary" ("lastVisitDate" ASC NULLS LAST, "mrn" ASC);
CREATE INDEX "PatientSummary_sort_lastVisit_desc_idx" ON "PatientSummary" ("lastVisitDate" DESC NULLS LAST, "mrn" ASC);

-- DropIndex
DROP INDEX "PatientSummary_familyName_givenName_idx";

-- DropIndex
DROP INDEX "PatientSummary_worstSeverityRank_maxDaysOverdue_idx";

-- DropIndex
DROP INDEX "PatientSummary_lastEdssScore_idx";

-- DropIndex
DROP INDEX "PatientSummary_lastVisitDate_idx";

-- DropIndex
DROP INDEX "PatientSummary_annualizedRelapseRate_idx";

-- DropIndex
DROP INDEX "PatientSummary_currentTherapyText_idx";

-- DropIndex
DROP INDEX "PatientSummary_attackCount_idx";

-- DropIndex
DROP INDEX "PatientSummary_maxDaysOverdue_idx";
