// The operators' console in real headless Chromium against the app on the local host (real
// Azurite): the queue's order and its filters and find box, a ticket triaged from submitted to
// resolved without leaving the browser, two operators acting at once, the SLA record, German and
// English, the keyboard alone, axe, 390 px, a forged or missing session and a forged CSRF token
// (nothing changed), and the script's refresh that shows a new ticket without a reload.
//
// The services run on a clock of the test's own (TEST_ENTRY), anchored on a Wednesday and running
// with real time: a ticket submitted "a week ago" is overdue, whatever day the suite runs on.

import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission, type Overrides } from '../support/builders';
import { indexNow } from '../support/indexing';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-console-pages-key-4c9e2a'; // a test's own key
const OPERATOR = { authorization: `Bearer ${OPS_API_KEY}` };
const PHONE = { width: 390, height: 844 };
const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'; // 5.3
const HOUR = 60 * 60 * 1000;

const ANCHOR = Date.parse('2027-03-03T09:00:00.000Z'); // a Wednesday
const started = Date.now();
let shiftMs = 0;
const clock = () => new Date(ANCHOR + (Date.now() - started) + shiftMs);

let t: TestHost;
let web: WebTestHost | undefined;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-console-pages-', { OPS_API_KEY }, { entryPoints: [TEST_ENTRY], enableQueues: false });
  ({ t } = web);
  useServices({ clock });
});
afterAll(async () => web?.stop());

/** An offer ID of the test's own, so a search finds only its tickets. */
const ownOffer = () => `offer-${randomBytes(4).toString('hex')}`;

/** Submits a report as the reporter does, `shift` ms away from now, and indexes it as the (stopped) queue worker would. */
async function submit(overrides: Overrides = {}, shift = 0): Promise<{ n: string; token: string }> {
  shiftMs = shift;
  try {
    const res = await t.fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission(overrides)),
    });
    expect(res.status).toBe(201);
    const { confirmationNumber: n, accessToken: token } = (await res.json()) as { confirmationNumber: string; accessToken: string };
    await indexNow(t.connectionString, n);
    return { n, token };
  } finally {
    shiftMs = 0;
  }
}

/** The ticket as the operators' API gives it. */
async function ticketOf(n: string): Promise<{ status: string; priority: string | null; history: unknown[] }> {
  const res = await t.fetch(`/api/ops/tickets/${n}`, { headers: OPERATOR });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; priority: string | null; history: unknown[] };
}

/** Opens `path` of the console, signing in through the page on the way. */
async function signIn(page: Page, path = '/api/console'): Promise<void> {
  await page.goto(`${t.url}${path}`);
  expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');
  await page.fill('#f-key', OPS_API_KEY);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/api/console/sign-in'), page.click('#sign-in-form button[type="submit"]')]);
  await page.locator('#signed-in-as').waitFor();
}

const queueNumbers = (page: Page): Promise<string[]> =>
  page.$$eval('#queue [data-confirmation-number]', (items) => items.map((item) => (item as HTMLElement).dataset.confirmationNumber ?? ''));

const ticketPath = (n: string) => `/api/console/tickets/${n}`;

/** Sends an action's form on the ticket's page and waits for the page that answers it; the post's status (done: 303 to the page). */
async function act(page: Page, action: string): Promise<number> {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/${action}`));
  await page.click(`#act-${action} button[type="submit"]`);
  const status = (await answer).status();
  await page.waitForLoadState();
  return status;
}

