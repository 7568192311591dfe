#!/bin/sh
# The database roles of docs/decisions/0012-database-roles.md, for the postgres image: mounted into
# /docker-entrypoint-initdb.d, it runs once, when the volume is first initialised (as POSTGRES_USER,
# after POSTGRES_DB is created). Safe to run again by hand (docker compose exec db sh …): it creates
# only what is missing and sets the passwords from the environment.
set -eu
: "${NMO_OWNER_PASSWORD:?set NMO_OWNER_PASSWORD}" "${NMO_APP_PASSWORD:?set NMO_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v db="${POSTGRES_DB:-nmo}" -v owner_password="$NMO_OWNER_PASSWORD" -v app_password="$NMO_APP_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE nmo_owner LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nmo_owner') \gexec
SELECT 'CREATE ROLE nmo_app LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nmo_app') \gexec
ALTER ROLE nmo_owner WITH LOGIN PASSWORD :'owner_password';
ALTER ROLE nmo_app WITH LOGIN PASSWORD :'app_password';
SELECT format('CREATE DATABASE %I OWNER nmo_owner', :'db') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO nmo_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO nmo_app;
SQL
