// The ticket's files in the operators' console in real headless Chromium against the app on the
// local host (real Azurite): an operator uploads a text file through the ticket page's form, the
// page says so and lists it, the download link saves it with its bytes, a refused file is told on
// the page (nothing stored), and the page with its files is axe clean in English and German.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { indexNow } from '../support/indexing';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, seriousAxeViolations } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-console-files-key-7d1f0b'; // a test's own key
const OPERATOR = { authorization: `Bearer ${OPS_API_KEY}` };
const TEXT = 'Port 8443 answers with the debug console.\n';

let t: TestHost;
let web: WebTestHost | undefined;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-console-files-', { OPS_API_KEY }, { enableQueues: false });
  ({ t } = web);
});
afterAll(async () => web?.stop());

async function submit(): Promise<string> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
  expect(res.status).toBe(201);
  const { confirmationNumber: n } = (await res.json()) as { confirmationNumber: string };
  await indexNow(t.connectionString, n);
  return n;
}

async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${t.url}${path}`);
  expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');
  await page.fill('#f-key', OPS_API_KEY);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/api/console/sign-in'), page.click('#sign-in-form button[type="submit"]')]);
  await page.locator('#signed-in-as').waitFor();
}

/** Sends the upload form with `name` and `bytes`; the post's status (added: 303 to the page). */
async function uploadFile(page: Page, name: string, bytes: string): Promise<number> {
  await page.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/files'));
  await page.click('#file-upload button[type="submit"]');
  const status = (await answer).status();
  await page.waitForLoadState();
  return status;
}

describe.skipIf(unavailable)('the files on the console’s ticket page', { timeout: 120_000 }, () => {
  it('uploads a text file and downloads it; a refused file is told on the page; axe clean in English and German', async () => {
    const n = await submit();
    await web!.withPage({ locale: 'en-GB', acceptDownloads: true, bypassCSP: true }, async (page) => {
      await signIn(page, `/api/console/tickets/${n}`);
      expect(await page.textContent('#files-empty')).toBe('No files yet.');
      expect(await uploadFile(page, 'findings.txt', TEXT)).toBe(303);
      expect(await page.textContent('#files-done')).toBe('The file is added.');
      const item = page.locator('#file-list .evidence-file');
      expect(await item.count()).toBe(1);
      expect(await item.locator('.file-scan').textContent()).toBe('Not checked: this installation does not scan files for malware.');

      const [download] = await Promise.all([page.waitForEvent('download'), item.locator('a[download]').click()]);
      expect(download.suggestedFilename()).toBe('findings.txt');
      expect(await readFile((await download.path())!, 'utf8')).toBe(TEXT);

      expect(await uploadFile(page, 'picture.png', 'GIF89a\u0001\u0000\u0001\u0000')).toBe(415);
      expect(await page.textContent('#files-refused')).toContain('The file was not stored: its content is not text, PDF, PNG, JPEG, ZIP or pcap.');
      const listed = await t.fetch(`/api/tickets/${n}/attachments`, { headers: OPERATOR });
      expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);
      expect(await seriousAxeViolations(page), 'en refused').toEqual([]);
      await page.goto(`${t.url}/api/console/tickets/${n}`);
      expect(await seriousAxeViolations(page), 'en with files').toEqual([]);
    });
    await web!.withPage({ locale: 'de-DE', bypassCSP: true }, async (page) => {
      await signIn(page, `/api/console/tickets/${n}`);
      expect(await page.textContent('#files-title')).toBe('Dateien');
      expect(await seriousAxeViolations(page), 'de with files').toEqual([]);
    });
  });
});
