// Evidence files through the local host against Azurite's Blob and Table services: who may add
// and read them, what is stored (bytes in the private container, metadata beside the ticket, the
// history entry and its email), what a download carries, and every bad input refused with nothing
// stored: no blob, no row, no history entry, no email.

import { createHash } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_CONTAINER } from '../../src/composition';
import { aSubmission } from '../support/builders';
import { zipOf, type FileJson } from '../support/evidence';
import { ADVERSARIAL_BODIES } from '../../tools/testkit/adversarialBodies';
import { indexNow, pendingEvents } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-attachment-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
const MiB = 1024 * 1024;
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/attachments-outbox-${process.pid}` }, enableQueues: false });
});
afterAll(async () => t?.stop());

const asReporter = (token: string) => ({ authorization: `Bearer ${token}` });

async function submit(): Promise<{ n: string; token: string }> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { confirmationNumber: string; accessToken: string };
  await indexNow(t.connectionString, body.confirmationNumber);
  return { n: body.confirmationNumber, token: body.accessToken };
}

/** A multipart/form-data body with one part named `field` (default `file`), as a browser's form sends it. */
function multipart(bytes: Uint8Array, filename: string, field = 'file'): { body: Buffer<ArrayBuffer>; contentType: string } {
  const boundary = `----evidence${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    'utf8',
  );
  return { body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(n: string, headers: Record<string, string>, bytes: Uint8Array, filename = 'evidence.txt'): Promise<Response> {
  const { body, contentType } = multipart(bytes, filename);
  return t.fetch(`/api/tickets/${n}/attachments`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
}

function uploadRaw(n: string, headers: Record<string, string>, bytes: Uint8Array<ArrayBuffer>, disposition: string): Promise<Response> {
  return t.fetch(`/api/tickets/${n}/attachments`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-disposition': disposition },
    body: bytes,
  });
}

async function filesOf(n: string, headers: Record<string, string> = OPERATOR): Promise<FileJson[]> {
  const res = await t.fetch(`/api/tickets/${n}/attachments`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: FileJson[] }).items;
}

async function historyOf(n: string): Promise<Array<{ event: string; by?: string }>> {
  const res = await t.fetch(`/api/tickets/${n}`, { headers: OPERATOR });
  return ((await res.json()) as { history: Array<{ event: string; by?: string }> }).history;
}

async function blobsOf(n: string): Promise<string[]> {
  const container = new ContainerClient(t.connectionString, EVIDENCE_CONTAINER);
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `${n}/` })) names.push(blob.name);
  return names;
}

async function expectProblem(res: Response, status: number, mentions?: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as { status: number; detail?: string };
  expect(problem.status).toBe(status);
  if (mentions) expect(JSON.stringify(problem)).toMatch(mentions);
}

/** Uploads `bytes` to a new ticket and expects the refusal `status`, with nothing stored or emailed. */
async function expectRefusedWithNothingStored(send: (n: string, token: string) => Promise<Response>, status: number, mentions?: RegExp): Promise<void> {
  const { n, token } = await submit();
  const history = await historyOf(n);
  const pending = await pendingEvents(t.connectionString, n);
  await expectProblem(await send(n, token), status, mentions);
  expect(await filesOf(n)).toEqual([]);
  expect(await blobsOf(n)).toEqual([]);
  expect(await historyOf(n)).toEqual(history);
  expect(await pendingEvents(t.connectionString, n)).toEqual(pending);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PCAP = Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]);

