// Evidence files in real headless Chromium against the real app on the local host (real Azurite):
// without JavaScript, sent with the report in its one post (both listed on the status page and
// downloaded with the token, refused without it; a report with a refused file not sent) and from
// the status page's plain form after it (a refusal shown in the page's language); with JavaScript,
// chosen on the form and sent once the ticket exists, the confirmation saying which arrived and
// which were refused, in German and English. Keyboard only where a person would use it, and axe clean.

import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import { ticketCount } from '../support/evidence';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, focusedId, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-test-operator-key-evidence-7c2e';

let web: WebTestHost;
let t: TestHost;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-evidence-test-', { OPS_API_KEY });
  ({ t } = web);
});

afterAll(async () => {
  await web?.stop();
});

const LOG = { name: 'access <log>.txt', mimeType: 'text/plain', buffer: Buffer.from('GET /admin?cmd=id HTTP/1.1\nHost: contoso.example\n') };
const PDF = { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };
const NOTES = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('The console answered on port 8443.\n') };
// A Windows executable named as a picture: the type is read from the content.
const EXE = { name: 'screenshot.png', mimeType: 'image/png', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]) };

async function fillIncident(page: Page): Promise<void> {
  await page.check('#f-category-incident');
  await page.fill('#f-offerId', 'contoso-firewall');
  await page.fill('#f-summary', 'Evidence files with the report');
  await page.fill('#f-description', 'Commands run from the admin console; the log and a report are attached.');
  await page.fill('#f-reporter-name', 'Ada Lovelace');
  await page.fill('#f-reporter-email', 'ada@contoso.example');
}

