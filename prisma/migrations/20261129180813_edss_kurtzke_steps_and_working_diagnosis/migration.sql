-- Issue 16. Generated part: the overview's summary row carries the working diagnosis, so that the
-- clinician's cohort filters can select by it.

-- AlterTable
ALTER TABLE "PatientSummary" ADD COLUMN     "workingDiagnosis" "Diagnosis" NOT NULL DEFAULT 'other_or_uncertain';

-- ============================================================================================
-- Hand-written (see docs/decisions/0013-edss-steps.md).
-- ============================================================================================

-- 1. The summary rows written before this migration get the working diagnosis now, derived as
--    packages/domain/src/records/diagnosis.ts workingDiagnosis() does: the recorded diagnosis, else
--    AQP4-IgG positive -> AQP4-IgG-positive NMOSD, MOG-IgG positive with AQP4-IgG negative -> MOGAD,
--    anything else -> other or uncertain. (Every summary is rewritten anyway when the flags recompute.)
UPDATE "PatientSummary" s
SET "workingDiagnosis" = COALESCE(p."diagnosis",
      CASE
        WHEN p."aqp4Status" = 'positive' THEN 'nmosd_aqp4_positive'
        WHEN p."mogStatus" = 'positive' AND p."aqp4Status" = 'negative' THEN 'mogad'
        ELSE 'other_or_uncertain'
      END::"Diagnosis")
FROM "Patient" p
WHERE p."id" = s."patientId";

-- 2. EDSS scores are Kurtzke steps: 0, 1.0, 1.5 ... 9.5, 10. The scale has no 0.5 (Kurtzke JF,
--    Neurology 1983;33:1444-1452, doi:10.1212/WNL.33.11.1444): 0 is a normal neurological
--    examination, 1.0 is "no disability, minimal signs in one FS". A recorded 0.5 says the examiner
--    saw something short of disability, i.e. minimal signs: it becomes 1.0. Every changed row
--    (soft-deleted ones too, so that the CHECK below holds for all rows) gets a new version, the
--    system account as its last editor and an AuditEvent with the old and new score and the reason,
--    in the form the record's history shows ("EdssAssessment.update", before/after).
WITH changed AS (
  UPDATE "EdssAssessment" e
  SET "score" = 1.0,
      "version" = e."version" + 1,
      "updatedAt" = now(),
      "updatedById" = '00000000-0000-0000-0000-000000000001'
  WHERE e."score" = 0.5
  RETURNING e."id", e."patientId"
)
INSERT INTO "AuditEvent" ("actorId", "action", "entityType", "entityId", "patientId", "details")
SELECT '00000000-0000-0000-0000-000000000001', 'EdssAssessment.update', 'EdssAssessment', c."id"::text,
       c."patientId",
       jsonb_build_object(
         'before', jsonb_build_object('score', 0.5),
         'after', jsonb_build_object('score', 1.0),
         'reason', 'EDSS 0.5 is not a Kurtzke step (Kurtzke 1983); minimal signs without disability is 1.0')
FROM changed c;

-- 3. Only Kurtzke steps from now on (it was: 0 to 10 in steps of 0.5).
ALTER TABLE "EdssAssessment"
  DROP CONSTRAINT "EdssAssessment_score_check",
  ADD CONSTRAINT "EdssAssessment_score_check" CHECK (
    "score" = 0 OR ("score" BETWEEN 1 AND 10 AND "score" * 2 = trunc("score" * 2)));

-- 4. The rules read the scores and the diagnosis: every patient's stored flags (and with them the
--    summary rows) are due for recompute.
DELETE FROM "PatientFlagState";
