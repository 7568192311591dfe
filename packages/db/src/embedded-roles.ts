import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type pg from 'pg';
import { handSchemaToOwner, quoteIdentifier, restrictDatabaseAccess, withClient } from './roles.ts';

/** The application's database inside an embedded cluster. */
export const APP_DATABASE = 'nmo';
/** Owns the schema and runs migrations. */
export const OWNER_ROLE = 'nmo_owner';
/** What the server and the CLI connect as. */
export const APP_ROLE = 'nmo_app';

export interface Login {
  user: string;
  password: string;
}

/**
 * DATA_DIR/credentials.json (mode 0600). The top-level login is the cluster's superuser (the only
 * one in folders made before docs/decisions/0012); `owner` and `app` are added on first start.
 */
export interface Credentials extends Login {
  owner?: Login;
  app?: Login;
}

export type RoleLogins = { owner: Login; app: Login };

export const newPassword = () => randomBytes(18).toString('base64url');

export async function readCredentials(file: string): Promise<Credentials> {
  return JSON.parse(await readFile(file, 'utf8')) as Credentials;
}

/** Written whole or not at all: a half-written file would lock us out of the cluster. */
export async function writeCredentials(file: string, credentials: Credentials): Promise<void> {
  const staging = `${file}.${process.pid}.tmp`;
  await writeFile(staging, JSON.stringify(credentials), { mode: 0o600 });
  await rename(staging, file);
}

/**
 * Makes the embedded cluster's application database what docs/decisions/0012 describes, as the
 * superuser: the owner and application roles (with passwords kept in the credentials file), the
 * database owned by the owner, connections for the application's role only, and every object
 * handed to the owner. Idempotent, so it runs at every open: this is also how a DATA_DIR made
 * before the roles existed (the superuser owned everything) is upgraded in place, data untouched.
 */
export async function provisionAppDatabase(adminUrl: string, credentialsFile: string): Promise<RoleLogins> {
  return withClient(adminUrl, async (admin) => {
    // The server and a CLI command may open the cluster at the same moment: one at a time. The
    // lock is the session's, released when the connection closes.
    await admin.query(`SELECT pg_advisory_lock(hashtextextended('nmo.provision', 0))`);
    const stored = await readCredentials(credentialsFile);
    let logins = stored.owner && stored.app ? { owner: stored.owner, app: stored.app } : undefined;
    const created = !logins;
    if (!logins) {
      logins = {
        owner: { user: OWNER_ROLE, password: newPassword() },
        app: { user: APP_ROLE, password: newPassword() },
      };
      // Kept before the roles exist: a start interrupted in between creates them next time with these.
      await writeCredentials(credentialsFile, { ...stored, ...logins });
    }
    await ensureLoginRole(admin, logins.owner, created);
    await ensureLoginRole(admin, logins.app, created);
    await ensureOwnedDatabase(admin, APP_DATABASE, logins.owner.user);
    await restrictDatabaseAccess(admin, APP_DATABASE, logins.app.user);
    const appDatabaseUrl = new URL(adminUrl);
    appDatabaseUrl.pathname = `/${APP_DATABASE}`;
    await withClient(appDatabaseUrl.toString(), handSchemaToOwner);
    return logins;
  });
}

/**
 * A role that can log in and nothing more (no superuser, database or role creation, replication,
 * or row-security bypass). Its password is set when it is created, or when the credentials file
 * was just given new ones.
 */
async function ensureLoginRole(admin: pg.Client, login: Login, setPassword: boolean): Promise<void> {
  const found = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.user]);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(login.password)}`;
  if (found.rowCount === 0) await admin.query(`CREATE ROLE ${quoteIdentifier(login.user)} ${attributes}`);
  else if (setPassword) await admin.query(`ALTER ROLE ${quoteIdentifier(login.user)} WITH ${attributes}`);
}

async function ensureOwnedDatabase(admin: pg.Client, name: string, owner: string): Promise<void> {
  const found = await admin.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [name],
  );
  const current = found.rows[0]?.owner;
  if (current === undefined)
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)} OWNER ${quoteIdentifier(owner)}`);
  else if (current !== owner)
    await admin.query(`ALTER DATABASE ${quoteIdentifier(name)} OWNER TO ${quoteIdentifier(owner)}`);
}