describe('adding and reading evidence files', () => {
  it("stores the reporter's file with its SHA-256, lists it to both sides, records it and emails the operators", async () => {
    const { n, token } = await submit();
    const bytes = Buffer.from('GET /../../etc/passwd HTTP/1.1\nHost: appliance\n\u00e9\n');
    const res = await upload(n, asReporter(token), bytes, 'request log.txt');
    expect(res.status).toBe(201);
    const file = (await res.json()) as FileJson;
    expect(file).toMatchObject({
      name: 'request log.txt',
      size: bytes.length,
      contentType: 'text/plain; charset=utf-8',
      sha256: sha256(bytes),
      scan: 'not-scanned',
      uploadedBy: 'reporter',
    });
    expect(res.headers.get('location')).toBe(`/api/tickets/${n}/attachments/${file.id}`);
    expect(await filesOf(n, asReporter(token))).toEqual([file]);
    expect(await filesOf(n)).toEqual([file]);
    expect(await blobsOf(n)).toEqual([`${n}/${file.id}`]);
    expect((await historyOf(n)).at(-1)).toMatchObject({ event: 'attachment-added', by: 'reporter' });
    expect(await pendingEvents(t.connectionString, n)).toContain('attachment-added');
  });

  it('hands the bytes out as an attachment with nosniff, the name in filename*, and the recorded digest', async () => {
    const { n, token } = await submit();
    const res = await uploadRaw(n, OPERATOR, PDF, `attachment; filename*=UTF-8''${encodeURIComponent('Bericht für Kunden "final".pdf')}`);
    expect(res.status).toBe(201);
    const file = (await res.json()) as FileJson;
    expect(file).toMatchObject({ contentType: 'application/pdf', uploadedBy: 'operator', name: 'Bericht für Kunden "final".pdf' });
    const download = await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: asReporter(token) });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; /);
    expect(disposition).toContain(`filename*=UTF-8''Bericht%20f%C3%BCr%20Kunden%20%22final%22.pdf`);
    expect(disposition).toContain('filename="Bericht f_r Kunden _final_.pdf"');
    expect(download.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256(PDF), 'hex').toString('base64')}:`);
    expect((await historyOf(n)).at(-1)).toMatchObject({ event: 'attachment-added', by: 'operator' });
  });

  it('takes the raw bytes with the name in Content-Disposition (filename* over filename), and decides the type by content', async () => {
    const { n, token } = await submit();
    const res = await uploadRaw(n, asReporter(token), PCAP, `attachment; filename="capture.txt"; filename*=UTF-8''Mitschnitt%20%E2%82%AC.pcap`);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: 'Mitschnitt €.pcap', contentType: 'application/vnd.tcpdump.pcap', sha256: sha256(PCAP) });
    const png = await uploadRaw(n, asReporter(token), PNG, 'attachment; filename="screenshot.pdf"');
    expect(await png.json()).toMatchObject({ name: 'screenshot.pdf', contentType: 'image/png' });
    const zip = await upload(n, asReporter(token), zipOf(Buffer.from('hello')), 'logs.zip');
    expect(await zip.json()).toMatchObject({ contentType: 'application/zip' });
    expect((await filesOf(n)).map((f) => f.contentType)).toEqual(['application/vnd.tcpdump.pcap', 'image/png', 'application/zip']);
  });

  it('stores a 10 MiB file exactly, streamed in blocks', async () => {
    const { n, token } = await submit();
    const bytes = Buffer.alloc(10 * MiB, 'a');
    const res = await upload(n, asReporter(token), bytes, 'big.log');
    expect(res.status).toBe(201);
    const file = (await res.json()) as FileJson;
    expect(file).toMatchObject({ size: 10 * MiB, sha256: sha256(bytes) });
    const download = await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: OPERATOR });
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(bytes));
  });

  it("answers another ticket's token, no token and an unknown file as the status route does", async () => {
    const mine = await submit();
    const other = await submit();
    const res = await upload(mine.n, OPERATOR, PDF, 'a.pdf');
    const file = (await res.json()) as FileJson;
    await expectProblem(await t.fetch(`/api/tickets/${mine.n}/attachments`, { headers: asReporter(other.token) }), 404);
    await expectProblem(await t.fetch(`/api/tickets/${mine.n}/attachments/${file.id}`, { headers: asReporter(other.token) }), 404);
    await expectProblem(await t.fetch(`/api/tickets/${mine.n}/attachments`), 401);
    await expectProblem(await t.fetch(`/api/tickets/${other.n}/attachments/${file.id}`, { headers: OPERATOR }), 404, /File not found/);
    await expectProblem(await t.fetch(`/api/tickets/${mine.n}/attachments/not-an-id`, { headers: OPERATOR }), 404);
  });
});

describe('refusing bad input with nothing stored', () => {
  it("refuses an upload to someone else's ticket with the status route's 404", async () => {
    const other = await submit();
    await expectRefusedWithNothingStored((n) => upload(n, asReporter(other.token), PDF, 'a.pdf'), 404, /Ticket not found/);
  });

  it('refuses a file over 10 MiB (413)', async () => {
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), Buffer.alloc(10 * MiB + 1, 'a'), 'big.log'), 413, /10 MiB/);
  });

  it('refuses a file whose body is over the limit before reading it, by its Content-Length (413)', async () => {
    await expectRefusedWithNothingStored(
      (n, token) => uploadRaw(n, asReporter(token), Buffer.alloc(10 * MiB + 70 * 1024, 'a'), 'attachment; filename="big.log"'),
      413,
    );
  });

  it('refuses an eleventh file (413) and a file beyond 50 MiB in all (413)', async () => {
    const { n, token } = await submit();
    for (let i = 0; i < 10; i++) expect((await upload(n, asReporter(token), Buffer.from(`line ${i}\n`), `f${i}.txt`)).status).toBe(201);
    await expectProblem(await upload(n, asReporter(token), Buffer.from('one more\n'), 'f10.txt'), 413, /at most 10 files/);
    expect(await filesOf(n)).toHaveLength(10);

    const full = await submit();
    for (let i = 0; i < 5; i++) expect((await upload(full.n, asReporter(full.token), Buffer.alloc(10 * MiB, 'b'), `big${i}.log`)).status).toBe(201);
    await expectProblem(await upload(full.n, asReporter(full.token), Buffer.from('x'), 'small.txt'), 413, /50 MiB/);
    expect(await filesOf(full.n)).toHaveLength(5);
    expect(await blobsOf(full.n)).toHaveLength(5);
  });

  it('refuses a type it does not take, whatever the name says (415)', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00', 'latin1');
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), gif, 'picture.png'), 415, /not accepted/);
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), elf, 'notes.txt'), 415);
    const textWithNul = Buffer.from('looks like text\u0000but is not');
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), textWithNul, 'notes.txt'), 415);
    const latin1 = Buffer.from('caf\xe9', 'latin1');
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), latin1, 'notes.txt'), 415);
  });

  it('refuses a name with path parts, control or direction characters, and an empty file (400)', async () => {
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), PDF, '../../etc/passwd'), 400, /path/);
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), PDF, 'C:\\Users\\ada\\report.pdf'), 400, /path/);
    await expectRefusedWithNothingStored((n, token) => uploadRaw(n, asReporter(token), PDF, "attachment; filename*=UTF-8''a%0Ab.pdf"), 400, /control/);
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), PDF, 'invoice\u202Efdp.exe'), 400, /direction/);
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), Buffer.alloc(0), 'empty.txt'), 400, /empty/);
    await expectRefusedWithNothingStored((n, token) => uploadRaw(n, asReporter(token), PDF, 'attachment'), 400, /filename/);
  });

  it('refuses a ZIP whose central directory lies about its sizes (422), without unpacking it', async () => {
    const content = Buffer.from('hello');
    await expectRefusedWithNothingStored(
      (n, token) => upload(n, asReporter(token), zipOf(content, { compressed: 5000 }), 'a.zip'),
      422,
      /larger than the archive/,
    );
    await expectRefusedWithNothingStored(
      (n, token) => upload(n, asReporter(token), zipOf(content, { uncompressed: 0xfffffffe }), 'bomb.zip'),
      422,
      /unpack to more than/,
    );
    await expectRefusedWithNothingStored((n, token) => upload(n, asReporter(token), zipOf(content).subarray(0, 40), 'cut.zip'), 422);
  });

  it('refuses a multipart body with another part than the file, or more than one file (400)', async () => {
    await expectRefusedWithNothingStored((n, token) => {
      const { body, contentType } = multipart(PDF, 'a.pdf', 'document');
      return t.fetch(`/api/tickets/${n}/attachments`, { method: 'POST', headers: { ...asReporter(token), 'content-type': contentType }, body });
    }, 400);
    await expectRefusedWithNothingStored(
      (n, token) => {
        const boundary = 'twofiles';
        const part = (name: string) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`;
        const body = `${part('a.txt')}${part('b.txt')}--${boundary}--\r\n`;
        return t.fetch(`/api/tickets/${n}/attachments`, {
          method: 'POST',
          headers: { ...asReporter(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
          body,
        });
      },
      400,
      /one file a request/i,
    );
  });

  it('refuses every multipart body of the expensive ones (a part header of 64 KiB makes the parser fail more than once) with 400, and keeps answering', async () => {
    for (const b of ADVERSARIAL_BODIES.filter((x) => x.contentType.startsWith('multipart/'))) {
      await expectRefusedWithNothingStored(
        (n, token) =>
          t.fetch(`/api/tickets/${n}/attachments`, {
            method: 'POST',
            headers: { ...asReporter(token), 'content-type': b.contentType },
            body: b.body as BodyInit,
          }),
        400,
      );
    }
    // An upload cut anywhere in its file or the boundary after it: 400, and no error left unheard on the part's stream.
    const { n, token } = await submit();
    const { body, contentType } = multipart(PDF, 'a.pdf');
    for (let cutOff = 10; cutOff <= 60; cutOff += 5) {
      const cut = await t.fetch(`/api/tickets/${n}/attachments`, {
        method: 'POST',
        headers: { ...asReporter(token), 'content-type': contentType },
        body: body.subarray(0, body.length - cutOff),
      });
      expect(cut.status, `cut ${cutOff} bytes before the end`).toBe(400);
    }
    expect(await filesOf(n)).toEqual([]);
    expect((await t.fetch('/api/health')).status).toBe(200);
  });
});
