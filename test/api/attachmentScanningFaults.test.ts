// Blob Storage not answering while a scanned file's verdict is read (EVIDENCE_MALWARE_SCANNING=
// defender, as in Azure), through a fault-injecting proxy in front of Azurite's Blob service: the
// status page and the file list still answer, the file stays withheld as not yet checked, and the
// log says why; once Blob Storage answers again, the verdict is read as ever.

import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { EVIDENCE_CONTAINER } from '../../src/composition';
import { connectionThrough, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { fileOnNewTicket } from '../support/evidence';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole } from './notifications.support';

const OPS_KEY = 'ops-key-for-scanning-fault-tests-0123456789';
const OPERATOR = { authorization: `Bearer ${OPS_KEY}` };
let t: TestHost;
let blobs: FaultProxy;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  output = captureConsole();
  const storage = await startTestStorage();
  blobs = await startFaultProxy({ host: storage.host, port: storage.ports.blob });
  const proxied = connectionThrough(storage, { blob: blobs });
  t = await startTestHost({
    env: {
      AzureWebJobsStorage: proxied,
      OPS_API_KEY: OPS_KEY,
      EVIDENCE_MALWARE_SCANNING: 'defender',
      EMAIL_OUTBOX_DIR: `/tmp/scanning-faults-outbox-${process.pid}`,
    },
    enableQueues: false,
  });
});
afterAll(async () => {
  await t?.stop();
  await blobs?.stop();
  output?.restore();
});

describe('a verdict that cannot be read', () => {
  it('leaves the file withheld and the pages answering, and is read once Blob Storage answers again', async () => {
    const { n, token, id } = await fileOnNewTicket(t, 'notes.txt');
    // Defender's verdict is on the blob, but Blob Storage does not answer when it is read.
    await new ContainerClient(t.connectionString, EVIDENCE_CONTAINER)
      .getBlobClient(`${n}/${id}`)
      .setTags({ 'Malware Scanning scan result': 'No threats found' });
    const readsTags = (method: string, path: string) => method === 'GET' && path.includes('comp=tags');

    blobs.failNext(6, readsTags, 503);
    const listed = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: Array<{ scan: string }> }).items.map((f) => f.scan)).toEqual(['pending']);
    const page = await t.fetch(`/api/tickets/${n}`, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('notes.txt');
    expect(output.lines.some((line) => line.includes('malware verdict not read') && line.includes(n))).toBe(true);

    expect(blobs.failed).toBe(6); // spent: each read tried three times
    const later = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
    expect(((await later.json()) as { items: Array<{ scan: string }> }).items.map((f) => f.scan)).toEqual(['clean']);
  });
});
