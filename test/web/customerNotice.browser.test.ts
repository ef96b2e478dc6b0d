// The customer notice on the status page in real headless Chromium against the app on the local
// host (real Azurite): the reporter's draft is version 1, an operator proposes version 2 by API,
// and the reporter, with JavaScript off and the keyboard alone, reads what changed and approves
// it; proposes a version of their own; and, with JavaScript on, does the same from the email's
// link. axe-core finds nothing serious, and no access code ever lands in a URL or a page (the
// forms' credential is the page's own token in the HttpOnly status cookie).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../support/testHost';
import { browserUnavailable, launchChromium, screenshot, seriousAxeViolations, tabTo, withNewPage } from './support/browser';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-notice-operator-key-4c8e2a7d19';
const OPERATOR = { authorization: `Bearer ${OPS_API_KEY}`, 'content-type': 'application/json' };

let t: TestHost;
let browser: Browser;
let scratch: string;

beforeAll(async () => {
  if (unavailable) return;
  scratch = mkdtempSync(path.join(os.tmpdir(), 'notice-browser-'));
  t = await startTestHost({ env: { OPS_API_KEY, EMAIL_OUTBOX_DIR: path.join(scratch, 'outbox') }, enableQueues: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function withPage<T>(options: BrowserContextOptions, use: (page: Page) => Promise<T>): Promise<T> {
  return withNewPage(browser, options, use);
}

async function ticketWithDraft(locale: 'de' | 'en', draft: string): Promise<{ confirmationNumber: string; accessToken: string; statusUrl: string }> {
  const res = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'incident',
      offerId: 'contoso-firewall',
      summary: 'Admin console reachable without login',
      description: 'Found by our own scan.',
      customerNotification: { requested: true, message: draft },
      reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale },
    }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function operatorProposes(n: string, text: string, basedOnVersion: number): Promise<void> {
  const res = await t.fetch(`/api/tickets/${n}/customer-notice`, { method: 'PUT', headers: OPERATOR, body: JSON.stringify({ text, basedOnVersion }) });
  expect(res.status).toBe(200);
}

async function noticeOf(n: string): Promise<{ status: string; version: number; text: string; proposedBy: string; approvedBy?: string }> {
  return (await t.fetch(`/api/tickets/${n}/customer-notice`, { headers: OPERATOR })).json();
}

function requestsOf(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

/** Opens the status page without JavaScript: the page asks for the access code, typed and sent with the keyboard. */
async function openWithCode(page: Page, n: string, accessToken: string): Promise<void> {
  await page.goto(`${t.url}/api/tickets/${n}`);
  await tabTo(page, '#f-token');
  await page.keyboard.type(accessToken);
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
  await page.waitForSelector('#customer-notice');
}

describe.skipIf(unavailable)('the customer notice on the status page in Chromium', { timeout: 60_000 }, () => {
  it('without JavaScript, keyboard only, in German: the reporter reads what the team changed and approves version 2', async () => {
    const { confirmationNumber: n, accessToken } = await ticketWithDraft('de', 'Bitte aktualisieren Sie die Firewall bald.');
    await operatorProposes(n, 'Bitte aktualisieren Sie die Firewall noch heute auf Version 4.2.', 1);

    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      const requests = requestsOf(page);
      await openWithCode(page, n, accessToken);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('#notice-title')).toBe('Mitteilung an die Kunden');
      expect(await page.textContent('#notice-state')).toContain('Fassung 2, die das Team am');
      expect(await page.textContent('#notice-current')).toBe('Bitte aktualisieren Sie die Firewall noch heute auf Version 4.2.');

      // The comparison: removed words struck through, added underlined, and named in words too.
      expect(await page.textContent('#notice-compare-title')).toBe('Was sich von Fassung 1 zu Fassung 2 geändert hat');
      expect(await page.locator('#notice-comparison del').allTextContents()).toEqual(['Entfernt: bald Ende der Entfernung.']);
      expect(await page.locator('#notice-comparison ins').allTextContents()).toEqual([
        'Hinzugefügt: noch heute auf Version 4 Ende der Ergänzung.',
        'Hinzugefügt: 2. Ende der Ergänzung.',
      ]);
      const marks = await page.evaluate(() => {
        const del = document.querySelector('#notice-comparison del') as HTMLElement;
        const ins = document.querySelector('#notice-comparison ins') as HTMLElement;
        return [getComputedStyle(del).textDecorationLine, getComputedStyle(ins).textDecorationLine];
      });
      expect(marks).toEqual(['line-through', 'underline']);
      await screenshot(page, 'customer-notice-de-nojs');

      await tabTo(page, '#notice-approve');
      expect(await page.textContent('#notice-approve')).toBe('Fassung 2 freigeben');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#notice-feedback');
      expect(await page.textContent('#notice-feedback')).toBe('Sie haben Fassung 2 freigegeben. Das Team ist informiert.');
      expect(await page.textContent('#notice-state')).toContain('Abgestimmt: Sie haben die Fassung 2 des Teams am');
      expect(await page.locator('#notice-approve').count()).toBe(0);

      // The access code was typed once; it is in no URL and in no page the server answered.
      expect(requests.map((r) => r.url()).filter((url) => url.includes(accessToken) || /token=/.test(url))).toEqual([]);
      expect(await page.content()).not.toContain(accessToken);
    });
    expect(await noticeOf(n)).toMatchObject({ status: 'approved', version: 2, proposedBy: 'operator', approvedBy: 'reporter' });
  });

  it('without JavaScript, in English: a proposal of the reporter’s own, a stale one kept in the field, and an empty one refused beside it', async () => {
    const { confirmationNumber: n, accessToken } = await ticketWithDraft('en', 'Please update soon.');
    await withPage({ locale: 'en-GB', javaScriptEnabled: false }, async (page) => {
      await openWithCode(page, n, accessToken);
      expect(await page.textContent('#notice-state')).toContain('Version 1, which you proposed on');
      expect(await page.locator('#notice-approve').count()).toBe(0); // their own version is the team's to approve
      expect(await page.inputValue('#f-notice-text')).toBe('Please update soon.');

      await tabTo(page, '#f-notice-text');
      await page.keyboard.press('End');
      await page.keyboard.type(' <b>Today</b>, please.');
      await tabTo(page, '#notice-propose');
      expect(await page.textContent('#notice-propose')).toBe('Propose as version 2');

      // Meanwhile the team proposes version 2: the reporter's proposal is refused, their text kept.
      await operatorProposes(n, 'Please update today.', 1);
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#notice-feedback');
      expect(await page.textContent('#notice-feedback')).toContain('While you were writing, version 2 was proposed. Nothing of yours is lost');
      expect(await page.inputValue('#f-notice-text')).toBe('Please update soon. <b>Today</b>, please.');
      expect(await page.textContent('#notice-current')).toBe('Please update today.');

      // Sent again on top of version 2, it is version 3; its markup is shown as text.
      await tabTo(page, '#notice-propose');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#notice-feedback');
      expect(await page.textContent('#notice-feedback')).toBe('Your version 3 is saved. The team has been told and will approve it or propose changes.');
      expect(await page.textContent('#notice-current')).toBe('Please update soon. <b>Today</b>, please.');
      expect(await page.locator('#notice-current b').count()).toBe(0);

      // An empty text: refused beside the field.
      await page.fill('#f-notice-text', '');
      await page.evaluate(() => document.getElementById('f-notice-text')?.removeAttribute('required')); // as a browser without validation would send it
      await tabTo(page, '#notice-propose');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#f-notice-text-error');
      expect(await page.textContent('#f-notice-text-error')).toBe('Please write the text of the notice.');
      expect(await page.getAttribute('#f-notice-text', 'aria-invalid')).toBe('true');
    });
    expect(await noticeOf(n)).toMatchObject({ status: 'proposed', version: 3, proposedBy: 'reporter' });
  });

  it('with JavaScript, from the email’s #token= link: approve works from the page shown in place', async () => {
    const { confirmationNumber: n, statusUrl, accessToken } = await ticketWithDraft('en', 'Please update soon.');
    await operatorProposes(n, 'Please update today.', 1);
    await withPage({ locale: 'en-GB' }, async (page) => {
      const requests = requestsOf(page);
      await page.goto(statusUrl.replace(/^https?:\/\/[^/]+/, t.url));
      await page.waitForSelector('#customer-notice');
      await tabTo(page, '#notice-approve');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#notice-feedback');
      expect(await page.textContent('#notice-feedback')).toBe('You approved version 2. The team has been told.');
      expect(requests.map((r) => r.url()).filter((url) => url.includes(accessToken))).toEqual([]);
    });
    expect(await noticeOf(n)).toMatchObject({ status: 'approved', approvedBy: 'reporter' });
  });

  it('is clean for axe, in German and English, with a comparison and the forms', async () => {
    for (const [locale, browserLocale] of [
      ['de', 'de-DE'],
      ['en', 'en-GB'],
    ] as const) {
      const { confirmationNumber: n, accessToken } = await ticketWithDraft(locale, 'First line.\nSecond line.');
      await operatorProposes(n, 'First line, changed.\nSecond line.\nThird line.', 1);
      // axe runs as a script: this page has JavaScript (its forms are the same plain forms).
      await withPage({ locale: browserLocale, bypassCSP: true }, async (page) => {
        await openWithCode(page, n, accessToken);
        await page
          .locator('#customer-notice details')
          .first()
          .evaluate((d) => d.setAttribute('open', ''));
        expect(await seriousAxeViolations(page)).toEqual([]);
      });
    }
  });
});
