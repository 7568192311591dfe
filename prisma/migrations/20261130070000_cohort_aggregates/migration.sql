-- Kept cohort aggregates (issue 21, docs/decisions: 21-hotpaths-kept-aggregates): the statistics
-- and the overview's total are computed once per state of PatientSummary, not on every request.

-- CreateTable
CREATE TABLE "CohortSummaryVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "CohortSummaryVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortAggregate" (
    "key" TEXT NOT NULL,
    "version" BIGINT NOT NULL,
    "value" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CohortAggregate_pkey" PRIMARY KEY ("key")
);

INSERT INTO "CohortSummaryVersion" ("id", "version") VALUES (1, 0);

-- Every statement that changes PatientSummary (the flag refresh, each write's recomputation, a
-- patient's deletion by cascade, TRUNCATE) raises the version in its own transaction. The version
-- and the rows it describes become visible together at commit, so a reader that sees version v
-- and finds an aggregate stored at v reads exactly what it would have computed itself. A sequence
-- would not do: nextval() is visible before the writer commits. The row lock this takes is held
-- until the writer commits, so writes of PatientSummary follow one another at that point; each
-- holds it only for the end of its transaction.
CREATE FUNCTION "cohort_summary_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CohortSummaryVersion" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "PatientSummary_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PatientSummary"
  FOR EACH STATEMENT EXECUTE FUNCTION "cohort_summary_changed"();
