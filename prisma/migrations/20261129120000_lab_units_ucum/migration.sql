-- Lab units become UCUM codes from a fixed list per test (issue 14: free text such as a name in the
-- unit reached de-identified research exports). Hand-written: the Prisma schema does not change
-- (unit stays TEXT); see docs/decisions/0003-database-integrity.md.
--
-- 1. "lab_unit_fits_test"(test, unit): the list of packages/domain/src/records/lab-units.ts
--    (LAB_UNITS), as SQL. packages/domain/test/lab-units.test.ts reads this file and fails if the two
--    differ. PostgreSQL does not recheck rows when a function changes: a later change to the list
--    is a new migration that replaces the function and drops and re-adds the CHECK below.
-- 2. Stored units are normalised: a spelling written before (LEGACY_LAB_UNIT_SPELLINGS, the same
--    list as below) becomes its UCUM code when the test accepts it; any other unit, and a unit on a
--    result without a value, becomes NULL. Every changed row gets a new version, the system account
--    as its last editor and an AuditEvent with the old and new unit, so nothing is lost. The flags
--    of the patients concerned are marked stale (their state row removed): LOW_IGG reads the unit,
--    and the server recomputes stale patients when it starts.
-- 3. The CHECK "LabResult_unit_check" (it was: 1 to 32 characters) now allows only NULL or a unit of
--    the row's test, and only beside a value.

CREATE FUNCTION "lab_unit_fits_test"("test" "LabTest", "unit" text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE "test"
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
    ELSE false
  END
$fn$;

WITH legacy ("spelling", "code") AS (
  VALUES
    ('percent', '%'),
    ('cells/µL', '/uL'),
    ('cells/μL', '/uL'),
    ('cells/uL', '/uL'),
    ('cells/ul', '/uL'),
    ('/µL', '/uL'),
    ('/μL', '/uL'),
    ('/ul', '/uL'),
    ('cells/mm3', '/uL'),
    ('cells/mm³', '/uL'),
    ('/mm3', '/uL'),
    ('/mm³', '/uL'),
    ('10^6/L', '10*6/L'),
    ('x10^6/L', '10*6/L'),
    ('×10^6/L', '10*6/L'),
    ('10⁶/L', '10*6/L'),
    ('×10⁶/L', '10*6/L'),
    ('10E6/L', '10*6/L'),
    ('10^9/L', '10*9/L'),
    ('10^9/l', '10*9/L'),
    ('x10^9/L', '10*9/L'),
    ('x 10^9/L', '10*9/L'),
    ('×10^9/L', '10*9/L'),
    ('× 10^9/L', '10*9/L'),
    ('10⁹/L', '10*9/L'),
    ('×10⁹/L', '10*9/L'),
    ('x10⁹/L', '10*9/L'),
    ('10E9/L', '10*9/L'),
    ('x10E9/L', '10*9/L'),
    ('G/L', '10*9/L'),
    ('G/l', '10*9/L'),
    ('10^3/uL', '10*3/uL'),
    ('10^3/µL', '10*3/uL'),
    ('10^3/μL', '10*3/uL'),
    ('x10^3/uL', '10*3/uL'),
    ('x10^3/µL', '10*3/uL'),
    ('×10^3/µL', '10*3/uL'),
    ('10³/µL', '10*3/uL'),
    ('×10³/µL', '10*3/uL'),
    ('x10³/µL', '10*3/uL'),
    ('10^3/mm3', '10*3/uL'),
    ('10E3/uL', '10*3/uL'),
    ('x10E3/uL', '10*3/uL'),
    ('K/uL', '10*3/uL'),
    ('K/µL', '10*3/uL'),
    ('k/uL', '10*3/uL'),
    ('k/µL', '10*3/uL'),
    ('thou/uL', '10*3/uL'),
    ('mg/dl', 'mg/dL'),
    ('MG/DL', 'mg/dL'),
    ('g/l', 'g/L'),
    ('G/L', 'g/L'),
    ('G/l', 'g/L'),
    ('g/dl', 'g/dL'),
    ('mg/l', 'mg/L'),
    ('mmol/l', 'mmol/L'),
    ('µmol/L', 'umol/L'),
    ('μmol/L', 'umol/L'),
    ('µmol/l', 'umol/L'),
    ('μmol/l', 'umol/L'),
    ('umol/l', 'umol/L'),
    ('IU/L', 'U/L'),
    ('IU/l', 'U/L'),
    ('iu/L', 'U/L'),
    ('UI/L', 'U/L'),
    ('U/l', 'U/L'),
    ('u/L', 'U/L'),
    ('µkat/L', 'ukat/L'),
    ('μkat/L', 'ukat/L'),
    ('µkat/l', 'ukat/L'),
    ('μkat/l', 'ukat/L'),
    ('ukat/l', 'ukat/L'),
    ('U/ml', 'U/mL'),
    ('mU/l', 'mU/L')
),
normalised AS (
  SELECT r."id", r."patientId", r."unit" AS "before",
         CASE
           WHEN r."value" IS NULL THEN NULL
           WHEN "lab_unit_fits_test"(r."test", btrim(r."unit", E' \t\r\n')) THEN btrim(r."unit", E' \t\r\n')
           -- min(): one code at most fits a test (a domain test checks it); never an error here.
           ELSE (SELECT min(l."code") FROM legacy l
                 WHERE l."spelling" = btrim(r."unit", E' \t\r\n') AND "lab_unit_fits_test"(r."test", l."code"))
         END AS "after"
  FROM "LabResult" r
  WHERE r."unit" IS NOT NULL
),
changed AS (
  UPDATE "LabResult" r
  SET "unit" = n."after",
      "version" = r."version" + 1,
      "updatedAt" = now(),
      "updatedById" = '00000000-0000-0000-0000-000000000001'
  FROM normalised n
  WHERE r."id" = n."id" AND n."after" IS DISTINCT FROM n."before"
  RETURNING r."id", r."patientId", n."before", n."after"
),
audited AS (
  INSERT INTO "AuditEvent" ("actorId", "action", "entityType", "entityId", "patientId", "details")
  SELECT '00000000-0000-0000-0000-000000000001', 'LabResult.update', 'LabResult', c."id"::text, c."patientId",
         jsonb_build_object(
           'before', jsonb_build_object('unit', c."before"),
           'after', jsonb_build_object('unit', c."after"),
           'reason', 'unit normalised to UCUM')
  FROM changed c
)
DELETE FROM "PatientFlagState" f WHERE f."patientId" IN (SELECT c."patientId" FROM changed c);

ALTER TABLE "LabResult"
  DROP CONSTRAINT "LabResult_unit_check",
  ADD CONSTRAINT "LabResult_unit_check" CHECK (
    "unit" IS NULL OR ("value" IS NOT NULL AND "lab_unit_fits_test"("test", "unit")));
