-- CreateEnum
CREATE TYPE "Diagnosis" AS ENUM ('nmosd_aqp4_positive', 'nmosd_seronegative', 'mogad', 'other_or_uncertain');

-- AlterEnum (PostgreSQL 12+ adds enum values inside a transaction; the values are not used in it)
ALTER TYPE "TherapyAgent" ADD VALUE 'siponimod';
ALTER TYPE "TherapyAgent" ADD VALUE 'ozanimod';
ALTER TYPE "TherapyAgent" ADD VALUE 'ponesimod';

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "diagnosis" "Diagnosis";

-- The rules now read the diagnosis and the new agents: every patient's stored flags are due for recompute.
DELETE FROM "PatientFlagState";
