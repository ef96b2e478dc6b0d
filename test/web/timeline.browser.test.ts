// The status page's timeline in real headless Chromium against the app on the local host (real
// Azurite): every step of a ticket told as sentences in the reporter's language (a German page shows
// no English), times in the browser's own time zone with UTC beside, and in UTC without JavaScript.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/domain/ticket';
import { TableTicketStore } from '../../src/storage/ticketStore';
import { eventually, historyOf, operator, tickets } from '../api/notifications.support';
import { aSubmission } from '../support/builders';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, screenshot, seriousAxeViolations } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_KEY = 'ops-key-for-notification-tests-0123456789';
const ENGLISH = /\b(the|you|your|we|was|were|report|email|sent|received|message|notice|file|team was)\b/i;

let web: WebTestHost;
let t: TestHost;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('timeline-test-', { OPS_API_KEY: OPS_KEY });
  t = web.t;
});
afterAll(async () => {
  await web?.stop();
});

/** Appends a step of the correspondence as its endpoints do (they are other parts' work). */
async function step(n: string, entry: Omit<HistoryEntry, 'at' | 'status'>): Promise<void> {
  const store = new TableTicketStore(tickets(t));
  const stored = await store.get(n);
  if (!stored) throw new Error(`no ticket ${n}`);
  await store.update(stored, stored.ticket, { at: new Date().toISOString(), status: stored.ticket.status, ...entry });
}

/** A German ticket that went through every step the timeline tells. */
async function aTicketWithAStory(locale: 'de' | 'en'): Promise<{ confirmationNumber: string; accessToken: string; statusUrl: string }> {
  const res = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aSubmission({ summary: 'Zeitleiste in Worten', reporter: { locale } })),
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { confirmationNumber: string; accessToken: string; statusUrl: string };
  const n = created.confirmationNumber;
  await operator(t, n, 'acknowledge', { priority: 'p2', severity: 'high' });
  await operator(t, n, 'status', { status: 'investigating' });
  await step(n, { event: 'information-requested' });
  await step(n, { event: 'message-received' });
  await step(n, { event: 'message-sent' });
  await step(n, { event: 'customer-notice-proposed', by: 'reporter' });
  await step(n, { event: 'customer-notice-approved', by: 'operator' });
  await operator(t, n, 'status', { status: 'resolved', outcome: 'mitigated' });
  await eventually('the emails of the lifecycle', async () => (await historyOf(t, n)).filter((h) => h.event === 'notification-sent').length >= 4);
  return created;
}

describe.skipIf(unavailable)('the timeline in Chromium', { timeout: 90_000 }, () => {
  it('tells a German reporter every step in German sentences, no English, no code', async () => {
    const ticket = await aTicketWithAStory('de');
    await web.withPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' }, async (page) => {
      await page.goto(web.onHost(ticket.statusUrl));
      await page.locator('#ticket-status').waitFor();
      const items = await page.locator('.timeline-list li .event-text').allTextContents();
      expect(items).toEqual(
        expect.arrayContaining([
          'Wir haben Ihre Meldung erhalten.',
          'E-Mail an Sie versendet: Eingangsbestätigung Ihrer Meldung.',
          'Wir haben Ihre Meldung bestätigt und Priorität und Schweregrad festgelegt.',
          'E-Mail an Sie versendet: Meldung bestätigt.',
          'Wir haben mit der Untersuchung begonnen.',
          'Das Team hat Sie um weitere Informationen gebeten.',
          'Sie haben dem Team geschrieben.',
          'Das Team hat Ihnen geschrieben.',
          'Sie haben eine Fassung der Kundenmitteilung vorgeschlagen.',
          'Das Team hat die Kundenmitteilung freigegeben.',
          'Wir haben die Meldung abgeschlossen. Ergebnis: Auswirkungen abgemildert.',
        ]),
      );
      const timeline = (await page.textContent('.timeline')) ?? '';
      expect(timeline).not.toMatch(ENGLISH);
      expect(timeline).not.toMatch(/notification-|submitted|acknowledged|investigating|resolved|message-|customer-notice/);
      await screenshot(page, 'timeline-de');
    });
  });

  it('shows the times in the browser\u2019s time zone with UTC beside, and in UTC, labelled, without JavaScript', async () => {
    const ticket = await aTicketWithAStory('en');
    const history = await historyOf(t, ticket.confirmationNumber);
    const submittedAt = new Date(history[0]!.at);
    const inZone = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(submittedAt);

    await web.withPage({ locale: 'en-US', timezoneId: 'America/New_York' }, async (page) => {
      await page.goto(web.onHost(ticket.statusUrl));
      await page.locator('#ticket-status').waitFor();
      const first = page.locator('.timeline-list time').first();
      await expect.poll(() => first.getAttribute('data-time-zone')).toBe('America/New_York');
      const text = (await first.textContent()) ?? '';
      expect(text).toContain(inZone('America/New_York'));
      expect(text).toMatch(/GMT-[45]/);
      expect(text).toContain(`${inZone('UTC')} UTC)`);
      expect(await first.getAttribute('datetime')).toBe(history[0]!.at);
      // Every time of the page, the facts' too.
      const zones = await page.locator('main time').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.timeZone));
      expect(zones.every((z) => z === 'America/New_York')).toBe(true);
    });

    await web.withPage({ locale: 'en-US', timezoneId: 'America/New_York', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${ticket.confirmationNumber}`);
      await page.fill('#f-token', ticket.accessToken);
      await Promise.all([page.waitForNavigation(), page.click('#token-form button[type="submit"]')]);
      const text = (await page.locator('.timeline-list time').first().textContent()) ?? '';
      expect(text).toMatch(new RegExp(`at ${inZone('UTC')} UTC$`));
    });
  });

  it('finds no serious or critical axe violation on the timeline, in both languages', async () => {
    for (const locale of ['de', 'en'] as const) {
      const ticket = await aTicketWithAStory(locale);
      await web.withPage({ locale: locale === 'de' ? 'de-DE' : 'en-US', timezoneId: 'Asia/Tokyo', bypassCSP: true }, async (page) => {
        await page.goto(web.onHost(ticket.statusUrl));
        await page.locator('#ticket-status').waitFor();
        await expect.poll(() => page.locator('.timeline-list time').first().getAttribute('data-time-zone')).toBe('Asia/Tokyo');
        expect(await seriousAxeViolations(page)).toEqual([]);
      });
    }
  });
});
