-- CreateTable
CREATE TABLE "PatientSummary" (
    "patientId" UUID NOT NULL,
    "mrn" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "aqp4Status" "Serostatus" NOT NULL,
    "mogStatus" "Serostatus" NOT NULL,
    "currentTherapies" "TherapyAgent"[] DEFAULT ARRAY[]::"TherapyAgent"[],
    "lastEdssScore" DOUBLE PRECISION,
    "lastEdssDate" DATE,
    "lastVisitDate" DATE,
    "annualizedRelapseRate" DOUBLE PRECISION,
    "attackCount" INTEGER NOT NULL DEFAULT 0,
    "openFlagCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "openFlagCount" INTEGER NOT NULL DEFAULT 0,
    "worstSeverityRank" INTEGER NOT NULL DEFAULT 3,
    "maxDaysOverdue" INTEGER NOT NULL DEFAULT 0,
    "asOf" DATE NOT NULL,

    CONSTRAINT "PatientSummary_pkey" PRIMARY KEY ("patientId")
);

-- CreateTable
CREATE TABLE "FlagAcknowledgement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "flagDate" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "until" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID NOT NULL,
    "supersededAt" TIMESTAMPTZ(3),

    CONSTRAINT "FlagAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PatientSummary_mrn_idx" ON "PatientSummary"("mrn");

-- CreateIndex
CREATE INDEX "PatientSummary_familyName_givenName_idx" ON "PatientSummary"("familyName", "givenName");

-- CreateIndex
CREATE INDEX "PatientSummary_worstSeverityRank_maxDaysOverdue_idx" ON "PatientSummary"("worstSeverityRank", "maxDaysOverdue");

-- CreateIndex
CREATE INDEX "PatientSummary_lastEdssScore_idx" ON "PatientSummary"("lastEdssScore");

-- CreateIndex
CREATE INDEX "PatientSummary_lastVisitDate_idx" ON "PatientSummary"("lastVisitDate");

-- CreateIndex
CREATE INDEX "PatientSummary_annualizedRelapseRate_idx" ON "PatientSummary"("annualizedRelapseRate");

-- CreateIndex
CREATE INDEX "PatientSummary_openFlagCodes_idx" ON "PatientSummary" USING GIN ("openFlagCodes");

-- CreateIndex
CREATE INDEX "FlagAcknowledgement_patientId_code_flagDate_idx" ON "FlagAcknowledgement"("patientId", "code", "flagDate");

-- AddForeignKey
ALTER TABLE "PatientSummary" ADD CONSTRAINT "PatientSummary_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlagAcknowledgement" ADD CONSTRAINT "FlagAcknowledgement_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlagAcknowledgement" ADD CONSTRAINT "FlagAcknowledgement_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (docs/decisions/0003): an acknowledgement always says why; a snooze ends after the flag's date.
ALTER TABLE "FlagAcknowledgement"
  ADD CONSTRAINT "FlagAcknowledgement_reason_check" CHECK (length(btrim("reason")) BETWEEN 1 AND 1000),
  ADD CONSTRAINT "FlagAcknowledgement_code_check" CHECK ("code" ~ '^[A-Z][A-Z0-9_]*$');
