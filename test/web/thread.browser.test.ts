// The status page's thread in real headless Chromium against the real app on the local host (real
// Azurite): the reporter reads what is asked and answers, with the keyboard alone, with JavaScript
// off and on, in German and English; a refused answer keeps its text and says why at the field.

import type { BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import type { TestHost } from '../support/testHost';
import { autofocusedId, browserUnavailable, focusedId, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-thread-operator-key-5c2e8a'; // a test's own key
const QUESTION = 'Which firmware runs on the appliance? <b>bold?</b> & "quotes"';

let t: TestHost;
let web: WebTestHost | undefined;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-thread-', { OPS_API_KEY });
  ({ t } = web);
});
afterAll(async () => web?.stop());

const withPage = <T>(options: BrowserContextOptions, use: (page: Page) => Promise<T>): Promise<T> => web!.withPage(options, use);

function ops(pathname: string, body: unknown): Promise<Response> {
  return t.fetch(pathname, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPS_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A ticket acknowledged and asked a question, in the reporter's language. */
async function askedTicket(locale: 'de' | 'en'): Promise<{ n: string; token: string }> {
  const res = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aSubmission({ description: 'Found by our own scan.', reporter: { locale } })),
  });
  expect(res.status).toBe(201);
  const { confirmationNumber: n, accessToken: token } = (await res.json()) as { confirmationNumber: string; accessToken: string };
  expect((await ops(`/api/tickets/${n}/acknowledge`, { priority: 'p2', severity: 'high' })).status).toBe(200);
  expect((await ops(`/api/tickets/${n}/messages`, { body: QUESTION, kind: 'information-request' })).status).toBe(201);
  return { n, token };
}

async function statusOf(n: string): Promise<string> {
  const res = await t.fetch(`/api/tickets/${n}`, { headers: { authorization: `Bearer ${OPS_API_KEY}` } });
  return ((await res.json()) as { status: string }).status;
}

/** Opens the page without JavaScript as its reporter does: the page asks for the code, which is typed in. */
async function openWithoutScript(page: Page, n: string, token: string): Promise<void> {
  await page.goto(`${t.url}/api/tickets/${n}`);
  await page.fill('#f-token', token);
  await page.click('#token-form button[type="submit"]');
  await page.locator('#ticket-status').waitFor();
}

function urlsCarrying(requests: Request[], secret: string): string[] {
  return requests.map((r) => r.url()).filter((url) => url.includes(secret));
}

