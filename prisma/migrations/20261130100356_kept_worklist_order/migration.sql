-- AlterTable
ALTER TABLE "PatientSummary" ADD COLUMN     "worklistKey" BIGINT;

-- CreateIndex
CREATE INDEX "PatientSummary_worklistKey_mrn_idx" ON "PatientSummary"("worklistKey", "mrn");

-- The summaries already stored get the key of their most pressing open flag as of their own day
-- (as packages/api/src/cohort/worklist-key.ts computes it from then on): status open, and no
-- acknowledgement or snooze in force on that day.
UPDATE "PatientSummary" s SET "worklistKey" = k."key"
FROM (
  SELECT f."patientId", min(
    (CASE f."severity" WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)::bigint * 10000000000
    + (99999 - LEAST(
        CASE WHEN jsonb_typeof(f."details"->'daysOverdue') = 'number' AND (f."details"->>'daysOverdue')::numeric > 0
          THEN floor((f."details"->>'daysOverdue')::numeric)::int
          ELSE GREATEST(0, ps."asOf" - f."date") END, 99999))::bigint * 100000
    + (99999 - LEAST(GREATEST(f."date" - DATE '1900-01-01', 0), 99999))) AS "key"
  FROM "PatientFlag" f JOIN "PatientSummary" ps ON ps."patientId" = f."patientId"
  WHERE f."status" = 'open'
    AND NOT EXISTS (SELECT 1 FROM "FlagAcknowledgement" a
      WHERE a."patientId" = f."patientId" AND a."code" = f."code" AND a."flagDate" = f."date"
        AND a."supersededAt" IS NULL AND (a."until" IS NULL OR a."until" > ps."asOf"))
  GROUP BY f."patientId"
) k
WHERE k."patientId" = s."patientId";
