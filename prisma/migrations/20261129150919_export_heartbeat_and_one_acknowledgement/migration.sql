-- AlterTable
ALTER TABLE "ExportRun" ADD COLUMN     "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "streamedBy" TEXT;

-- CreateIndex
CREATE INDEX "ExportRun_status_heartbeatAt_idx" ON "ExportRun"("status", "heartbeatAt");

-- Hand-written (docs/decisions/0003): one acknowledgement in force per flag (patient, code, date).
-- Simultaneous acknowledgements used to leave several in force, and withdrawing the one shown left
-- another hiding the flag. Earlier duplicates are kept as history: all but the newest are superseded.
UPDATE "FlagAcknowledgement" a
SET "supersededAt" = now()
WHERE a."supersededAt" IS NULL
  AND EXISTS (
    SELECT 1 FROM "FlagAcknowledgement" b
    WHERE b."patientId" = a."patientId" AND b."code" = a."code" AND b."flagDate" = a."flagDate"
      AND b."supersededAt" IS NULL
      AND (b."createdAt", b."id") > (a."createdAt", a."id")
  );

CREATE UNIQUE INDEX "FlagAcknowledgement_one_in_force"
  ON "FlagAcknowledgement"("patientId", "code", "flagDate") WHERE "supersededAt" IS NULL;

