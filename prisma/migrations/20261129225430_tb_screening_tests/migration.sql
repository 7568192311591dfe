-- Tuberculosis screening as lab tests (an interferon-gamma release assay, a tuberculin skin test)
-- and the "indeterminate" result an IGRA can give. PostgreSQL 12 and later add several enum values
-- in one migration; the values are not used before the migration commits.

-- AlterEnum

ALTER TYPE "LabTest" ADD VALUE 'tb_igra';
ALTER TYPE "LabTest" ADD VALUE 'tb_skin_test';

-- AlterEnum
ALTER TYPE "LabQualitativeResult" ADD VALUE 'indeterminate';

-- The units each test accepts (domain lab-units.ts): the tuberculin skin test's induration in mm,
-- none for the IGRA (a qualitative result). Compared as text: the new enum values cannot be named
-- as "LabTest" literals in the transaction that adds them.
CREATE OR REPLACE FUNCTION "lab_unit_fits_test"("test" "LabTest", "unit" text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE "test"::text
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
    WHEN 'tb_igra' THEN false
    WHEN 'tb_skin_test' THEN "unit" IN ('mm')
    ELSE false
  END
$fn$;
