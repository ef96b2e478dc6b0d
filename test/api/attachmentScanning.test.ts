// Evidence files where a malware scanner runs (EVIDENCE_MALWARE_SCANNING=defender, as in Azure):
// each file is `pending` until the blob carries Defender for Storage's index tag, and is handed out
// only once the tag says it is clean (the console's download too, its page saying why). The tags
// are written here as Defender writes them, on Azurite. The host takes bodies up to the limit
// infra/main.bicep gives it, as in Azure.

import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_CONTAINER } from '../../src/composition';
import { MAX_UPLOAD_REQUEST_BYTES } from '../../src/http/evidenceRequests';
import { signInToConsole } from '../support/consoleSession';
import { fileOnNewTicket } from '../support/evidence';
import { startTestHost, type TestHost } from '../support/testHost';
import { visibleText } from '../web/support/visibleText';
import { captureConsole } from './notifications.support';

const OPS_KEY = 'ops-key-for-scanning-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
let t: TestHost;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  output = captureConsole();
  t = await startTestHost({
    env: {
      OPS_API_KEY: OPS_KEY,
      EVIDENCE_MALWARE_SCANNING: 'defender',
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(MAX_UPLOAD_REQUEST_BYTES),
      EMAIL_OUTBOX_DIR: `/tmp/scanning-outbox-${process.pid}`,
    },
    enableQueues: false,
  });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
});

/** Writes the verdict as Defender for Storage does: an index tag on the blob. */
async function scanned(n: string, id: string, result: string): Promise<void> {
  const blob = new ContainerClient(t.connectionString, EVIDENCE_CONTAINER).getBlobClient(`${n}/${id}`);
  await blob.setTags({ 'Malware Scanning scan result': result, 'Malware Scanning scan time UTC': new Date().toISOString() });
}

const download = (n: string, id: string) => t.fetch(`/api/tickets/${n}/attachments/${id}`, { headers: OPERATOR });
const scanOf = async (n: string) =>
  ((await (await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR })).json()) as { items: Array<{ scan: string }> }).items[0]?.scan;
const malwareAlerts = (n: string) =>
  output.lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { alert?: string; confirmationNumber?: string };
      return parsed.alert === 'MalwareDetected' && parsed.confirmationNumber === n ? [parsed] : [];
    } catch {
      return [];
    }
  });

describe('files while the scanner decides', () => {
  it('withholds a file while its scan has not finished (409 with Retry-After), and hands it out once it is clean', async () => {
    const { n, id, scan } = await fileOnNewTicket(t);
    expect(scan).toBe('pending');
    const early = await download(n, id);
    expect(early.status).toBe(409);
    expect(early.headers.get('retry-after')).toBe('30');
    expect(await early.text()).toContain('has not finished');
    await scanned(n, id, 'No threats found');
    expect(await scanOf(n)).toBe('clean');
    const later = await download(n, id);
    expect(later.status).toBe(200);
    expect(later.headers.get('content-disposition')).toMatch(/^attachment; /);
  });

  it('never hands out a malicious file (409), to either side, and raises MalwareDetected once', async () => {
    const { n, token, id } = await fileOnNewTicket(t);
    await scanned(n, id, 'Malicious');
    const refused = await download(n, id);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('malicious');
    expect((await t.fetch(`/api/tickets/${n}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(409);
    expect(await scanOf(n)).toBe('malicious');
    expect(malwareAlerts(n)).toEqual([expect.objectContaining({ alert: 'MalwareDetected', confirmationNumber: n, fileId: id, uploadedBy: 'reporter' })]);
  });

  it('keeps a file whose scan failed withheld, and says so in the log', async () => {
    const { n, id } = await fileOnNewTicket(t);
    await scanned(n, id, 'SAM259201: Scan failed - internal service error.');
    expect((await download(n, id)).status).toBe(409);
    expect(await scanOf(n)).toBe('pending');
    expect(output.lines.some((line) => line.includes('malware scan did not give a verdict') && line.includes(n))).toBe(true);
  });
});

describe("the host's body limit in Azure", () => {
  it('takes a 10 MiB file with a long name in a multipart body, and refuses a body beyond one file and its envelope', async () => {
    const { n, token } = await fileOnNewTicket(t);
    const name = `${'long name '.repeat(19)}.txt`;
    const boundary = 'azure-limit';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`);
    const body = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024, 'a'), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` };
    const res = await t.fetch(`/api/tickets/${n}/attachments`, { method: 'POST', headers, body });
    expect(res.status).toBe(201);
    const over = await t.fetch(`/api/tickets/${n}/attachments`, { method: 'POST', headers, body: Buffer.alloc(MAX_UPLOAD_REQUEST_BYTES + 1, 'a') });
    expect(over.status).toBe(413);
  });
});

describe('the console’s files while the scanner decides', () => {
  it('shows a pending and a malicious file without a link, and withholds them from the console’s download: the page says so (409)', async () => {
    const { cookie } = await signInToConsole(t, OPS_KEY);
    const page = { cookie, accept: 'text/html' };
    const { n, id } = await fileOnNewTicket(t);
    const consoleDownload = () => t.fetch(`/api/console/tickets/${n}/files/${id}`, { headers: page, redirect: 'manual' });

    const pending = await (await t.fetch(`/api/console/tickets/${n}`, { headers: page })).text();
    expect(visibleText(pending)).toContain('Being checked for malware; it can be downloaded once the check is done.');
    expect(pending).not.toContain(`/files/${id}"`);
    const early = await consoleDownload();
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toMatch(/^text\/html/);
    expect(early.headers.get('content-disposition')).toBeNull();
    expect(visibleText(await early.text())).toContain('The malware scan of this file has not finished');

    await scanned(n, id, 'Malicious');
    const withheld = await consoleDownload();
    expect(withheld.status).toBe(409);
    const html = await withheld.text();
    expect(visibleText(html)).toContain('The malware scan found this file malicious; it is never handed out.');
    expect(visibleText(html)).toContain('Withheld: the malware check found this file malicious, so it is never handed out.');
    expect(html).not.toContain('a sample the scanner is to judge');
    expect(html).not.toContain(`/files/${id}"`);
  });
});
