-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('clinician', 'researcher', 'admin', 'system');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('female', 'male', 'other', 'unknown');

-- CreateEnum
CREATE TYPE "Serostatus" AS ENUM ('positive', 'negative', 'unknown');

-- CreateEnum
CREATE TYPE "Comorbidity" AS ENUM ('antiphospholipid_antibodies', 'systemic_lupus_erythematosus', 'sjogren_syndrome', 'myasthenia_gravis', 'autoimmune_thyroid_disease', 'other_autoimmune_disease');

-- CreateEnum
CREATE TYPE "AntibodyTarget" AS ENUM ('AQP4', 'MOG');

-- CreateEnum
CREATE TYPE "Assay" AS ENUM ('cba_live', 'cba_fixed', 'elisa', 'other');

-- CreateEnum
CREATE TYPE "AntibodyResult" AS ENUM ('positive', 'negative', 'borderline');

-- CreateEnum
CREATE TYPE "MriRegion" AS ENUM ('brain', 'optic_nerve', 'spinal_cord', 'brainstem', 'area_postrema');

-- CreateEnum
CREATE TYPE "Eye" AS ENUM ('OD', 'OS');

-- CreateEnum
CREATE TYPE "RelapsePhenotype" AS ENUM ('optic_neuritis', 'transverse_myelitis', 'area_postrema', 'brainstem', 'diencephalic', 'cerebral');

-- CreateEnum
CREATE TYPE "RelapseSeverity" AS ENUM ('mild', 'moderate', 'severe');

-- CreateEnum
CREATE TYPE "AcuteTreatmentType" AS ENUM ('ivmp', 'plex', 'ivig', 'oral_steroid_taper');

-- CreateEnum
CREATE TYPE "TherapyAgent" AS ENUM ('rituximab', 'inebilizumab', 'ocrelizumab', 'ofatumumab', 'eculizumab', 'ravulizumab', 'satralizumab', 'tocilizumab', 'azathioprine', 'mycophenolate', 'methotrexate', 'oral_prednisone', 'ivig_maintenance', 'interferon_beta', 'natalizumab', 'fingolimod', 'glatiramer', 'dimethyl_fumarate', 'alemtuzumab', 'teriflunomide', 'ahsct', 'other');

-- CreateEnum
CREATE TYPE "TherapySchedule" AS ENUM ('once', 'daily', 'twice_daily', 'weekly', 'every_2_weeks', 'every_4_weeks', 'every_8_weeks', 'every_6_months', 'as_needed', 'other');

-- CreateEnum
CREATE TYPE "TherapyStopReason" AS ENUM ('inefficacy', 'adverse_event', 'patient_choice', 'pregnancy', 'switch', 'completed', 'other');

-- CreateEnum
CREATE TYPE "LabTest" AS ENUM ('cd19_percent', 'cd19_absolute', 'cd27_memory_b_percent', 'igg', 'hbsag', 'anti_hbc', 'tpmt', 'wbc', 'lymphocytes_absolute', 'neutrophils_absolute', 'hemoglobin', 'platelets', 'alt', 'ast', 'bilirubin');

-- CreateEnum
CREATE TYPE "LabQualitativeResult" AS ENUM ('positive', 'negative', 'normal', 'intermediate', 'deficient');

