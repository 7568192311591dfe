import { addDays, daysBetween, eventDate, todayInClinic } from '@nmo/domain';
import { generateCohort } from '@nmo/exchange';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from './http-client.ts';
import { useTestServer } from './test-server.ts';

/**
 * The two attacks of the security review, replayed as a researcher over real HTTP with only the
 * requests the researcher role is allowed to send. Both must recover nothing.
 */
const today = todayInClinic();
const cohort = generateCohort({ patients: 80, seed: 11, asOf: today });

let cookie: string;
const server = useTestServer({ cohort: { file: cohort, asOf: today }, timeoutMs: 120_000 });
beforeAll(async () => {
  cookie = (await signedInAs(server.baseUrl, 'researcher')).jar.cookie;
});

const get = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie } });
const stats = (input: object) => get(`/trpc/cohort.stats?input=${encodeURIComponent(JSON.stringify(input))}`);
const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('attack 1: linking subject IDs to MRNs and names through a filtered export', () => {
  it('links nothing: every identifying filter is refused, in exports and statistics', async () => {
    const linked = new Map<string, string>();
    for (const patient of cohort.patients.slice(0, 40)) {
      for (const term of [patient.mrn, `${patient.givenName} ${patient.familyName}`, patient.familyName]) {
        for (const format of ['csv', 'csv-wide', 'fhir']) {
          const response = await get(`/api/export/${format}?search=${encodeURIComponent(term)}`);
          const body = await response.text();
          if (response.status !== 200) {
            expect(response.status).toBe(400);
            expect(JSON.parse(body)).toMatchObject({ error: { data: { fieldErrors: [{ path: 'filters.search' }] } } });
            continue;
          }
          const subjects = new Set(rowsOf(body).map((row) => row.subject_id));
          if (subjects.size === 1) linked.set(term, [...subjects][0] as string);
        }
      }
      expect((await stats({ search: patient.mrn })).status).toBe(400);
    }
    expect([...linked.keys()]).toEqual([]);
  });
});

describe('attack 2: recovering the date shift with day-level last-visit windows', () => {
  it('recovers no shift: day and year windows are refused, for counts and exports alike', async () => {
    const recovered = new Map<string, number>();
    const lastVisits = [
      ...new Set(
        cohort.patients.map((p) =>
          p.events
            .map(eventDate)
            .filter((d) => d <= today)
            .sort()
            .at(-1),
        ),
      ),
    ]
      .filter((d): d is string => Boolean(d))
      .slice(0, 30);
    for (const day of lastVisits) {
      expect((await stats({ lastVisitFrom: day, lastVisitTo: day })).status).toBe(400);
      const response = await get(`/api/export/csv?lastVisitFrom=${day}&lastVisitTo=${day}`);
      const body = await response.text();
      if (response.status !== 200) {
        expect(response.status).toBe(400);
        continue;
      }
      // The last shifted date of each subject in a file that only holds patients last seen on `day`.
      const rows = rowsOf(body);
      for (const subject of new Set(rows.map((row) => row.subject_id))) {
        const shifted = rows
          .filter((row) => row.subject_id === subject)
          .map((row) => row.date)
          .sort()
          .at(-1);
        if (shifted) recovered.set(subject as string, daysBetween(shifted, day));
      }
    }
    const year = today.slice(0, 4);
    for (const [from, to] of [
      [`${year}-01-01`, `${year}-12-31`],
      [addDays(today, -365), today],
    ]) {
      expect((await stats({ lastVisitFrom: from, lastVisitTo: to })).status).toBe(400);
      expect((await get(`/api/export/csv?lastVisitFrom=${from}&lastVisitTo=${to}`)).status).toBe(400);
    }
    expect([...recovered.keys()]).toEqual([]);
  });
});
