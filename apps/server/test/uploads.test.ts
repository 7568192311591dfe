import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { signedInAs } from './http-client.ts';
import { useTestServer } from './test-server.ts';

const LIMIT = 1024 * 1024;
const server = useTestServer({ app: { importLimits: { clinician: LIMIT, researcher: 0, admin: 0, system: 0 } } });

/**
 * Starts an upload that announces `declared` bytes (or none: chunked) and sends 64 KB every 5 ms
 * until the server answers; resolves with the status and how many bytes had gone out by then.
 */
function upload(headers: Record<string, string>, declared?: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/api/import?name=big.csv', server.baseUrl);
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        ...(declared === undefined ? {} : { 'content-length': String(declared) }),
        ...headers,
      },
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    request.on('response', (response) => {
      clearInterval(timer);
      const status = response.statusCode ?? 0;
      response.resume();
      request.destroy();
      resolve({ status, sent });
    });
    // A server that answers early and closes can make a write fail (EPIPE) before the client has
    // parsed the answer: read the status line off the socket as it arrives too.
    let raw = '';
    request.on('socket', (socket) => {
      socket.on('data', (data: Buffer) => {
        if (raw.length < 64) raw += data.toString('latin1');
      });
    });
    request.on('error', (error) => {
      clearInterval(timer);
      const answered = /^HTTP\/1\.1 (\d{3})/.exec(raw);
      if (answered) resolve({ status: Number(answered[1]), sent });
      else reject(error);
    });
    timer = setInterval(() => {
      if (declared !== undefined && sent >= declared) return;
      sent += chunk.length;
      request.write(chunk);
    }, 5);
  });
}

const csrf = { 'x-nmo-csrf': '1' };

describe('POST /api/import checks before it reads', () => {
  it('refuses an anonymous 200 MB upload after at most a few chunks', async () => {
    const { status, sent } = await upload(csrf, 200 * 1024 * 1024);
    expect(status).toBe(401);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a cross-site upload and a researcher’s upload before reading them', async () => {
    const { jar } = await signedInAs(server.baseUrl, 'clinician');
    expect((await upload({ cookie: jar.cookie }, 200 * 1024 * 1024)).status).toBe(403);
    const researcher = await signedInAs(server.baseUrl, 'researcher');
    const refused = await upload({ ...csrf, cookie: researcher.jar.cookie }, 200 * 1024 * 1024);
    expect(refused.status).toBe(403);
    expect(refused.sent).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers 413 at once to a clinician announcing more than the limit, and when a chunked body passes it', async () => {
    const { jar } = await signedInAs(server.baseUrl, 'clinician');
    const announced = await upload({ ...csrf, cookie: jar.cookie }, 50 * LIMIT);
    expect(announced.status).toBe(413);
    expect(announced.sent).toBeLessThan(4 * 1024 * 1024);
    const chunked = await upload({ ...csrf, cookie: jar.cookie });
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(LIMIT + 4 * 1024 * 1024);
    expect(await server.database.prisma.patient.count()).toBe(0);
  });

  it('still imports a file within the limit', async () => {
    const { jar } = await signedInAs(server.baseUrl, 'clinician');
    const csv =
      'mrn,given_name,family_name,birth_date,sex,record,date,edss_score\nU1,Ann,Lee,1990-01-01,female,edss,2020-01-01,2\n';
    const response = await fetch(`${server.baseUrl}/api/import?name=ok.csv`, {
      method: 'POST',
      headers: { ...csrf, cookie: jar.cookie, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(response.status).toBe(200);
    expect(await server.database.prisma.patient.count()).toBe(1);
  });
});