const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.skipIf(unavailable)('the operators’ console', { timeout: 120_000 }, () => {
  it('lists a missed deadline first, then by deadline; each filter and the find box narrow it', async () => {
    const offerId = ownOffer();
    const overdue = await submit({ category: 'vulnerability', offerId, cvssVector: CRITICAL, cveId: 'CVE-2027-31337' }, -7 * 24 * HOUR);
    const earlier = await submit({ offerId, summary: 'Backup share readable by every tenant' }, -3 * HOUR);
    const later = await submit({ category: 'vulnerability', offerId, cvssVector: MEDIUM, summary: 'Verbose errors reveal the database host' });

    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await signIn(page);
      expect(await page.textContent('h1')).toBe('Open tickets');
      const order = await queueNumbers(page);
      const at = (n: string) => order.indexOf(n);
      expect(at(overdue.n)).toBeGreaterThanOrEqual(0);
      expect(at(overdue.n)).toBeLessThan(at(earlier.n));
      expect(at(earlier.n)).toBeLessThan(at(later.n));
      // Missed deadlines lead the queue, marked in words.
      expect(await page.getAttribute('#queue li:first-child', 'class')).toContain('breach');
      const overdueItem = page.locator(`#queue [data-confirmation-number="${overdue.n}"]`);
      expect(await overdueItem.locator('.mark.breach').textContent()).toBe('Deadline missed');
      expect(await overdueItem.locator('.time-left').textContent()).toMatch(/^overdue by /);
      expect(await page.locator(`#queue [data-confirmation-number="${later.n}"] .time-left`).textContent()).toMatch(/ left$/);
      await screenshot(page, 'console-queue-en');

      const mine = async () => (await queueNumbers(page)).filter((n) => [overdue.n, earlier.n, later.n].includes(n));
      const filterBy = async (field: string, value: string) => {
        await page.goto(`${t.url}/api/console`);
        await page.selectOption(`#filter-${field}`, value);
        await Promise.all([page.waitForURL((url) => url.searchParams.get(field) === value), page.click('form.filters button[type="submit"]')]);
      };
      await filterBy('status', 'submitted');
      expect(await mine()).toEqual([overdue.n, earlier.n, later.n]);
      await filterBy('status', 'resolved');
      expect(await page.textContent('h1')).toBe('Resolved tickets');
      expect(await mine()).toEqual([]);
      await filterBy('category', 'incident');
      expect(await mine()).toEqual([earlier.n]);
      await filterBy('severity', 'critical');
      expect(await mine()).toEqual([overdue.n]);
      await filterBy('breached', 'true');
      expect(await mine()).toEqual([overdue.n]);
      await filterBy('breached', 'false');
      expect(await mine()).toEqual([earlier.n, later.n]);

      const find = async (text: string) => {
        await page.fill('#find-q', text);
        await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === text), page.click('form.find button[type="submit"]')]);
        return queueNumbers(page);
      };
      expect(await find(later.n)).toEqual([later.n]);
      expect(await find('cve-2027-31337')).toEqual([overdue.n]);
      expect((await find(offerId)).sort()).toEqual([overdue.n, earlier.n, later.n].sort());
      expect(await page.textContent('h1')).toBe(`Tickets for “${offerId}”`);
    });
  });

  it('triages a ticket from submitted to resolved and reopened without leaving the browser', async () => {
    const { n, token } = await submit({
      category: 'vulnerability',
      offerId: ownOffer(),
      cvssVector: CRITICAL,
      customerNotification: { requested: true, message: 'Please update the appliance image to 4.2.1.' },
    });
    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await signIn(page, ticketPath(n));
      expect(await page.textContent('#ticket-status')).toBe('Submitted');
      expect(await page.textContent('#report-vector')).toBe(CRITICAL);
      // The severity comes preselected from the CVSS vector.
      expect(await page.inputValue('#acknowledge-severity')).toBe('critical');
      await page.selectOption('#acknowledge-priority', 'p1');
      await page.fill('#acknowledge-note', 'We are looking at it today.');
      expect(await act(page, 'acknowledge')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('Acknowledged. The reporter is emailed.');
      expect(await page.textContent('#ticket-status')).toBe('Acknowledged');
      expect(await page.textContent('#ticket-priority')).toBe('P1 (highest)');
      expect(await page.textContent('#ticket-severity')).toBe('Critical');

      expect(await act(page, 'investigate')).toBe(303);
      expect(await page.textContent('#ticket-status')).toBe('Investigating');

      await page.fill('#request-information-body', 'Which image versions ship the component?');
      expect(await act(page, 'request-information')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('The question is sent; the ticket waits for the reporter’s answer.');
      expect(await page.textContent('#ticket-status')).toBe('Waiting for the reporter');
      expect((await ticketOf(n)).status).toBe('awaiting-reporter');

      await page.fill('#reply-body', 'Thank you; we have reproduced it on 4.1.');
      expect(await act(page, 'reply')).toBe(303);
      await page.fill('#note-body', 'Grace checks the 4.0 branch.');
      expect(await act(page, 'note')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('Your internal note is saved.');
      const internal = page.locator('#message-list .message.internal');
      expect(await internal.locator('.message-body').textContent()).toBe('Grace checks the 4.0 branch.');
      // The reporter never sees the note.
      const asReporter = await t.fetch(`/api/tickets/${n}/messages`, { headers: { authorization: `Bearer ${token}` } });
      expect(JSON.stringify(await asReporter.json())).not.toContain('Grace checks');

      // The reporter proposed version 1 with the report; the team proposes version 2, the reporter
      // version 3, which the team approves.
      await page.fill('#propose-notice-text', 'Update the appliance image to 4.2.1 or later.');
      expect(await act(page, 'propose-notice')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('Your version of the customer notice is proposed. The reporter is emailed.');
      const reporterVersion = await t.fetch(`/api/tickets/${n}/customer-notice`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Update the appliance image to 4.2.1 or later, and rotate the admin password.', basedOnVersion: 2 }),
      });
      expect(reporterVersion.status).toBe(200);
      await page.goto(`${t.url}${ticketPath(n)}`);
      expect(await page.textContent('#act-approve-notice button')).toContain('3');
      expect(await act(page, 'approve-notice')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('The reporter’s version of the customer notice is approved. The reporter is emailed.');

      // Still waiting for the reporter: the team goes on without the answer, then resolves.
      expect(await act(page, 'investigate')).toBe(303);
      expect(await page.textContent('#ticket-status')).toBe('Investigating');
      await page.selectOption('#resolve-outcome', 'revise-offer');
      await page.fill('#resolve-note', 'Fixed in 4.2.1.');
      expect(await act(page, 'resolve')).toBe(303);
      expect(await page.textContent('#ticket-status')).toBe('Resolved');
      expect(await page.textContent('#ticket-outcome')).toBe('The offer needs to be revised');

      await page.fill('#reopen-note', 'The fix misses the 4.0 branch.');
      expect(await act(page, 'reopen')).toBe(303);
      expect(await page.textContent('#action-done')).toBe('Reopened. The reporter is emailed.');
      expect(await page.textContent('#ticket-status')).toBe('Investigating');
      expect(await page.textContent('#timeline-title + ol')).toContain('The fix misses the 4.0 branch.');
      await screenshot(page, 'console-ticket-reopened-en');
    });
    expect((await ticketOf(n)).status).toBe('investigating');
  });

  it('tells the second of two operators who acknowledge at once what changed, and keeps the note typed (409)', async () => {
    const { n } = await submit({ offerId: ownOffer() });
    await web!.withPage({ locale: 'en-GB' }, async (first) => {
      await web!.withPage({ locale: 'en-GB' }, async (second) => {
        await signIn(first, ticketPath(n));
        await signIn(second, ticketPath(n));
        await first.selectOption('#acknowledge-priority', 'p2');
        await first.selectOption('#acknowledge-severity', 'high');
        expect(await act(first, 'acknowledge')).toBe(303);

        await second.selectOption('#acknowledge-priority', 'p4');
        await second.selectOption('#acknowledge-severity', 'low');
        await second.fill('#acknowledge-note', 'Taking this one, Grace.');
        expect(await act(second, 'acknowledge')).toBe(409);
        expect(await second.textContent('#action-conflict-title')).toBe('Someone else acted on this ticket first');
        expect(await second.textContent('#conflict-changes')).toContain('The team acknowledged the report');
        expect(await second.textContent('#unsent-input')).toContain('Taking this one, Grace.');
        expect(await second.textContent('#ticket-priority')).toBe('P2'); // the first operator's, as it stands
        expect(await second.locator('#act-acknowledge').count()).toBe(0);
        await screenshot(second, 'console-conflict-en');
      });
    });
    expect((await ticketOf(n)).priority).toBe('p2');
  });

  it('shows the SLA record over 30 and 90 days, with the missed deadline listed', async () => {
    const overdue = await submit({ offerId: ownOffer() }, -5 * 24 * HOUR);
    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await signIn(page);
      await Promise.all([page.waitForURL((url) => url.pathname === '/api/console/sla'), page.click('.console-nav a[href="/api/console/sla"]')]);
      expect(await page.textContent('h1')).toBe('SLA record');
      expect(await page.textContent('#sla-30-title')).toBe('Last 30 days');
      expect(await page.textContent('#sla-90-title')).toBe('Last 90 days');
      expect(await page.textContent('#sla-30-share')).toMatch(/%/);
      expect(await page.locator(`#sla-breaches [data-confirmation-number="${overdue.n}"]`).count()).toBe(1);
      await screenshot(page, 'console-sla-en');
    });
  });

  it('in German, 390 px wide, by keyboard alone: the queue, the ticket, acknowledged', async () => {
    const { n } = await submit({ category: 'vulnerability', offerId: ownOffer(), cvssVector: CRITICAL, reporter: { locale: 'de' } });
    await web!.withPage({ locale: 'de-DE', viewport: PHONE }, async (page) => {
      const refusedByPolicy: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
      });
      await page.goto(`${t.url}/api/console`);
      await tabTo(page, '#f-key');
      await page.keyboard.type(OPS_API_KEY);
      await page.keyboard.press('Enter');
      await page.locator('#signed-in-as').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('h1')).toBe('Offene Meldungen');
      expect(await fitsTheWidth(page)).toBe(true);

      await tabTo(page, '#find-q', 80);
      await page.keyboard.type(n);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === n);
      await tabTo(page, `#queue [data-confirmation-number="${n}"] a`, 80);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === ticketPath(n));
      expect(await page.textContent('#ticket-status')).toBe('Eingegangen');
      expect(await fitsTheWidth(page)).toBe(true);

      await tabTo(page, '#acknowledge-priority', 80);
      await page.keyboard.press('ArrowDown'); // P1
      expect(await page.inputValue('#acknowledge-priority')).toBe('p1');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('acknowledge-severity');
      expect(await page.inputValue('#acknowledge-severity')).toBe('critical'); // from the CVSS vector
      await page.keyboard.press('Tab');
      await page.keyboard.type('Wir sehen es uns heute an.');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Meldung bestätigen');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('done') === 'acknowledge');
      expect(await page.textContent('#action-done')).toBe('Bestätigt. Die meldende Person erhält eine E-Mail.');
      expect(await page.textContent('#ticket-status')).toBe('Bestätigt');
      expect(await fitsTheWidth(page)).toBe(true);
      await screenshot(page, 'console-ticket-de-390');

      await page.goto(`${t.url}/api/console/sla`);
      expect(await page.textContent('h1')).toBe('SLA-Bilanz');
      expect(await fitsTheWidth(page)).toBe(true);
      expect(refusedByPolicy).toEqual([]);
    });
  });

  it('is axe clean and fits 390 px: the queue, a ticket with its forms, a conflict and the record, in English and German', async () => {
    const { n } = await submit({
      category: 'vulnerability',
      offerId: ownOffer(),
      cvssVector: CRITICAL,
      customerNotification: { requested: true, message: 'Please update.' },
    });
    for (const locale of ['en-GB', 'de-DE']) {
      await web!.withPage({ locale, viewport: PHONE, bypassCSP: true }, async (page) => {
        await signIn(page);
        expect(await seriousAxeViolations(page), `${locale} queue`).toEqual([]);
        expect(await fitsTheWidth(page), `${locale} queue`).toBe(true);
        await page.goto(`${t.url}${ticketPath(n)}`);
        expect(await seriousAxeViolations(page), `${locale} ticket`).toEqual([]);
        expect(await fitsTheWidth(page), `${locale} ticket`).toBe(true);
        // A form sent back with a problem beside its field.
        await page.fill('#note-body', '   ');
        await page.evaluate(() => document.querySelector('#note-body')?.removeAttribute('required'));
        expect(await act(page, 'note')).toBe(400);
        expect(await page.locator('#note-body-error').count()).toBe(1);
        expect(await seriousAxeViolations(page), `${locale} invalid`).toEqual([]);
        await page.goto(`${t.url}/api/console/sla`);
        expect(await seriousAxeViolations(page), `${locale} record`).toEqual([]);
        expect(await fitsTheWidth(page), `${locale} record`).toBe(true);
      });
    }
  });

  it('sends a forged or missing session to the sign-in, and refuses a forged CSRF token: nothing changed', async () => {
    const { n } = await submit({ offerId: ownOffer() });
    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await page.context().addCookies([{ name: 'console-session', value: 'forged-session-id', url: `${t.url}/api/console` }]);
      await page.goto(`${t.url}${ticketPath(n)}`);
      expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');
      expect(new URL(page.url()).searchParams.get('next')).toBe(ticketPath(n));

      await page.fill('#f-key', OPS_API_KEY);
      await Promise.all([page.waitForURL((url) => url.pathname === ticketPath(n)), page.click('#sign-in-form button[type="submit"]')]);
      await page.selectOption('#acknowledge-priority', 'p1');
      await page.selectOption('#acknowledge-severity', 'high');
      await page.evaluate(() => {
        for (const field of document.querySelectorAll<HTMLInputElement>('input[name="csrf"]')) field.value = 'forged-csrf-token';
      });
      expect(await act(page, 'acknowledge')).toBe(403);
      expect(await page.locator('#csrf-back').count()).toBe(1);
    });
    // Without a session at all: to the sign-in, which leads back to the ticket.
    const version = String((await ticketOf(n)).history.length);
    const posted = await t.fetch(`${ticketPath(n)}/acknowledge`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ csrf: 'none', ticketVersion: version, priority: 'p1', severity: 'high' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/api/console/sign-in?${new URLSearchParams({ next: ticketPath(n) }).toString()}`);
    expect((await ticketOf(n)).status).toBe('submitted');
  });

  it('refreshes the queue in place: a new ticket appears, announced and marked new, without a reload', async () => {
    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await page.clock.install();
      await signIn(page);
      await page.goto(`${t.url}/api/console`); // the last look is now
      await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
      const { n } = await submit({ offerId: ownOffer(), summary: 'Storage key printed in the setup log' });
      expect(await queueNumbers(page)).not.toContain(n);

      await page.clock.runFor(31_000);
      const item = page.locator(`#queue [data-confirmation-number="${n}"]`);
      await item.waitFor();
      await page.clock.runFor(1_000);
      expect(await page.textContent('#queue-live')).toBe('1 new ticket arrived.');
      expect(await item.locator('.mark.new').textContent()).toBe('New');
      expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    });
  });
});
