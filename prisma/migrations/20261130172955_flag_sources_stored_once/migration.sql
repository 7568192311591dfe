-- Each flag's cited source, stored once (issue 21, docs/decisions/0038-flag-sources-stored-once.md):
-- 45 distinct texts of 300-1,000 characters were 53% of the flag rows' text. The stored flags are
-- kept: each row's text moves to FlagSource under its SHA-256, the key the application computes.

-- CreateTable
CREATE TABLE "FlagSource" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "FlagSource_pkey" PRIMARY KEY ("id")
);

INSERT INTO "FlagSource" ("id", "text")
SELECT DISTINCT encode(sha256(convert_to("source", 'UTF8')), 'hex'), "source" FROM "PatientFlag";

-- AlterTable
ALTER TABLE "PatientFlag" ADD COLUMN "sourceId" TEXT;
UPDATE "PatientFlag" SET "sourceId" = encode(sha256(convert_to("source", 'UTF8')), 'hex');
ALTER TABLE "PatientFlag" ALTER COLUMN "sourceId" SET NOT NULL, DROP COLUMN "source";

-- AddForeignKey
ALTER TABLE "PatientFlag" ADD CONSTRAINT "PatientFlag_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "FlagSource"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
