// Evidence files from the status page without JavaScript, through the local host against Azurite:
// the page's plain multipart form (the status cookie and the page's CSRF field), answered with the
// page itself; the list on the page; downloads from a plain link with the cookie; and every refusal
// shown on the page in its language with nothing stored.

import { createHash } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_CONTAINER } from '../../src/composition';
import { aSubmission } from '../support/builders';
import { indexNow } from '../support/indexing';
import { csrfOf, statusCookieOf } from '../support/statusPage';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-attachment-page-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
const MiB = 1024 * 1024;
const PAGE = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/attachments-page-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

async function submit(locale: 'en' | 'de' = 'en'): Promise<{ n: string; token: string }> {
  const submission = aSubmission();
  const body = JSON.stringify({ ...submission, reporter: { ...submission.reporter, locale } });
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, json.confirmationNumber);
  return { n: json.confirmationNumber, token: json.accessToken };
}

/** The status page as its reporter opens it without JavaScript (the access code typed in): its cookie and CSRF token. */
async function openPage(n: string, token: string): Promise<{ cookie: string; csrf: string; html: string }> {
  const res = await t.fetch(`/api/tickets/${n}/view`, {
    method: 'POST',
    headers: { ...PAGE, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(res.status).toBe(200);
  const html = await res.text();
  return { cookie: statusCookieOf(res), csrf: csrfOf(html), html };
}

/** The page's form as a browser posts it: the csrf field first, then the file (an empty name when none was chosen). */
function pageForm(csrf: string | null, file: { name: string; bytes: Uint8Array } | null): { body: Buffer<ArrayBuffer>; contentType: string } {
  const boundary = `----WebKitFormBoundary${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (csrf !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`));
  const name = file?.name ?? '';
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(Buffer.from(file?.bytes ?? new Uint8Array()));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function postForm(n: string, headers: Record<string, string>, form: ReturnType<typeof pageForm>): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/attachments`, { method: 'POST', headers: { ...PAGE, ...headers, 'content-type': form.contentType }, body: form.body });
}

async function filesOf(n: string): Promise<Array<{ id: string; name: string; size: number }>> {
  const res = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
  return ((await res.json()) as { items: Array<{ id: string; name: string; size: number }> }).items;
}

async function blobsOf(n: string): Promise<string[]> {
  const container = new ContainerClient(t.connectionString, EVIDENCE_CONTAINER);
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `${n}/` })) names.push(blob.name);
  return names;
}

const TEXT = Buffer.from('GET /admin HTTP/1.1\nHost: example.test\n');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('the status page’s files without JavaScript', () => {
  it('takes a file from the page’s form with the cookie and CSRF field, and answers with the page listing it, its name escaped', async () => {
    const { n, token } = await submit();
    const { cookie, csrf, html } = await openPage(n, token);
    expect(html).toContain('id="files"');
    expect(html).toContain('id="files-empty"');
    expect(html).toMatch(/<form id="upload-form" method="post" action="\/api\/tickets\/[^"]+\/attachments" enctype="multipart\/form-data"/);
    expect(html.indexOf('name="csrf"', html.indexOf('id="upload-form"'))).toBeLessThan(html.indexOf('name="file"'));

    const res = await postForm(n, { cookie }, pageForm(csrf, { name: 'poc<script>&.txt', bytes: TEXT }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).not.toContain(token);
    expect(page).not.toContain('poc<script>');
    expect(page).toContain('The file “poc&lt;script&gt;&amp;.txt” has been added.');
    expect(page).toContain('Not checked: this installation does not scan files for malware.');
    expect(page).toContain(createHash('sha256').update(TEXT).digest('hex'));
    expect(page).toContain('text/plain; charset=utf-8');
    const [file] = await filesOf(n);
    expect(file).toMatchObject({ name: 'poc<script>&.txt', size: TEXT.length });
    expect(page).toContain(`href="/api/tickets/${n}/attachments/${file!.id}"`);
  });

  it('hands the file out from a plain link with the status cookie, as an attachment with nosniff; without it or with another ticket’s cookie, not', async () => {
    const { n, token } = await submit();
    const { cookie, csrf } = await openPage(n, token);
    expect((await postForm(n, { cookie }, pageForm(csrf, { name: 'report.pdf', bytes: PDF }))).status).toBe(200);
    const [file] = await filesOf(n);
    const path = `/api/tickets/${n}/attachments/${file!.id}`;

    const res = await t.fetch(path, { headers: { ...PAGE, cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="report.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);

    expect((await t.fetch(path, { headers: PAGE })).status).toBe(401);
    const other = await submit();
    const otherPage = await openPage(other.n, other.token);
    expect((await t.fetch(path, { headers: { ...PAGE, cookie: otherPage.cookie } })).status).toBe(404);
  });

  it('refuses an upload with another ticket’s cookie (404), without the CSRF field (403), or without a cookie (the page asking for the code): nothing stored', async () => {
    const mine = await submit();
    const other = await submit();
    const otherPage = await openPage(other.n, other.token);
    const minePage = await openPage(mine.n, mine.token);

    expect((await postForm(mine.n, { cookie: otherPage.cookie }, pageForm(otherPage.csrf, { name: 'x.txt', bytes: TEXT }))).status).toBe(404);
    expect((await postForm(mine.n, { cookie: minePage.cookie }, pageForm(null, { name: 'x.txt', bytes: TEXT }))).status).toBe(403);
    expect((await postForm(mine.n, { cookie: minePage.cookie }, pageForm('not-the-token', { name: 'x.txt', bytes: TEXT }))).status).toBe(403);
    const noCookie = await postForm(mine.n, {}, pageForm(minePage.csrf, { name: 'x.txt', bytes: TEXT }));
    expect(noCookie.status).toBe(200);
    expect(await noCookie.text()).toContain('id="token-form"');
    expect(await filesOf(mine.n)).toEqual([]);
    expect(await blobsOf(mine.n)).toEqual([]);
  });

  it('refuses an eleventh file from the page (413) with the status page saying the report is full', async () => {
    const { n, token } = await submit();
    for (let i = 0; i < 10; i++) {
      const api = pageForm(null, { name: `log-${i}.txt`, bytes: TEXT });
      const res = await t.fetch(`/api/tickets/${n}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': api.contentType },
        body: api.body,
      });
      expect(res.status).toBe(201);
    }
    const { cookie, csrf } = await openPage(n, token);
    const res = await postForm(n, { cookie }, pageForm(csrf, { name: 'eleventh.txt', bytes: TEXT }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('The file was not stored: this report has 10 files already, the most it takes.');
    expect(await filesOf(n)).toHaveLength(10);
  });

  it.each([
    [
      'en',
      'a type it does not take',
      { name: 'evil.exe', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) },
      415,
      'its content is not text, PDF, PNG, JPEG, ZIP or pcap.',
    ],
    ['de', 'a type it does not take', { name: 'evil.exe', bytes: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) }, 415, 'Ihr Inhalt ist weder Text noch PDF'],
    ['en', 'an empty file', { name: 'empty.txt', bytes: new Uint8Array() }, 400, 'The file was not stored: it is empty.'],
    ['de', 'an empty file', { name: 'empty.txt', bytes: new Uint8Array() }, 400, 'Die Datei wurde nicht gespeichert: Sie ist leer.'],
    ['en', 'a name with a direction character', { name: 'txt.\u202eexe', bytes: TEXT }, 400, 'its name contains a path'],
    ['en', 'no file chosen', null, 400, 'no file was chosen.'],
    ['de', 'a file over 10 MiB', { name: 'big.txt', bytes: Buffer.alloc(10 * MiB + 1, 0x61) }, 413, 'Sie ist größer als 10 MiB.'],
  ] as const)('refuses (%s) %s with the status page and the reason, nothing stored', async (locale, _what, file, status, reason) => {
    const { n, token } = await submit(locale);
    const { cookie, csrf } = await openPage(n, token);
    const res = await postForm(n, { cookie }, pageForm(csrf, file));
    expect(res.status).toBe(status);
    const page = await res.text();
    expect(page).toContain('id="files-feedback" role="alert"');
    expect(page).toContain(reason);
    expect(page).toContain(`lang="${locale}"`);
    expect(page).toContain('id="upload-form"');
    expect(await filesOf(n)).toEqual([]);
    expect(await blobsOf(n)).toEqual([]);
  });
});