-- CreateEnum
CREATE TYPE "Vaccine" AS ENUM ('menacwy', 'menb', 'hepatitis_b', 'influenza', 'pneumococcal', 'varicella_zoster', 'covid19', 'other');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastLoginAt" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "clientAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "patientId" UUID,
    "clientAddress" TEXT,
    "success" BOOLEAN NOT NULL DEFAULT true,
    "details" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" UUID NOT NULL,

    CONSTRAINT "ClinicSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mrn" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" "Sex" NOT NULL,
    "diagnosisDate" DATE,
    "firstAttackDate" DATE,
    "aqp4Status" "Serostatus" NOT NULL DEFAULT 'unknown',
    "mogStatus" "Serostatus" NOT NULL DEFAULT 'unknown',
    "comorbidities" "Comorbidity"[] DEFAULT ARRAY[]::"Comorbidity"[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EdssAssessment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "fsVisual" INTEGER,
    "fsBrainstem" INTEGER,
    "fsPyramidal" INTEGER,
    "fsCerebellar" INTEGER,
    "fsSensory" INTEGER,
    "fsBowelBladder" INTEGER,
    "fsCerebral" INTEGER,
    "fsAmbulation" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "EdssAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AntibodyTest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "antibody" "AntibodyTarget" NOT NULL,
    "assay" "Assay" NOT NULL,
    "result" "AntibodyResult" NOT NULL,
    "titer" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "AntibodyTest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MriExam" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "region" "MriRegion" NOT NULL,
    "newT2Lesions" INTEGER,
    "gadolinium" BOOLEAN,
    "extensiveSegments" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "MriExam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisualExam" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "eye" "Eye" NOT NULL,
    "logmar" DOUBLE PRECISION,
    "visualFieldMdDb" DOUBLE PRECISION,
    "rnflMicrons" DOUBLE PRECISION,
    "gciplMicrons" DOUBLE PRECISION,
    "vepLatencyMs" DOUBLE PRECISION,
    "vepAmplitudeMicrovolts" DOUBLE PRECISION,
    "funduscopyNote" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "VisualExam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Relapse" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "onsetDate" DATE NOT NULL,
    "phenotype" "RelapsePhenotype" NOT NULL,
    "severity" "RelapseSeverity" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Relapse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AcuteTreatment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "relapseId" UUID NOT NULL,
    "type" "AcuteTreatmentType" NOT NULL,
    "startDate" DATE NOT NULL,
    "days" INTEGER,
    "dailyDoseMg" DOUBLE PRECISION,
    "sessions" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "AcuteTreatment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Therapy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "agent" "TherapyAgent" NOT NULL,
    "startDate" DATE NOT NULL,
    "stopDate" DATE,
    "doseMg" DOUBLE PRECISION,
    "schedule" "TherapySchedule",
    "stopReason" "TherapyStopReason",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Therapy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TherapyAdministration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "therapyId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "doseMg" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "TherapyAdministration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabResult" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "test" "LabTest" NOT NULL,
    "value" DOUBLE PRECISION,
    "unit" TEXT,
    "result" "LabQualitativeResult",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "LabResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vaccination" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "vaccine" "Vaccine" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "Vaccination_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_patientId_at_idx" ON "AuditEvent"("patientId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_mrn_key" ON "Patient"("mrn");

-- CreateIndex
CREATE INDEX "Patient_familyName_givenName_idx" ON "Patient"("familyName", "givenName");

-- CreateIndex
CREATE INDEX "EdssAssessment_patientId_date_idx" ON "EdssAssessment"("patientId", "date");

-- CreateIndex
CREATE INDEX "AntibodyTest_patientId_date_idx" ON "AntibodyTest"("patientId", "date");

-- CreateIndex
CREATE INDEX "MriExam_patientId_date_idx" ON "MriExam"("patientId", "date");

-- CreateIndex
CREATE INDEX "VisualExam_patientId_date_idx" ON "VisualExam"("patientId", "date");

-- CreateIndex
CREATE INDEX "Relapse_patientId_onsetDate_idx" ON "Relapse"("patientId", "onsetDate");

-- CreateIndex
CREATE UNIQUE INDEX "Relapse_id_patientId_key" ON "Relapse"("id", "patientId");

-- CreateIndex
CREATE INDEX "AcuteTreatment_patientId_startDate_idx" ON "AcuteTreatment"("patientId", "startDate");

-- CreateIndex
CREATE INDEX "AcuteTreatment_relapseId_startDate_idx" ON "AcuteTreatment"("relapseId", "startDate");

-- CreateIndex
CREATE INDEX "Therapy_patientId_startDate_idx" ON "Therapy"("patientId", "startDate");

-- CreateIndex
CREATE UNIQUE INDEX "Therapy_id_patientId_key" ON "Therapy"("id", "patientId");

-- CreateIndex
CREATE INDEX "TherapyAdministration_patientId_date_idx" ON "TherapyAdministration"("patientId", "date");

-- CreateIndex
CREATE INDEX "TherapyAdministration_therapyId_date_idx" ON "TherapyAdministration"("therapyId", "date");

-- CreateIndex
CREATE INDEX "LabResult_patientId_date_idx" ON "LabResult"("patientId", "date");

-- CreateIndex
CREATE INDEX "LabResult_patientId_test_date_idx" ON "LabResult"("patientId", "test", "date");

-- CreateIndex
CREATE INDEX "Vaccination_patientId_date_idx" ON "Vaccination"("patientId", "date");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicSetting" ADD CONSTRAINT "ClinicSetting_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EdssAssessment" ADD CONSTRAINT "EdssAssessment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EdssAssessment" ADD CONSTRAINT "EdssAssessment_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EdssAssessment" ADD CONSTRAINT "EdssAssessment_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EdssAssessment" ADD CONSTRAINT "EdssAssessment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AntibodyTest" ADD CONSTRAINT "AntibodyTest_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AntibodyTest" ADD CONSTRAINT "AntibodyTest_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AntibodyTest" ADD CONSTRAINT "AntibodyTest_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AntibodyTest" ADD CONSTRAINT "AntibodyTest_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MriExam" ADD CONSTRAINT "MriExam_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MriExam" ADD CONSTRAINT "MriExam_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MriExam" ADD CONSTRAINT "MriExam_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MriExam" ADD CONSTRAINT "MriExam_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisualExam" ADD CONSTRAINT "VisualExam_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisualExam" ADD CONSTRAINT "VisualExam_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisualExam" ADD CONSTRAINT "VisualExam_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisualExam" ADD CONSTRAINT "VisualExam_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relapse" ADD CONSTRAINT "Relapse_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relapse" ADD CONSTRAINT "Relapse_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relapse" ADD CONSTRAINT "Relapse_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Relapse" ADD CONSTRAINT "Relapse_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcuteTreatment" ADD CONSTRAINT "AcuteTreatment_relapseId_patientId_fkey" FOREIGN KEY ("relapseId", "patientId") REFERENCES "Relapse"("id", "patientId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcuteTreatment" ADD CONSTRAINT "AcuteTreatment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcuteTreatment" ADD CONSTRAINT "AcuteTreatment_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcuteTreatment" ADD CONSTRAINT "AcuteTreatment_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AcuteTreatment" ADD CONSTRAINT "AcuteTreatment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Therapy" ADD CONSTRAINT "Therapy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Therapy" ADD CONSTRAINT "Therapy_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Therapy" ADD CONSTRAINT "Therapy_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Therapy" ADD CONSTRAINT "Therapy_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_therapyId_patientId_fkey" FOREIGN KEY ("therapyId", "patientId") REFERENCES "Therapy"("id", "patientId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vaccination" ADD CONSTRAINT "Vaccination_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vaccination" ADD CONSTRAINT "Vaccination_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vaccination" ADD CONSTRAINT "Vaccination_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vaccination" ADD CONSTRAINT "Vaccination_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ============================================================================================
-- Hand-written integrity rules (Prisma's schema language cannot express these).
-- Kept below the generated part: later migrations are datamodel diffs and never touch them.
-- See docs/decisions/0003-database-integrity.md.
-- ============================================================================================

-- Audit columns: versions start at 1; a soft deletion records both when and who.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Patient','EdssAssessment','AntibodyTest','MriExam','VisualExam','Relapse',
                           'AcuteTreatment','Therapy','TherapyAdministration','LabResult','Vaccination'] LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK ("version" >= 1)', t, t || '_version_check');
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (("deletedAt" IS NULL) = ("deletedById" IS NULL))',
                   t, t || '_deletion_check');
  END LOOP;
END $$;

ALTER TABLE "User" ADD CONSTRAINT "User_email_check" CHECK ("email" = lower(btrim("email")) AND "email" LIKE '%_@_%');

ALTER TABLE "Patient"
  ADD CONSTRAINT "Patient_mrn_check" CHECK (length(btrim("mrn")) BETWEEN 1 AND 64 AND "mrn" = btrim("mrn")),
  ADD CONSTRAINT "Patient_names_check" CHECK (length(btrim("givenName")) >= 1 AND length(btrim("familyName")) >= 1),
  ADD CONSTRAINT "Patient_birthDate_check" CHECK ("birthDate" >= DATE '1900-01-01'),
  ADD CONSTRAINT "Patient_diagnosisDate_check" CHECK ("diagnosisDate" >= "birthDate"),
  ADD CONSTRAINT "Patient_firstAttackDate_check" CHECK ("firstAttackDate" >= "birthDate");

-- EDSS: 0 to 10 in steps of 0.5; Kurtzke functional-system grades in their own ranges.
ALTER TABLE "EdssAssessment"
  ADD CONSTRAINT "EdssAssessment_score_check" CHECK ("score" BETWEEN 0 AND 10 AND "score" * 2 = trunc("score" * 2)),
  ADD CONSTRAINT "EdssAssessment_fs_check" CHECK (
    "fsVisual" BETWEEN 0 AND 6 AND "fsBrainstem" BETWEEN 0 AND 5 AND "fsPyramidal" BETWEEN 0 AND 6
    AND "fsCerebellar" BETWEEN 0 AND 5 AND "fsSensory" BETWEEN 0 AND 6 AND "fsBowelBladder" BETWEEN 0 AND 6
    AND "fsCerebral" BETWEEN 0 AND 5 AND "fsAmbulation" BETWEEN 0 AND 16
    IS NOT FALSE);

ALTER TABLE "AntibodyTest" ADD CONSTRAINT "AntibodyTest_titer_check" CHECK ("titer" > 0);

ALTER TABLE "MriExam"
  ADD CONSTRAINT "MriExam_newT2Lesions_check" CHECK ("newT2Lesions" BETWEEN 0 AND 500),
  ADD CONSTRAINT "MriExam_extensiveSegments_check" CHECK ("extensiveSegments" BETWEEN 1 AND 33);

ALTER TABLE "VisualExam"
  ADD CONSTRAINT "VisualExam_logmar_check" CHECK ("logmar" BETWEEN -0.3 AND 3.0),
  ADD CONSTRAINT "VisualExam_visualFieldMdDb_check" CHECK ("visualFieldMdDb" BETWEEN -40 AND 10),
  ADD CONSTRAINT "VisualExam_rnflMicrons_check" CHECK ("rnflMicrons" BETWEEN 0 AND 250),
  ADD CONSTRAINT "VisualExam_gciplMicrons_check" CHECK ("gciplMicrons" BETWEEN 0 AND 150),
  ADD CONSTRAINT "VisualExam_vepLatencyMs_check" CHECK ("vepLatencyMs" > 0 AND "vepLatencyMs" <= 400),
  ADD CONSTRAINT "VisualExam_vepAmplitudeMicrovolts_check" CHECK ("vepAmplitudeMicrovolts" BETWEEN 0 AND 100),
  ADD CONSTRAINT "VisualExam_funduscopyNote_check" CHECK (length("funduscopyNote") <= 2000);

ALTER TABLE "AcuteTreatment"
  ADD CONSTRAINT "AcuteTreatment_days_check" CHECK ("days" BETWEEN 1 AND 90),
  ADD CONSTRAINT "AcuteTreatment_dailyDoseMg_check" CHECK ("dailyDoseMg" > 0 AND "dailyDoseMg" <= 5000),
  ADD CONSTRAINT "AcuteTreatment_sessions_check" CHECK ("sessions" BETWEEN 1 AND 30);

ALTER TABLE "Therapy"
  ADD CONSTRAINT "Therapy_stopDate_check" CHECK ("stopDate" >= "startDate"),
  ADD CONSTRAINT "Therapy_stopReason_check" CHECK ("stopReason" IS NULL OR "stopDate" IS NOT NULL),
  ADD CONSTRAINT "Therapy_doseMg_check" CHECK ("doseMg" > 0);

ALTER TABLE "TherapyAdministration" ADD CONSTRAINT "TherapyAdministration_doseMg_check" CHECK ("doseMg" > 0);

ALTER TABLE "LabResult"
  ADD CONSTRAINT "LabResult_has_result_check" CHECK ("value" IS NOT NULL OR "result" IS NOT NULL),
  ADD CONSTRAINT "LabResult_value_check" CHECK ("value" >= 0),
  ADD CONSTRAINT "LabResult_unit_check" CHECK (length("unit") BETWEEN 1 AND 32);

-- Event identity (docs/decisions/0004-event-identity.md): at most one live record per key, so an
-- import matches an existing record instead of duplicating it. Soft-deleted rows do not count.
CREATE UNIQUE INDEX "EdssAssessment_identity_key" ON "EdssAssessment"("patientId", "date") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "AntibodyTest_identity_key" ON "AntibodyTest"("patientId", "date", "antibody", "assay") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "MriExam_identity_key" ON "MriExam"("patientId", "date", "region") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "VisualExam_identity_key" ON "VisualExam"("patientId", "date", "eye") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Relapse_identity_key" ON "Relapse"("patientId", "onsetDate") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "AcuteTreatment_identity_key" ON "AcuteTreatment"("relapseId", "type", "startDate") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Therapy_identity_key" ON "Therapy"("patientId", "agent", "startDate") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "TherapyAdministration_identity_key" ON "TherapyAdministration"("therapyId", "date") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "LabResult_identity_key" ON "LabResult"("patientId", "date", "test") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "Vaccination_identity_key" ON "Vaccination"("patientId", "date", "vaccine") WHERE "deletedAt" IS NULL;

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_is_append_only"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_is_append_only"();

-- The system account owns what the CLI writes (imports, seeding). It has no password: no login.
INSERT INTO "User" ("id", "email", "displayName", "role", "updatedAt")
VALUES ('00000000-0000-0000-0000-000000000001', 'system@nmo.invalid', 'System (imports and seeding)', 'system', now());
