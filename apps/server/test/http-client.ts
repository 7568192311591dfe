import { type AppRouter, type ErrorShape, hashPassword } from '@nmo/api';
import type { PrismaClient } from '@nmo/db';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { buildApp } from '../src/app.ts';

/**
 * A tRPC client over real HTTP that keeps its session cookie, as a browser would. `cookie` starts
 * it with a session obtained elsewhere (e.g. from another server instance behind the same balancer).
 */
export function httpClient(baseUrl: string, options: { batch?: boolean; cookie?: string } = {}) {
  // By name, as a browser keeps them: the session, and with read replicas the last write's position.
  const cookies = new Map<string, string>();
  const keep = (pair: string) => {
    const split = pair.indexOf('=');
    if (split < 0) return;
    const [name, value] = [pair.slice(0, split).trim(), pair.slice(split + 1)];
    if (value === '') cookies.delete(name);
    else cookies.set(name, value);
  };
  for (const pair of (options.cookie ?? '').split(';')) keep(pair);
  const jar = {
    get cookie() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    headers: [] as string[],
  };
  const fetchWithCookies: typeof fetch = async (url, init) => {
    const cookie = jar.cookie;
    const response = await fetch(url, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), 'x-nmo-csrf': '1', ...(cookie ? { cookie } : {}) },
    });
    for (const header of response.headers.getSetCookie()) {
      jar.headers.push(header);
      keep(header.split(';')[0] ?? '');
    }
    return response;
  };
  const link = (options.batch === false ? httpLink : httpBatchLink)({
    url: `${baseUrl}/trpc`,
    fetch: fetchWithCookies,
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [link] }), jar };
}

/** What an HTTP route outside tRPC answers on a refusal: the API's one error shape (docs/API.md, errors). */
export type HttpError = { error: ErrorShape };

export async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code: string; httpStatus: number; fieldErrors: { path: string; message: string }[] };
    return {
      code: data.code,
      status: data.httpStatus,
      fields: data.fieldErrors.map((f) => f.path),
      message: error.message,
    };
  }
  throw new Error('expected the call to fail');
}

/** The real HTTP app on a free port over a test database, with its base URL. */
/** A fixed key, so de-identified exports work in tests; production keys come from NMO_DEIDENTIFY_KEY. */
export const TEST_DEIDENTIFY_KEY = 'a-test-key-of-at-least-thirty-two-characters';

export async function listenForTest(
  database: () => PrismaClient,
  options: Partial<
    Pick<Parameters<typeof buildApp>[0], 'deidentifyKey' | 'importLimits' | 'healthCheck' | 'databaseUrl'>
  > = {},
) {
  const app = await buildApp({ database, ...options, deidentifyKey: options.deidentifyKey ?? TEST_DEIDENTIFY_KEY });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** The password of every account `createRoleAccounts` makes. */
export const TEST_PASSWORD = 'correct horse battery staple';
export const ROLES = ['clinician', 'researcher', 'admin'] as const;
export type TestRole = (typeof ROLES)[number];

/** One account per role, `<role>@clinic.test`, all with TEST_PASSWORD. */
export async function createRoleAccounts(db: PrismaClient, roles: readonly TestRole[] = ROLES): Promise<void> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  await db.user.createMany({
    data: roles.map((role) => ({ email: `${role}@clinic.test`, displayName: role, role, passwordHash })),
  });
}

/** A client of the server at `baseUrl`, signed in as the role's account. */
export async function signedInAs(baseUrl: string, role: TestRole) {
  const client = httpClient(baseUrl);
  await client.trpc.auth.login.mutate({ email: `${role}@clinic.test`, password: TEST_PASSWORD });
  return client;
}