async function filesOf(n: string): Promise<Array<{ id: string; name: string; size: number }>> {
  const response = await t.fetch(`/api/tickets/${n}/attachments`, { headers: { Authorization: `Bearer ${OPS_API_KEY}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; name: string; size: number }> }).items;
}

/** Chooses `file` in the status page's upload form and sends it with the keyboard, as a person without a mouse would. */
async function uploadFromPage(page: Page, file: typeof LOG): Promise<void> {
  await page.setInputFiles('#upload-file', file);
  await tabTo(page, '#upload-form button[type="submit"]');
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.locator('#files-feedback').waitFor();
}

describe.skipIf(unavailable)('evidence files in Chromium', { timeout: 90_000 }, () => {
  it('without JavaScript: two files sent with the report, listed on the status page, downloaded with the token and refused without it; more added there; a wrong type refused', async () => {
    await withNoScript('en-GB', async (page) => {
      await page.goto(`${t.url}/`);
      expect(await page.isVisible('#f-evidence')).toBe(true);
      expect(await page.textContent('#evidence-no-script')).toBe(
        'Sent with the report, the files may have at most 10 MiB in all; you can add more (up to 10 files and 50 MiB) on the status page afterwards.',
      );
      await fillIncident(page);
      await page.setInputFiles('#f-evidence', [LOG, PDF]);
      await Promise.all([page.waitForURL(/\/api\/tickets\/SE-[A-Z0-9-]+\?submitted=1/), page.click('#submit-button')]);
      const n = new URL(page.url()).pathname.split('/').pop()!;
      expect(await page.textContent('#files-title')).toBe('Files');
      expect(await page.locator('#file-list .file-name').allTextContents()).toEqual(['access <log>.txt', 'report.pdf']);
      expect(await page.locator('#file-list log').count()).toBe(0);
      expect(await page.locator('#file-list .file-scan').first().textContent()).toBe('Not checked: this installation does not scan files for malware.');

      // The ticket's token (the page's cookie holds it) downloads both; without it, or with another, nothing.
      const cookie = (await page.context().cookies()).find((c) => c.path === `/api/tickets/${n}`)!;
      const token = decodeURIComponent(cookie.value);
      for (const file of await filesOf(n)) {
        const withToken = await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: { Authorization: `Bearer ${token}` } });
        expect(withToken.status).toBe(200);
        expect(withToken.headers.get('content-disposition')).toMatch(/^attachment; /);
        expect(Buffer.from(await withToken.arrayBuffer())).toEqual(file.name === 'report.pdf' ? PDF.buffer : LOG.buffer);
        expect((await t.fetch(`/api/tickets/${n}/attachments/${file.id}`)).status).toBe(401);
        expect((await t.fetch(`/api/tickets/${n}/attachments/${file.id}`, { headers: { Authorization: 'Bearer someone-elses-token' } })).status).toBe(404);
      }

      await uploadFromPage(page, NOTES);
      expect(await page.textContent('#files-feedback')).toBe('The file “notes.txt” has been added.');
      await uploadFromPage(page, EXE);
      expect(await page.textContent('#files-feedback')).toBe('The file was not stored: its content is not text, PDF, PNG, JPEG, ZIP or pcap.');
      expect(await page.getAttribute('#upload-file', 'aria-invalid')).toBe('true');
      expect((await filesOf(n)).map((f) => f.name)).toEqual(['access <log>.txt', 'report.pdf', 'notes.txt']);
      await screenshot(page, 'evidence-nojs-en');

      // A plain link downloads it with the page's cookie, as an attachment.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#file-list a.file-name >> text=report.pdf')]);
      expect(download.suggestedFilename()).toBe('report.pdf');
      expect(await readFile((await download.path())!)).toEqual(PDF.buffer);
      expect(await axeOfMarkup(await page.content())).toEqual([]);
    });
  });

  it('without JavaScript: a report with a file of a refused type is not sent; the page names the file, and nothing is stored', async () => {
    await withNoScript('en-GB', async (page) => {
      await page.goto(`${t.url}/`);
      await fillIncident(page);
      await page.fill('#f-summary', 'A report whose screenshot is an executable');
      await page.setInputFiles('#f-evidence', [LOG, EXE]);
      const before = await ticketCount(t.connectionString);
      await page.click('#submit-button');
      await page.locator('#problem-title').waitFor();
      expect(await page.textContent('#problem-title')).toBe('Unsupported file type');
      expect(await page.textContent('.problem-list')).toContain(
        'The file “screenshot.png” cannot go with the report: its content is not text, PDF, PNG, JPEG, ZIP or pcap.',
      );
      expect(await ticketCount(t.connectionString)).toBe(before);
      expect(await axeOfMarkup(await page.content())).toEqual([]);
    });
  });

  it('without JavaScript in German: the page speaks German, and an empty file is refused in German', async () => {
    await withNoScript('de-DE', async (page) => {
      await page.goto(`${t.url}/de.html`);
      expect(await page.textContent('#evidence-no-script')).toContain('Mit der Meldung gesendet, dürfen die Dateien zusammen höchstens 10 MiB groß sein');
      await fillIncident(page);
      await Promise.all([page.waitForURL(/\/api\/tickets\/SE-[A-Z0-9-]+\?submitted=1/), page.click('#submit-button')]);
      expect(await page.textContent('#files-title')).toBe('Dateien');
      await uploadFromPage(page, { name: 'leer.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
      expect(await page.textContent('#files-feedback')).toBe('Die Datei wurde nicht gespeichert: Sie ist leer.');
      await uploadFromPage(page, LOG);
      expect(await page.textContent('#files-feedback')).toBe('Die Datei „access <log>.txt“ wurde hinzugefügt.');
      expect(await page.locator('#file-list .file-scan').first().textContent()).toBe('Nicht geprüft: Diese Installation prüft Dateien nicht auf Malware.');
      await screenshot(page, 'evidence-nojs-de');
      expect(await axeOfMarkup(await page.content())).toEqual([]);
    });
  });

  it('with JavaScript on the status page from the email’s link: the upload form is the same plain post, and the file downloads with the page’s cookie', async () => {
    const response = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission()) });
    const created = (await response.json()) as { confirmationNumber: string; statusUrl: string };
    await web.withPage({ locale: 'en-GB', acceptDownloads: true, bypassCSP: true }, async (page) => {
      await page.goto(web.onHost(created.statusUrl));
      await page.locator('#upload-form').waitFor();
      await uploadFromPage(page, PDF);
      expect(await page.textContent('#files-feedback')).toBe('The file “report.pdf” has been added.');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#file-list a.file-name')]);
      expect(await readFile((await download.path())!)).toEqual(PDF.buffer);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
    expect((await filesOf(created.confirmationNumber)).map((f) => f.name)).toEqual(['report.pdf']);
  });

  it('with JavaScript: two files chosen on the form, sent after the ticket; the confirmation names the one that arrived and the one refused and why, in English and German', async () => {
    await web.withPage({ locale: 'en-GB', bypassCSP: true }, async (page) => {
      await page.goto(`${t.url}/`);
      expect(await page.isVisible('#evidence-no-script')).toBe(false);
      expect(await page.textContent('label[for="f-evidence"]')).toBe('Files (optional)');
      await fillIncident(page);
      await tabTo(page, '#f-evidence');
      expect(await focusedId(page)).toBe('f-evidence');
      await page.setInputFiles('#f-evidence', [LOG, EXE]);
      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const created = (await (await answer).json()) as { confirmationNumber: string };
      await page.locator('#confirm-files-refused').waitFor({ state: 'visible' });
      expect(await page.locator('#confirm-files-arrived-list li').allTextContents()).toEqual(['access <log>.txt']);
      expect(await page.locator('#confirm-files-refused-list li').allTextContents()).toEqual([
        'screenshot.png: its content is not text, PDF, PNG, JPEG, ZIP or pcap.',
      ]);
      expect(await page.textContent('#confirm-files-progress')).toBe('');
      expect((await filesOf(created.confirmationNumber)).map((f) => f.name)).toEqual(['access <log>.txt']);
      await screenshot(page, 'evidence-js-en');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.click('#lang-switch');
      expect(await page.textContent('#confirm-files-arrived p')).toBe('Empfangene Dateien:');
      expect(await page.locator('#confirm-files-refused-list li').allTextContents()).toEqual([
        'screenshot.png: Ihr Inhalt ist weder Text noch PDF, PNG, JPEG, ZIP oder pcap.',
      ]);
    });
  });

  it('with JavaScript on the German form: the files are named in German, and an empty one is not sent at all', async () => {
    await web.withPage({ locale: 'de-DE', bypassCSP: true }, async (page) => {
      const uploads: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/attachments')) uploads.push(request.url());
      });
      await page.goto(`${t.url}/de.html`);
      expect(await page.textContent('label[for="f-evidence"]')).toBe('Dateien (optional)');
      await fillIncident(page);
      await page.setInputFiles('#f-evidence', [PDF, { name: 'leer.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) }]);
      await page.click('#submit-button');
      await page.locator('#confirm-files-refused').waitFor({ state: 'visible' });
      expect(await page.textContent('#confirm-files-arrived p')).toBe('Empfangene Dateien:');
      expect(await page.locator('#confirm-files-arrived-list li').allTextContents()).toEqual(['report.pdf']);
      expect(await page.locator('#confirm-files-refused-list li').allTextContents()).toEqual(['leer.txt: Sie ist leer.']);
      expect(uploads).toHaveLength(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});

// axe runs in the page, which a context without JavaScript does not allow: the markup such a
// reader got is checked in a context with it, on the same origin.
async function axeOfMarkup(html: string): Promise<unknown[]> {
  return web.withPage({ bypassCSP: true }, async (page) => {
    await page.goto(`${t.url}/`);
    await page.setContent(html);
    return seriousAxeViolations(page);
  });
}

function withNoScript(locale: string, use: (page: Page) => Promise<void>): Promise<void> {
  return web.withPage({ locale, javaScriptEnabled: false, acceptDownloads: true, bypassCSP: true }, use);
}
