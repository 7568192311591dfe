-- CreateEnum
CREATE TYPE "VaccineProduct" AS ENUM ('menveo', 'menquadfi', 'nimenrix', 'menactra', 'bexsero', 'trumenba', 'penbraya', 'penmenvy', 'other');

-- CreateEnum
CREATE TYPE "PregnancyOutcome" AS ENUM ('live_birth', 'stillbirth', 'miscarriage', 'termination', 'ectopic', 'unknown');

-- CreateEnum
CREATE TYPE "ProphylaxisAgent" AS ENUM ('penicillin_v', 'amoxicillin', 'ciprofloxacin', 'azithromycin', 'erythromycin', 'rifampicin', 'isoniazid', 'entecavir', 'tenofovir', 'lamivudine', 'trimethoprim_sulfamethoxazole', 'other');

-- CreateEnum
CREATE TYPE "ProphylaxisIndication" AS ENUM ('meningococcal', 'hepatitis_b', 'tuberculosis', 'pneumocystis', 'other');

-- CreateEnum
CREATE TYPE "ReferralSpecialty" AS ENUM ('hepatology', 'infectious_diseases', 'obstetrics', 'ophthalmology', 'other');

-- AlterEnum
ALTER TYPE "LabTest" ADD VALUE 'nudt15';

-- AlterEnum
ALTER TYPE "Vaccine" ADD VALUE 'menabcwy';

-- AlterTable
ALTER TABLE "TherapyAdministration" ADD COLUMN     "planned" BOOLEAN;

-- AlterTable
ALTER TABLE "Vaccination" ADD COLUMN     "product" "VaccineProduct";

-- CreateTable
CREATE TABLE "Pregnancy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "expectedEndDate" DATE,
    "endDate" DATE,
    "outcome" "PregnancyOutcome",
    "breastfeedingUntil" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Pregnancy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prophylaxis" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "agent" "ProphylaxisAgent" NOT NULL,
    "indication" "ProphylaxisIndication" NOT NULL,
    "startDate" DATE NOT NULL,
    "stopDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Prophylaxis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "specialty" "ReferralSpecialty" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Pregnancy_patientId_startDate_idx" ON "Pregnancy"("patientId", "startDate");

-- CreateIndex
CREATE INDEX "Prophylaxis_patientId_startDate_idx" ON "Prophylaxis"("patientId", "startDate");

-- CreateIndex
CREATE INDEX "Referral_patientId_date_idx" ON "Referral"("patientId", "date");

-- AddForeignKey
ALTER TABLE "Pregnancy" ADD CONSTRAINT "Pregnancy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pregnancy" ADD CONSTRAINT "Pregnancy_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pregnancy" ADD CONSTRAINT "Pregnancy_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pregnancy" ADD CONSTRAINT "Pregnancy_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prophylaxis" ADD CONSTRAINT "Prophylaxis_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prophylaxis" ADD CONSTRAINT "Prophylaxis_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prophylaxis" ADD CONSTRAINT "Prophylaxis_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prophylaxis" ADD CONSTRAINT "Prophylaxis_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ============================================================================================
-- Integrity rules Prisma cannot express (docs/decisions/0003-database-integrity.md, 0004-event-identity.md)
-- ============================================================================================
ALTER TABLE "Pregnancy"
  ADD CONSTRAINT "Pregnancy_version_check" CHECK ("version" >= 1),
  ADD CONSTRAINT "Pregnancy_deletion_check" CHECK (("deletedAt" IS NULL) = ("deletedById" IS NULL)),
  ADD CONSTRAINT "Pregnancy_end_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate"),
  ADD CONSTRAINT "Pregnancy_expected_end_check" CHECK ("expectedEndDate" IS NULL OR "expectedEndDate" >= "startDate");

ALTER TABLE "Prophylaxis"
  ADD CONSTRAINT "Prophylaxis_version_check" CHECK ("version" >= 1),
  ADD CONSTRAINT "Prophylaxis_deletion_check" CHECK (("deletedAt" IS NULL) = ("deletedById" IS NULL)),
  ADD CONSTRAINT "Prophylaxis_stop_check" CHECK ("stopDate" IS NULL OR "stopDate" >= "startDate");

ALTER TABLE "Referral"
  ADD CONSTRAINT "Referral_version_check" CHECK ("version" >= 1),
  ADD CONSTRAINT "Referral_deletion_check" CHECK (("deletedAt" IS NULL) = ("deletedById" IS NULL));

-- One live record per identity (the records' identities, registry.ts).
CREATE UNIQUE INDEX "Pregnancy_identity_key" ON "Pregnancy"("patientId", "startDate") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Prophylaxis_identity_key" ON "Prophylaxis"("patientId", "agent", "startDate") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Referral_identity_key" ON "Referral"("patientId", "date", "specialty") WHERE "deletedAt" IS NULL;

-- The units each test accepts (domain lab-units.ts): none for NUDT15 (a genotype result). Compared
-- as text: the new enum value cannot be named as a "LabTest" literal in the transaction that adds it.
CREATE OR REPLACE FUNCTION "lab_unit_fits_test"("test" "LabTest", "unit" text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE "test"::text
    WHEN 'cd19_percent' THEN "unit" IN ('%')
    WHEN 'cd19_absolute' THEN "unit" IN ('/uL', '10*6/L', '10*9/L')
    WHEN 'cd27_memory_b_percent' THEN "unit" IN ('%')
    WHEN 'igg' THEN "unit" IN ('mg/dL', 'g/L', 'g/dL', 'mg/L')
    WHEN 'hbsag' THEN false
    WHEN 'anti_hbc' THEN false
    WHEN 'tpmt' THEN "unit" IN ('U/mL', 'mU/L')
    WHEN 'wbc' THEN "unit" IN ('10*9/L', '10*3/uL', '/uL')
    WHEN 'lymphocytes_absolute' THEN "unit" IN ('10*9/L', '10*3/uL', '/uL')
    WHEN 'neutrophils_absolute' THEN "unit" IN ('10*9/L', '10*3/uL', '/uL')
    WHEN 'hemoglobin' THEN "unit" IN ('g/dL', 'g/L', 'mmol/L')
    WHEN 'platelets' THEN "unit" IN ('10*9/L', '10*3/uL', '/uL')
    WHEN 'alt' THEN "unit" IN ('U/L', 'ukat/L')
    WHEN 'ast' THEN "unit" IN ('U/L', 'ukat/L')
    WHEN 'bilirubin' THEN "unit" IN ('mg/dL', 'umol/L')
    WHEN 'tb_igra' THEN false
    WHEN 'tb_skin_test' THEN "unit" IN ('mm')
    WHEN 'nudt15' THEN false
    ELSE false
  END
$fn$;

-- The rules now read planned doses, prophylaxis, referrals and pregnancies: recompute every patient's flags.
DELETE FROM "PatientFlagState";
