// The ticket's files in the operators' console through the local host against Azurite: an
// operator's upload from the ticket's page (303 back, the page says so), the download with the
// console session (the same headers as the operators' API), without one (to the sign-in page),
// another ticket's file (404), and each refusal shown on the page in its language, nothing stored.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { signInToConsole } from '../support/consoleSession';
import { indexNow } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';
import { visibleText } from '../web/support/visibleText';

const OPS_KEY = 'ops-key-for-console-file-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
let t: TestHost;
let session: { cookie: string; csrf: string };

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/console-files-outbox-${process.pid}` }, enableQueues: false });
  session = await signInToConsole(t, OPS_KEY);
});
afterAll(async () => t?.stop());

async function submit(): Promise<string> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const { confirmationNumber } = (await res.json()) as { confirmationNumber: string };
  await indexNow(t.connectionString, confirmationNumber);
  return confirmationNumber;
}

/** The ticket page's upload form as a browser sends it: the CSRF token, then the file. */
function upload(n: string, name: string, bytes: Uint8Array | string, extra: { csrf?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const boundary = `----console${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${extra.csrf ?? session.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.fetch(`/api/console/tickets/${n}/files`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}`, ...extra.headers },
    body,
  });
}

async function filesOf(n: string): Promise<{ id: string; name: string; uploadedBy: string }[]> {
  const res = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string; name: string; uploadedBy: string }[] }).items;
}

describe('the files on the console’s ticket page', () => {
  it('adds an operator’s file, shows it on the page and hands it out with the session', async () => {
    const n = await submit();
    const added = await upload(n, 'Prüfbericht <1>.txt', 'It answers on port 8443.\n');
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/api/console/tickets/${n}?done=file`);
    const [file] = await filesOf(n);
    expect(file).toMatchObject({ name: 'Prüfbericht <1>.txt', uploadedBy: 'operator' });

    const page = await t.fetch(added.headers.get('location')!, { headers: { cookie: session.cookie, accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Prüfbericht &lt;1&gt;.txt');
    expect(visibleText(html)).toContain('The file is added.');
    expect(visibleText(html)).toContain('Not checked: this installation does not scan files for malware.');
    expect(html).toContain(`href="/api/console/tickets/${n}/files/${file!.id}" download`);

    const download = await t.fetch(`/api/console/tickets/${n}/files/${file!.id}`, { headers: { cookie: session.cookie } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('It answers on port 8443.\n');
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Pr_fbericht <1>.txt"; filename*=UTF-8''Pr%C3%BCfbericht%20%3C1%3E.txt`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('no-store');
  });

  it('sends a download without a session to the sign-in page, and another ticket’s file is not found', async () => {
    const n = await submit();
    const other = await submit();
    expect((await upload(n, 'notes.txt', 'notes')).status).toBe(303);
    const [file] = await filesOf(n);
    const anonymous = await t.fetch(`/api/console/tickets/${n}/files/${file!.id}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/api\/console\/sign-in\?next=/);
    const elsewhere = await t.fetch(`/api/console/tickets/${other}/files/${file!.id}`, { headers: { cookie: session.cookie, accept: 'text/html' } });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await t.fetch(`/api/console/tickets/${n}/files/not-an-id`, { headers: { cookie: session.cookie, accept: 'text/html' } })).status).toBe(404);
  });

  it('shows each refusal on the page in its language, and stores nothing', async () => {
    const n = await submit();
    const refusals: [string, Uint8Array | string, number, string, Record<string, string>][] = [
      ['big.txt', 'x'.repeat(10 * 1024 * 1024 + 1), 413, 'The file was not stored: it is larger than 10 MiB.', {}],
      [
        'a.png',
        'GIF89a\u0001\u0000\u0001\u0000',
        415,
        'Die Datei wurde nicht gespeichert: Ihr Inhalt ist weder Text noch PDF, PNG, JPEG, ZIP oder pcap.',
        { 'accept-language': 'de' },
      ],
      ['empty.txt', '', 400, 'The file was not stored: it is empty.', {}],
      ['dir/notes.txt', 'notes', 400, 'Die Datei wurde nicht gespeichert: Ihr Name enthält einen Pfad', { 'accept-language': 'de-DE' }],
    ];
    for (const [name, bytes, status, words, headers] of refusals) {
      const refused = await upload(n, name, bytes, { headers });
      expect(refused.status, name).toBe(status);
      const html = await refused.text();
      expect(html).toContain('id="files-refused"');
      expect(visibleText(html)).toContain(words);
    }
    expect((await upload(n, 'notes.txt', 'notes', { csrf: 'forged' })).status).toBe(403);
    expect(await filesOf(n)).toEqual([]);
  });
});
