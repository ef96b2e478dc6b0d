// A report sent with its files in one multipart/form-data post, as the web form without JavaScript
// sends it, through the local host against Azurite's Blob and Table services: the ticket and both
// files stored (listed, downloadable with the ticket's token only), and every refusal of a file,
// of the limits or of the body refusing the whole report with nothing stored: no ticket, no blob.

import { createHash } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_CONTAINER } from '../../src/composition';
import { ticketCount as ticketsIn, zipOf, type FileJson } from '../support/evidence';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-report-with-files-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
const MiB = 1024 * 1024;
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/report-files-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

const LOG = Buffer.from('GET /admin?cmd=id HTTP/1.1\nHost: contoso.example\n');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The form's fields as the browser sends them (the form-urlencoded names), in the form's order. */
function reportFields(overrides: Record<string, string> = {}): Array<[string, string]> {
  return Object.entries({
    'reporter.locale': 'en',
    category: 'incident',
    offerId: 'contoso-firewall',
    summary: 'Admin console reachable without login',
    description: 'The admin console answers on its public address without asking for credentials; the log is attached.',
    exploitation: 'unknown',
    'reporter.name': 'Ada Lovelace',
    'reporter.email': 'ada@contoso.example',
    ...overrides,
  });
}

type Part = { field: string; value: string } | { field: string; filename: string; bytes: Uint8Array };

/** A multipart/form-data body of `parts` in order, as a browser writes it. */
function multipart(parts: readonly Part[]): { body: Buffer<ArrayBuffer>; contentType: string } {
  const boundary = `----WebKitFormBoundary${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`, 'utf8'));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          'utf8',
        ),
        Buffer.from(part.bytes),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const fieldParts = (fields: Array<[string, string]>): Part[] => fields.map(([field, value]) => ({ field, value }));
const fileParts = (files: Array<[string, Uint8Array]>): Part[] => files.map(([filename, bytes]) => ({ field: 'evidence', filename, bytes }));

function post(parts: readonly Part[], headers: Record<string, string> = {}): Promise<Response> {
  const { body, contentType } = multipart(parts);
  return t.fetch('/api/tickets', {
    method: 'POST',
    headers: { accept: 'text/html,application/xhtml+xml', 'content-type': contentType, ...headers },
    body,
    redirect: 'manual',
  });
}

const numberOf = (res: Response): string => /\/api\/tickets\/([^?]+)\?submitted=1$/.exec(res.headers.get('location') ?? '')![1]!;

const ticketCount = () => ticketsIn(t.connectionString);

async function blobCount(): Promise<number> {
  const container = new ContainerClient(t.connectionString, EVIDENCE_CONTAINER);
  let n = 0;
  if (!(await container.exists())) return 0;
  for await (const blob of container.listBlobsFlat()) n += blob ? 1 : 0;
  return n;
}

/** The status page's token for the ticket a form post just made: from its status cookie, as the page reads it. */
async function tokenOf(res: Response): Promise<string> {
  const cookie = res.headers.getSetCookie()[0]!;
  return decodeURIComponent(/^[^=]+=([^;]+)/.exec(cookie)![1]!);
}

/** Posts `parts` and expects the report refused as a page (`status`, naming `mentions`) with nothing stored. */
async function expectRefused(parts: readonly Part[], status: number, mentions: string[], headers: Record<string, string> = {}): Promise<void> {
  const [tickets, blobs] = [await ticketCount(), await blobCount()];
  const res = await post(parts, headers);
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(res.headers.getSetCookie()).toEqual([]);
  const page = await res.text();
  for (const words of mentions) expect(page).toContain(words);
  expect(await ticketCount()).toBe(tickets);
  expect(await blobCount()).toBe(blobs);
}

