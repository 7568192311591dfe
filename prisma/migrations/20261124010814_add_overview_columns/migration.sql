-- AlterTable
ALTER TABLE "PatientSummary" ADD COLUMN     "currentTherapyText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "openFlags" JSONB NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "PatientSummary_currentTherapyText_idx" ON "PatientSummary"("currentTherapyText");

-- CreateIndex
CREATE INDEX "PatientSummary_attackCount_idx" ON "PatientSummary"("attackCount");

-- CreateIndex
CREATE INDEX "PatientSummary_maxDaysOverdue_idx" ON "PatientSummary"("maxDaysOverdue");