describe.skipIf(unavailable)('answering a question on the status page', { timeout: 60_000 }, () => {
  it('without JavaScript, in German, with the keyboard alone: the question, the answer, and the ticket back in the investigation', async () => {
    const { n, token } = await askedTicket('de');
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await openWithoutScript(page, n, token);
      expect(await page.textContent('#ticket-status')).toBe('Wartet auf Ihre Antwort');
      expect(await page.textContent('#question-title')).toBe('Was wir von Ihnen brauchen');
      expect(await page.textContent('#question-text')).toBe(QUESTION); // shown as text, not markup
      expect(await page.locator('#question b').count()).toBe(0);
      expect(await page.textContent('#reply-title')).toBe('Ihre Antwort');
      expect(await page.textContent('label[for="reply-body"]')).toBe('Ihre Nachricht');

      // The page holds no code: its form posts with the page's own token in the status cookie and its CSRF field.
      expect(await page.locator('#reply-token').count()).toBe(0);
      expect(await page.locator('#reply-form input[type="hidden"][name="csrf"]').count()).toBe(1);
      expect(await page.content()).not.toContain(token);
      await tabTo(page, '#reply-body', 60);
      await page.keyboard.type('Firmware 4.2.1 <i>und</i> & „mehr“.');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Nachricht senden');
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/messages'));
      await page.keyboard.press('Enter');
      expect((await answered).status()).toBe(200);
      await page.locator('#message-list .message.from-reporter').waitFor();

      expect(await page.textContent('#reply-status')).toBe('Ihre Nachricht wurde gesendet.');
      expect(await page.textContent('#ticket-status')).toBe('In Untersuchung');
      expect(await page.locator('#question').count()).toBe(0);
      const messages = page.locator('#message-list .message');
      expect(await messages.count()).toBe(2);
      expect(await messages.nth(0).locator('.message-author').textContent()).toBe('Security-Response-Team');
      expect(await messages.nth(1).locator('.message-author').textContent()).toBe('Sie');
      expect(await messages.nth(1).locator('.message-body').textContent()).toBe('Firmware 4.2.1 <i>und</i> & „mehr“.');
      expect(await page.locator('#message-list i').count()).toBe(0);
      expect(urlsCarrying(requests, token)).toEqual([]);
      await screenshot(page, 'thread-answered-no-js-de');
    });
    expect(await statusOf(n)).toBe('investigating');
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('without JavaScript: a blank answer comes back with its error at the field, the text kept and the focus on it; nothing is stored', async () => {
    const { n, token } = await askedTicket('en');
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      await openWithoutScript(page, n, token);
      await page.fill('#reply-body', '    ');
      const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/messages'));
      await page.click('#reply-form button[type="submit"]');
      expect((await response).status()).toBe(400);
      await page.locator('#reply-body-error').waitFor();
      expect(await page.textContent('#reply-body-error')).toBe('Your message contains only spaces; please write some text.');
      expect(await page.getAttribute('#reply-body', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#reply-body', 'aria-describedby')).toBe('reply-body-hint reply-body-error');
      expect(await page.inputValue('#reply-body')).toBe('    ');
      expect(await autofocusedId(page, 'reply-body')).toBe('reply-body');
      await screenshot(page, 'thread-refused-no-js-en');
    });
    expect(await statusOf(n)).toBe('awaiting-reporter');
  });

  it('without JavaScript, once the page’s cookie is gone: the reply comes back asking for the code with the text kept, and a wrong code says so at the code', async () => {
    const { n, token } = await askedTicket('en');
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await openWithoutScript(page, n, token);
      await page.fill('#reply-body', 'My answer, kept.');
      await page.context().clearCookies(); // the cookie expired while the page was open
      const missing = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/messages'));
      await page.click('#reply-form button[type="submit"]');
      expect((await missing).status()).toBe(400);
      await page.locator('#reply-token-error').waitFor();
      expect(await page.textContent('#reply-token-error')).toContain('Please enter the access code');
      expect(await page.inputValue('#reply-body')).toBe('My answer, kept.');
      expect(await autofocusedId(page, 'reply-token')).toBe('reply-token');
      expect(await page.locator('#ticket-status').count()).toBe(0); // nothing of the ticket without its code
      await page.fill('#reply-token', 'not-the-code');
      const wrong = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/messages'));
      await page.click('#reply-form button[type="submit"]');
      expect((await wrong).status()).toBe(404);
      await page.locator('#reply-token-error').waitFor();
      expect(await page.textContent('#reply-token-error')).toContain('does not open this report');
      expect(await page.getAttribute('#reply-token', 'aria-invalid')).toBe('true');
      expect(await page.inputValue('#reply-body')).toBe('My answer, kept.');
      expect(await autofocusedId(page, 'reply-token')).toBe('reply-token');
      expect(await page.locator('#ticket-status').count()).toBe(0); // nothing of the ticket without its code
      await page.fill('#reply-token', token);
      const right = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/messages'));
      await page.click('#reply-form button[type="submit"]');
      expect((await right).status()).toBe(200);
      await page.locator('#message-list .message.from-reporter').waitFor();
      expect(await page.textContent('#message-list .message.from-reporter .message-body')).toBe('My answer, kept.');
      expect(urlsCarrying(requests, token)).toEqual([]);
    });
    expect(await statusOf(n)).toBe('investigating');
  });

  it('with JavaScript, in English: the emailed link, the answer sent in place, the focus on the line that says so', async () => {
    const { n, token } = await askedTicket('en');
    await withPage({ locale: 'en-US' }, async (page) => {
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await page.goto(`${t.url}/api/tickets/${n}#token=${token}`);
      await page.locator('#question-text').waitFor();
      expect(await page.textContent('#ticket-status')).toBe('Waiting for your answer');
      expect(await page.textContent('#question-text')).toBe(QUESTION);
      expect(await page.isVisible('#reply-token')).toBe(false); // the script sends the token it holds
      await tabTo(page, '#reply-body', 60);
      await page.keyboard.type('Firmware 4.2.1.\nSecond line.');
      await tabTo(page, '#reply-form button[type="submit"]', 60);
      await page.keyboard.press('Enter');
      await page.locator('#message-list .message.from-reporter').waitFor();
      expect(await page.textContent('#reply-status')).toBe('Your message has been sent.');
      expect(await focusedId(page)).toBe('reply-status');
      expect(await page.textContent('#ticket-status')).toBe('Under investigation');
      expect(await page.textContent('#message-list .message.from-reporter .message-body')).toBe('Firmware 4.2.1.\nSecond line.');
      expect(page.url()).toBe(`${t.url}/api/tickets/${n}`);
      expect(urlsCarrying(requests, token)).toEqual([]);
      await screenshot(page, 'thread-answered-js-en');
    });
    expect(await statusOf(n)).toBe('investigating');
  });

  it('with JavaScript: a refused answer says why at the field and keeps the focus there', async () => {
    const { n, token } = await askedTicket('de');
    await withPage({ locale: 'de-DE' }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${n}#token=${token}`);
      await page.locator('#reply-body').waitFor();
      await page.fill('#reply-body', ' \n ');
      await page.click('#reply-form button[type="submit"]');
      await page.locator('#reply-body-error').waitFor();
      expect(await page.textContent('#reply-body-error')).toBe('Ihre Nachricht enthält nur Leerzeichen; bitte schreiben Sie Text.');
      expect(await autofocusedId(page, 'reply-body')).toBe('reply-body');
    });
    expect(await statusOf(n)).toBe('awaiting-reporter');
  });

  it('offers no form on a resolved ticket, and says so', async () => {
    const { n, token } = await askedTicket('en');
    await ops(`/api/tickets/${n}/status`, { status: 'investigating' });
    await ops(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'no-action' });
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      await openWithoutScript(page, n, token);
      expect(await page.locator('#reply-form').count()).toBe(0);
      expect(await page.textContent('#reply-closed')).toContain('resolved');
      expect(await page.locator('#message-list .message').count()).toBe(1);
    });
  });
});