describe('a report with its files in one form post', () => {
  it('stores the ticket with both files: 303 to the status page, which lists them; each downloads with the token, never without it', async () => {
    const res = await post([
      ...fieldParts(reportFields()),
      ...fileParts([
        ['access.log', LOG],
        ['report.pdf', PDF],
      ]),
    ]);
    expect(res.status).toBe(303);
    const n = numberOf(res);
    const token = await tokenOf(res);

    const listed = await t.fetch(`/api/tickets/${n}/attachments`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    const files = ((await listed.json()) as { items: FileJson[] }).items;
    expect(files.map((f) => [f.name, f.size, f.contentType, f.sha256, f.uploadedBy])).toEqual([
      ['access.log', LOG.length, 'text/plain; charset=utf-8', sha256(LOG), 'reporter'],
      ['report.pdf', PDF.length, 'application/pdf', sha256(PDF), 'reporter'],
    ]);
    const ticket = (await (await t.fetch(`/api/tickets/${n}`, { headers: OPERATOR })).json()) as { history: Array<{ event: string; by?: string }> };
    expect(ticket.history.map((h) => h.event)).toEqual(['submitted', 'attachment-added', 'attachment-added']);

    // The status page the form leads to, with the cookie it set, names both.
    const page = await t.fetch(`/api/tickets/${n}?submitted=1`, { headers: { accept: 'text/html', cookie: res.headers.getSetCookie()[0]!.split(';')[0]! } });
    const html = await page.text();
    expect(html).toContain('access.log');
    expect(html).toContain('report.pdf');

    for (const [file, bytes] of [
      [files[0]!, LOG],
      [files[1]!, PDF],
    ] as const) {
      const download = await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
      expect((await t.fetch(`/api/tickets/${n}/attachments/${file.id}`)).status).toBe(401);
      expect((await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(404);
    }
  });

  it('takes the report alone when no file was chosen (the browser sends an empty part without a name)', async () => {
    const res = await post([...fieldParts(reportFields()), { field: 'evidence', filename: '', bytes: new Uint8Array() }]);
    expect(res.status).toBe(303);
    const n = numberOf(res);
    const listed = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('is among the media types a 415 names', async () => {
    const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept')).toBe('application/json, application/x-www-form-urlencoded, multipart/form-data');
  });

  it('takes ten files, the most a ticket takes', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => [`log-${i}.txt`, Buffer.from(`line ${i}\n`)] as [string, Uint8Array]);
    const res = await post([...fieldParts(reportFields()), ...fileParts(ten)]);
    expect(res.status).toBe(303);
    const listed = await t.fetch(`/api/tickets/${numberOf(res)}/attachments`, { headers: OPERATOR });
    expect(((await listed.json()) as { items: FileJson[] }).items.map((f) => f.name)).toEqual(ten.map(([name]) => name));
  });
});

describe('refused whole, nothing stored', () => {
  const withFiles = (files: Array<[string, Uint8Array]>, fields = reportFields()) => [...fieldParts(fields), ...fileParts(files)];

  it('a file whose content is of another type than its name says (415), named on the page', async () => {
    await expectRefused(
      withFiles([
        ['access.log', LOG],
        ['screenshot.png', EXE],
      ]),
      415,
      ['The file “screenshot.png” cannot go with the report: its content is not text, PDF, PNG, JPEG, ZIP or pcap.'],
    );
  });

  it('in German for a German form: an empty file (400)', async () => {
    await expectRefused(withFiles([['leer.txt', new Uint8Array()]], reportFields({ 'reporter.locale': 'de' })), 400, [
      'lang="de"',
      'Die Datei „leer.txt“ kann nicht mit der Meldung gesendet werden: Sie ist leer.',
    ]);
  });

  it('a file name with path parts, control or bidirectional characters (400)', async () => {
    for (const name of ['../../etc/passwd', 'C:\\Users\\ada\\log.txt', 'gpj.\u202eexe.txt', 'log\u0085.txt']) {
      await expectRefused(
        withFiles([
          ['fine.txt', LOG],
          [name, LOG],
        ]),
        400,
        ['A file cannot go with the report: its name contains a path'],
      );
    }
    // A control character below U+0020 in a part's header is no header at all.
    await expectRefused(
      withFiles([
        ['fine.txt', LOG],
        ['log\u0007.txt', LOG],
      ]),
      400,
      ['The multipart/form-data body is malformed.'],
    );
  });

  it('a ZIP whose directory lies about its size (422)', async () => {
    await expectRefused(withFiles([['logs.zip', zipOf(Buffer.from('hello world'), { uncompressed: 0xfffffffe })]]), 422, [
      'The file “logs.zip” cannot go with the report: the ZIP archive’s directory does not match its content.',
    ]);
  });

  it('eleven files (413)', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => [`log-${i}.txt`, Buffer.from(`line ${i}\n`)] as [string, Uint8Array]);
    await expectRefused(withFiles(eleven), 413, ['A report takes at most 10 files.']);
  });

  it('a file over 10 MiB (413), and files over 10 MiB in all, refused by their length before they are read (413)', async () => {
    await expectRefused(withFiles([['big.txt', Buffer.alloc(10 * MiB + 1, 'a')]]), 413, [
      'The file “big.txt” cannot go with the report: it is larger than 10 MiB.',
    ]);
    await expectRefused(
      withFiles([
        ['one.txt', Buffer.alloc(6 * MiB, 'a')],
        ['two.txt', Buffer.alloc(6 * MiB, 'b')],
      ]),
      413,
      ['The files sent with a report may have at most 10 MiB in all.'],
    );
  });

  it('a report whose fields are invalid, even with good files (400 with the field errors)', async () => {
    await expectRefused(withFiles([['access.log', LOG]], reportFields({ 'reporter.email': 'not-an-address' })), 400, [
      'Please enter an email address such as ada@contoso.example.',
    ]);
  });

  it('a field after the files, a file in another field, a malformed body (400)', async () => {
    // The form's file field is its last: a field after a file is no browser's form (the file was checked already).
    await expectRefused([...fieldParts(reportFields()), ...fileParts([['a.txt', LOG]]), { field: 'cveId', value: 'CVE-2021-44228' }], 400, [
      'This field came after a file.',
    ]);
    await expectRefused([...fieldParts(reportFields()), { field: 'upload', filename: 'a.txt', bytes: LOG }], 400, [
      'Unknown field; files go in the field evidence.',
    ]);
    const { body, contentType } = multipart([...fieldParts(reportFields()), ...fileParts([['a.txt', LOG]])]);
    const [tickets, blobs] = [await ticketCount(), await blobCount()];
    // Cut anywhere in the file's bytes or the boundaries after them: each a 400, and the host (this
    // process) goes on, no error left unheard on a part's stream.
    for (let cutOff = 30; cutOff <= 100; cutOff += 5) {
      const cut = await t.fetch('/api/tickets', {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': contentType },
        body: body.subarray(0, body.length - cutOff),
      });
      expect(cut.status, `cut ${cutOff} bytes before the end`).toBe(400);
      expect(await cut.text()).toContain('The multipart/form-data body is malformed.');
    }
    expect([await ticketCount(), await blobCount()]).toEqual([tickets, blobs]);
    expect((await t.fetch('/api/health')).status).toBe(200);
  });

  it('fields over 64 KiB in all (413)', async () => {
    await expectRefused(withFiles([['a.txt', LOG]], reportFields({ description: 'x'.repeat(65 * 1024) })), 413, ['fields are larger than 64 KiB']);
  });
});
