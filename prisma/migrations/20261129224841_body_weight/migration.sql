-- CreateTable
CREATE TABLE "BodyWeight" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patientId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "kg" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" UUID,

    CONSTRAINT "BodyWeight_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BodyWeight_patientId_date_idx" ON "BodyWeight"("patientId", "date");

-- AddForeignKey
ALTER TABLE "BodyWeight" ADD CONSTRAINT "BodyWeight_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BodyWeight" ADD CONSTRAINT "BodyWeight_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BodyWeight" ADD CONSTRAINT "BodyWeight_deletedById_fkey" FOREIGN KEY ("deletedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BodyWeight" ADD CONSTRAINT "BodyWeight_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ============================================================================================
-- Integrity rules Prisma cannot express (docs/decisions/0003-database-integrity.md, 0004-event-identity.md)
-- ============================================================================================
ALTER TABLE "BodyWeight"
  ADD CONSTRAINT "BodyWeight_version_check" CHECK ("version" >= 1),
  ADD CONSTRAINT "BodyWeight_deletion_check" CHECK (("deletedAt" IS NULL) = ("deletedById" IS NULL)),
  ADD CONSTRAINT "BodyWeight_kg_check" CHECK ("kg" > 0 AND "kg" <= 400);

-- One live weight per patient and day (the record's identity).
CREATE UNIQUE INDEX "BodyWeight_identity_key" ON "BodyWeight"("patientId", "date") WHERE "deletedAt" IS NULL;
