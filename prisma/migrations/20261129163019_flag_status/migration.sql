-- CreateEnum
CREATE TYPE "FlagStatus" AS ENUM ('open', 'resolved', 'expired');

-- AlterTable
ALTER TABLE "PatientFlag" ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolvedOn" DATE,
ADD COLUMN     "status" "FlagStatus" NOT NULL DEFAULT 'open';

-- Hand-written (docs/decisions/0003): a resolved flag says when and by what; no other flag does.
ALTER TABLE "PatientFlag" ADD CONSTRAINT "PatientFlag_resolution_check" CHECK (
  ("status" = 'resolved') = ("resolvedOn" IS NOT NULL AND "resolution" IS NOT NULL)
);

-- Every stored flag predates statuses: make every patient's flags stale, so the next start (or the
-- first read of a patient) recomputes them with their status.
DELETE FROM "PatientFlagState";

-- Hand-written: most stored flags are history (resolved or expired); the worklist and the cohort's
-- open-flag counts read the open ones only, through this partial index.
CREATE INDEX "PatientFlag_open_idx" ON "PatientFlag" ("patientId", "code", "severity", "date") WHERE "status" = 'open';
