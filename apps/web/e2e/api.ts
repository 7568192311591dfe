import { expect, type Page } from '@playwright/test';

/** The API as any client calls it (docs/API.md): queries by GET, mutations by POST with the CSRF header. */
export async function query<T>(page: Page, procedure: string, input: object): Promise<T> {
  const answer = await page.request.get(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data as T;
}

export async function mutate<T>(page: Page, procedure: string, input: object): Promise<T> {
  const answer = await page.request.post(`/trpc/${procedure}`, {
    headers: { 'x-nmo-csrf': '1', 'content-type': 'application/json' },
    data: input,
  });
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data as T;
}

/** The journeys share one demo cohort: a patient a journey created is taken out again (soft delete). */
export async function removePatient(page: Page, patientId: string) {
  const current = await query<{ version: number }>(page, 'patients.get', { id: patientId });
  await mutate(page, 'patients.delete', { id: patientId, version: current.version });
}
