-- CreateEnum
CREATE TYPE "FlagSeverity" AS ENUM ('critical', 'warning', 'info');

-- CreateTable
CREATE TABLE "PatientFlag" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "severity" "FlagSeverity" NOT NULL,
    "date" DATE NOT NULL,
    "message" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "details" JSONB NOT NULL,

    CONSTRAINT "PatientFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PatientFlagState" (
    "patientId" UUID NOT NULL,
    "asOf" DATE NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PatientFlagState_pkey" PRIMARY KEY ("patientId")
);

-- CreateIndex
CREATE INDEX "PatientFlag_patientId_idx" ON "PatientFlag"("patientId");

-- CreateIndex
CREATE INDEX "PatientFlag_code_severity_idx" ON "PatientFlag"("code", "severity");

-- CreateIndex
CREATE INDEX "PatientFlag_severity_date_idx" ON "PatientFlag"("severity", "date");

-- CreateIndex
CREATE INDEX "PatientFlagState_asOf_idx" ON "PatientFlagState"("asOf");

-- AddForeignKey
ALTER TABLE "PatientFlag" ADD CONSTRAINT "PatientFlag_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientFlagState" ADD CONSTRAINT "PatientFlagState_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (docs/decisions/0003): flag codes are stable upper snake case (DESIGN.md contract 5).
ALTER TABLE "PatientFlag" ADD CONSTRAINT "PatientFlag_code_check" CHECK ("code" ~ '^[A-Z][A-Z0-9_]*$');
