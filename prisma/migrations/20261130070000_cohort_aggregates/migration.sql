-- Kept cohort aggregates (issue 21, docs/decisions: 0028-kept-cohort-aggregates): the statistics
-- and the overview's total are computed once per state of PatientSummary, not on every request.

-- CreateTable
CREATE TABLE "CohortSummaryVersion" (
    "id" INTEGER NOT NULL,
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

-- 32 counters; the version is their sum.
INSERT INTO "CohortSummaryVersion" ("id", "version") SELECT n, 0 FROM generate_series(1, 32) n;

-- Every statement that changes PatientSummary (the flag refresh, each write's recomputation, a
-- patient's deletion by cascade, TRUNCATE) raises one counter in its own transaction. The counter
-- and the rows it describes become visible together at commit, so a reader that sees a sum and
-- finds an aggregate stored at that sum reads exactly what it would have computed itself. A
-- sequence would not do: nextval() is visible before the writer commits.
--
-- The raised row stays locked until the writer commits. With one row, every writer of PatientSummary
-- would queue there, and a long transaction (saving the rule settings recomputes the whole cohort in
-- one) holding it while waiting for a patient's summary row that a clinician's save had locked
-- would deadlock with that save. So each writer takes a counter no other transaction holds (SKIP
-- LOCKED; one it already holds counts as free); only when all 32 are held does it wait for one.
CREATE FUNCTION "cohort_summary_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CohortSummaryVersion" SET "version" = "version" + 1
  WHERE "id" = (SELECT "id" FROM "CohortSummaryVersion" ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED);
  IF NOT FOUND THEN
    UPDATE "CohortSummaryVersion" SET "version" = "version" + 1 WHERE "id" = 1 + (txid_current() % 32);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "PatientSummary_changed"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PatientSummary"
  FOR EACH STATEMENT EXECUTE FUNCTION "cohort_summary_changed"();
