-- CreateTable
CREATE TABLE "ExportRun" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "deidentified" BOOLEAN NOT NULL,
    "dates" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "patientsTotal" INTEGER NOT NULL,
    "patientsDone" INTEGER NOT NULL DEFAULT 0,
    "rows" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "sha256" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExportRun_actorId_startedAt_idx" ON "ExportRun"("actorId", "startedAt");

-- AddForeignKey
ALTER TABLE "ExportRun" ADD CONSTRAINT "ExportRun_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