describe.skipIf(unavailable)('axe-core on the thread', { timeout: 60_000 }, () => {
  it('finds no serious or critical violation with a question, after an answer, and with a refused answer', async () => {
    const { n, token } = await askedTicket('de');
    await withPage({ locale: 'de-DE', bypassCSP: true }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${n}#token=${token}`);
      await page.locator('#question-text').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#reply-body', '   ');
      await page.click('#reply-form button[type="submit"]');
      await page.locator('#reply-body-error').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#reply-body', 'Firmware 4.2.1.');
      await page.click('#reply-form button[type="submit"]');
      await page.locator('#message-list .message.from-reporter').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  it('finds none on the reply form opened by the typed code, and on the form that asks for the code again', async () => {
    const { n, token } = await askedTicket('en');
    await withPage({ locale: 'en-US', bypassCSP: true }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${n}`);
      await page.fill('#f-token', token);
      await page.click('#token-form button[type="submit"]');
      await page.locator('#reply-body').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#reply-body', 'An answer.');
      await page.context().clearCookies(); // the cookie expired while the page was open
      await page.click('#reply-form button[type="submit"]');
      await page.locator('#reply-token').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#reply-token', 'not-the-code');
      await page.click('#reply-form button[type="submit"]');
      await page.locator('#reply-token-error').waitFor();
      expect(await autofocusedId(page, 'reply-token')).toBe('reply-token');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
