-- Gives every object of schema public to the owner of the current database (nmo_owner once
-- `ALTER DATABASE nmo OWNER TO nmo_owner` has run). For a database whose objects another role
-- owns, such as the superuser or the application's own role before docs/decisions/0011: run it as a
-- superuser while connected to that database. Idempotent: objects already owned are left alone.
-- (REASSIGN OWNED does the same in one line, but refuses the bootstrap superuser, which owns
-- everything in databases made by earlier versions of the embedded cluster or by Docker's image.)
DO $hand_over$
DECLARE
  owner_oid oid := (SELECT datdba FROM pg_database WHERE datname = current_database());
  owner_name name := (SELECT rolname FROM pg_roles WHERE oid = owner_oid);
  item record;
BEGIN
  IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'public') NOT IN (owner_oid, 'pg_database_owner'::regrole) THEN
    EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner_name);
  END IF;
  FOR item IN
    -- Tables, views and sequences; indexes and the sequences of serial or identity columns follow their table.
    SELECT format('ALTER %s %s OWNER TO %I',
             CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                            WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
             c.oid::regclass, owner_name) AS statement
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND c.relowner <> owner_oid
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
    UNION ALL
    -- Enums, domains, ranges and free-standing composite types; array types follow their element type.
    SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, owner_name)
    FROM pg_type t
    LEFT JOIN pg_class r ON r.oid = t.typrelid
    WHERE t.typnamespace = 'public'::regnamespace
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND r.relkind = 'c'))
      AND t.typowner <> owner_oid
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    -- Functions and procedures, such as the audit log's trigger function.
    SELECT format('ALTER %s %s OWNER TO %I', CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END,
             p.oid::regprocedure, owner_name)
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace
      AND p.proowner <> owner_oid
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE item.statement;
  END LOOP;
END
$hand_over$;
