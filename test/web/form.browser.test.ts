// The form, the confirmation and the status page in real headless Chromium against the real app
// on the local host (real Azurite): what a reporter does, in English and German, with and
// without JavaScript, with the keyboard alone, and after an operator acknowledged the report.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSubmission } from '../../src/domain/submission';
import { formToSubmissionInput } from '../../src/http/formFields';
import { fieldErrorMessage } from '../../src/web/i18n';
import { formatInstant } from '../../src/web/presentation';
import { renderProblemPage } from '../../src/web/problemPage';
import { SECURITY_HEADERS } from '../../src/web/securityHeaders';
import { eventually, parseEml } from '../api/notifications.support';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, focusedId, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-test-operator-key-7f3a9c1e5b';
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

let web: WebTestHost;
let t: TestHost;
let scratch: string;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-test-', { OPS_API_KEY });
  ({ t, scratch } = web);
});

afterAll(async () => {
  await web?.stop();
});

// --- helpers ---------------------------------------------------------------------------------

interface Report {
  category: 'incident' | 'vulnerability';
  summary: string;
  cvssVector?: string;
  cveId?: string;
  steps?: string;
  notification?: string;
}

async function fillReport(page: Page, r: Report): Promise<void> {
  await page.check(`#f-category-${r.category}`);
  await page.fill('#f-offerId', 'contoso-firewall');
  await page.fill('#f-summary', r.summary);
  await page.fill('#f-description', 'The admin console runs commands from the "name" field <unescaped> & more.\nSecond line.');
  if (r.cveId) await page.fill('#f-cveId', r.cveId);
  if (r.cvssVector) await page.fill('#f-cvssVector', r.cvssVector);
  if (r.steps) {
    await page.check('#f-mitigation-available');
    await page.fill('#f-mitigation-steps', r.steps);
  }
  if (r.notification) {
    await page.check('#f-customerNotification-requested');
    await page.fill('#f-customerNotification-message', r.notification);
  }
  await page.fill('#f-reporter-name', 'Ada Lovelace');
  await page.fill('#f-reporter-email', 'ada@contoso.example');
}

/** Every POST to /api/tickets the page makes, as it happens. */
function ticketPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/tickets') posts.push(request);
  });
  return posts;
}

/** What the browser's console says about blocked content (CSP), which must stay empty. */
function cspReports(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

const withPage = <T>(options: BrowserContextOptions, use: (page: Page) => Promise<T>): Promise<T> => web.withPage(options, use);

async function createTicketByApi(locale: 'de' | 'en', summary: string): Promise<{ confirmationNumber: string; accessToken: string; statusUrl: string }> {
  const response = await t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      category: 'vulnerability',
      offerId: 'contoso-firewall',
      summary,
      description: 'Found by our own scan.',
      cvssVector: VECTOR,
      reporter: { name: 'Ada Lovelace', email: 'ada@contoso.example', locale },
    }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { confirmationNumber: string; accessToken: string; statusUrl: string };
}

/** The status URL of the answer on this host (PUBLIC_BASE_URL names the default port). */
const onHost = (statusUrl: string): string => web.onHost(statusUrl);

/** The status link in the email about a ticket's submission, as the reporter's mail client shows it. */
async function emailedLink(confirmationNumber: string): Promise<string> {
  const outbox = path.join(scratch, 'outbox');
  const name = await eventually(`the email about ${confirmationNumber}`, async () =>
    (await readdir(outbox).catch(() => [] as string[])).find((f) => f.endsWith('.eml') && f.includes(`_${confirmationNumber}_`)),
  );
  const email = parseEml(await readFile(path.join(outbox, name), 'utf8'));
  const text = email.parts.find((p) => p.contentType.startsWith('text/plain'))?.body ?? '';
  const link = /https?:\/\/\S+#token=[^\s"<]+/.exec(text)?.[0];
  if (!link) throw new Error(`no #token= link in the email about ${confirmationNumber}`);
  return link;
}

/** Every request the page sends (navigations, redirects, fetches), as it sends them. */
function requestsOf(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

/** The URLs of those requests that carry `secret` (or, without one, any `token=`): none may. */
function urlsCarrying(requests: Request[], secret?: string): string[] {
  return requests.map((r) => r.url()).filter((url) => (secret ? url.includes(secret) : /token=/.test(url)));
}

// --- the tests -------------------------------------------------------------------------------

describe.skipIf(unavailable)('the report form in Chromium', { timeout: 60_000 }, () => {
  it('files a vulnerability in English: live CVSS score, one request, then the number, the local deadline and the status link', async () => {
    await withPage({ locale: 'en-US', timezoneId: 'America/New_York' }, async (page) => {
      const posts = ticketPosts(page);
      const csp = cspReports(page);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
      await page.goto(`${t.url}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('Report a security event');

      await fillReport(page, { category: 'vulnerability', summary: 'RCE in the admin console', cvssVector: VECTOR, steps: 'Update to 2.4.1.' });
      await page.waitForFunction(() => document.getElementById('cvss-live')?.textContent?.includes('9.8'));
      expect(await page.textContent('#cvss-live')).toBe('Base score 9.8, severity Critical (CVSS 3.1)');
      await screenshot(page, 'form-en-filled');

      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const response = await answer;
      expect(response.status()).toBe(201);
      const created = (await response.json()) as { confirmationNumber: string; acknowledgeBy: string; statusUrl: string };

      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.isHidden('#form-view')).toBe(true);
      expect(await focusedId(page)).toBe('confirm-title');
      expect(await page.textContent('#confirmation-number')).toBe(created.confirmationNumber);
      expect(await page.textContent('#confirm-deadline')).toBe(
        `We will acknowledge your report and assign a priority and a severity by ${formatInstant(created.acknowledgeBy, 'en', 'America/New_York')}.`,
      );
      expect(await page.textContent('#confirmation')).toContain('Please quote this number in every message about this event.');
      expect(await page.getAttribute('#status-link', 'href')).toBe(new URL(created.statusUrl).href);
      // The link to keep carries its token after `#`, in no query the host would log.
      expect(new URL(created.statusUrl).search).toBe('');
      expect(new URL(created.statusUrl).hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);

      await page.click('#copy-number');
      await page.waitForFunction(() => document.getElementById('copy-status')?.textContent !== '');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(created.confirmationNumber);
      await screenshot(page, 'confirmation-en');

      expect(posts).toHaveLength(1);
      const post = posts[0]!;
      expect(post.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(post.headers()['content-type']).toBe('application/json');
      expect(post.postDataJSON()).toMatchObject({
        category: 'vulnerability',
        cvssVector: VECTOR,
        mitigation: { available: true, steps: 'Update to 2.4.1.' },
        reporter: { locale: 'en' },
      });
      expect(csp).toEqual([]);
    });
  });

  it('files an incident in German when the browser speaks German, with the deadline in German local time', async () => {
    await withPage({ locale: 'de-DE', timezoneId: 'Europe/Berlin' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('h1')).toBe('Sicherheitsereignis melden');
      expect(await page.title()).toBe('Sicherheitsereignis melden');
      await fillReport(page, { category: 'incident', summary: 'Zugangsdaten im Log', notification: 'Bitte Passwörter ändern.' });
      await screenshot(page, 'form-de-filled');

      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const created = (await (await answer).json()) as { confirmationNumber: string; acknowledgeBy: string };
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.textContent('#confirm-title')).toBe('Ihre Meldung ist eingegangen');
      expect(await page.textContent('#confirmation-number')).toBe(created.confirmationNumber);
      expect(await page.textContent('#confirm-deadline')).toBe(
        `Bis ${formatInstant(created.acknowledgeBy, 'de', 'Europe/Berlin')} bestätigen wir Ihre Meldung und legen Priorität und Schweregrad fest.`,
      );
      expect(await page.textContent('#confirmation')).toContain('Bitte nennen Sie diese Nummer in jeder Nachricht zu diesem Ereignis.');
      await screenshot(page, 'confirmation-de');

      // Switching language on the confirmation re-words it, deadline included.
      await page.click('#lang-switch');
      expect(await page.textContent('#confirm-title')).toBe('Your report has been received');
      expect(await page.textContent('#confirm-deadline')).toContain(formatInstant(created.acknowledgeBy, 'en', 'Europe/Berlin'));
      expect(await page.title()).toBe('Your report has been received');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.postDataJSON()).toMatchObject({
        category: 'incident',
        customerNotification: { requested: true, message: 'Bitte Passwörter ändern.' },
        mitigation: { available: false },
        reporter: { locale: 'de' },
      });
    });
  });

  it('switches the language in place and keeps what was typed', async () => {
    await withPage({ locale: 'en-GB' }, async (page) => {
      await page.goto(`${t.url}/`);
      await page.fill('#f-summary', 'Half-typed summary');
      await page.click('#lang-switch');
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('h1')).toBe('Sicherheitsereignis melden');
      expect(await page.textContent('label[for="f-summary"]')).toBe('Kurzbeschreibung');
      expect(await page.inputValue('#f-summary')).toBe('Half-typed summary');
      expect(await page.inputValue('#f-reporter-locale')).toBe('de');
      expect(new URL(page.url()).pathname).toBe('/de.html');
      expect(await page.textContent('#lang-switch')).toBe('English');
      await page.reload();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
    });
  });

  it.each([
    {
      locale: 'en-GB',
      page: '/',
      whole: 'Overall score 5.2, severity Medium (CVSS 4.0, CVSS-BT); base score 7.7, severity High',
      order:
        "Not a valid vector yet: In a CVSS 4.0 vector the metric AV comes before AC: the specification fixes the metrics' order (AV, AC, AT, PR, …). Check the metric AV.",
      safety: 'Not a valid vector yet: "S" (Safety) is not a value of the metric SC (Confidentiality Impact to the Subsequent System)',
      confirmation: 'CVSS: Overall score 5.2, severity Medium (CVSS 4.0, CVSS-BT); base score 7.7, severity High',
    },
    {
      locale: 'de-DE',
      page: '/de.html',
      whole: 'Gesamtwert 5.2, Schweregrad Mittel (CVSS 4.0, CVSS-BT); Basiswert 7.7, Schweregrad Hoch',
      order:
        'Noch kein gültiger Vektor: In einem CVSS-4.0-Vektor steht die Metrik AV vor AC: Die Spezifikation legt die Reihenfolge der Metriken fest (AV, AC, AT, PR, …). Prüfen Sie die Metrik AV.',
      safety: 'Noch kein gültiger Vektor: „S“ (Safety) ist kein Wert der Metrik SC: CVSS 4.0 erlaubt ihn nur in den Umgebungsmetriken MSI und MSA',
      confirmation: 'CVSS: Gesamtwert 5.2, Schweregrad Mittel (CVSS 4.0, CVSS-BT); Basiswert 7.7, Schweregrad Hoch',
    },
  ])('scores the whole vector beside the base while typing, and words a refused one in the page\u2019s language ($locale)', async (c) => {
    await withPage({ locale: c.locale }, async (page) => {
      await page.goto(`${t.url}${c.page}`);
      /** The live verdict on `vector`, once it says `expected` (the verdict comes a moment after typing). */
      const live = async (vector: string, expected: string) => {
        await page.fill('#f-cvssVector', vector);
        await page.waitForFunction((text) => document.getElementById('cvss-live')?.textContent?.includes(text), expected);
        return page.textContent('#cvss-live');
      };
      await fillReport(page, { category: 'vulnerability', summary: 'RCE in the admin console' });
      expect(await live('CVSS:4.0/AC:H/AV:P/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', c.order)).toBe(c.order);
      expect(await page.getAttribute('#cvss-live', 'class')).toBe('cvss-live invalid');
      expect(await live('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:S/SI:N/SA:N', c.safety)).toContain(c.safety);
      // The page's own language throughout: nothing marked as English on the German page.
      expect(await page.locator('#cvss-live [lang]').count()).toBe(0);
      expect(await live('CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U', c.whole)).toBe(c.whole);
      expect(await page.getAttribute('#cvss-live', 'class')).toBe('cvss-live valid');
      expect(await page.locator('#cvss-live .badge').evaluateAll((badges) => badges.map((b) => b.className))).toEqual(['badge sev-medium', 'badge sev-high']);

      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const response = await answer;
      expect(response.status()).toBe(201);
      expect(((await response.json()) as { cvss: unknown }).cvss).toEqual({
        version: '4.0',
        baseScore: 7.7,
        baseSeverity: 'high',
        score: 5.2,
        severity: 'medium',
        nomenclature: 'CVSS-BT',
      });
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.textContent('#confirm-cvss')).toBe(c.confirmation);
    });
  });

  it('shows every mistake beside its field, worded from the server\u2019s own rules, and sends nothing', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      await page.check('#f-category-vulnerability');
      await page.fill('#f-summary', 'RCE');
      await page.fill('#f-reporter-email', 'not-an-address');
      await page.check('#f-mitigation-available');
      await page.click('#submit-button');

      await page.locator('#error-summary').waitFor({ state: 'visible' });
      expect(await focusedId(page)).toBe('error-summary');
      // The messages are the server's schema's verdict on the same form fields, in the page's words.
      // (The files are no field of the report: the script sends them on their own.)
      const pairs = await page.evaluate(() =>
        [...new FormData(document.getElementById('report-form') as HTMLFormElement).entries()].flatMap(([k, v]) =>
          typeof v === 'string' ? [[k, v] as [string, string]] : [],
        ),
      );
      const parsed = parseSubmission(formToSubmissionInput(pairs), { defaultLocale: 'en' });
      if (parsed.ok) throw new Error('the form should be invalid');
      const byPath = new Map(parsed.errors.map((e) => [e.path, fieldErrorMessage(e, 'en')]));
      for (const [path, id] of [
        ['offerId', 'f-offerId'],
        ['summary', 'f-summary'],
        ['description', 'f-description'],
        ['cveId', 'f-cveId'],
        ['mitigation.steps', 'f-mitigation-steps'],
        ['reporter.name', 'f-reporter-name'],
        ['reporter.email', 'f-reporter-email'],
      ] as const) {
        expect(byPath.get(path), path).toBeTruthy();
        expect(await page.textContent(`#${id}-error`), path).toBe(byPath.get(path));
        expect(await page.getAttribute(`#${id}`, 'aria-invalid'), path).toBe('true');
        expect(await page.getAttribute(`#${id}`, 'aria-describedby'), path).toContain(`${id}-error`);
      }
      expect(await page.textContent('#error-summary-title')).toBe(`There are ${parsed.errors.length} problems to fix before sending:`);
      expect(await page.locator('#error-summary-list li').count()).toBe(parsed.errors.length);
      await screenshot(page, 'form-en-errors');

      // A summary link takes the focus to its field.
      await page.click('#error-summary-list a[href="#f-reporter-email"]');
      expect(await focusedId(page)).toBe('f-reporter-email');

      // A wrong metric is named while typing, and stops the form too.
      await page.fill('#f-cvssVector', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      await page.waitForFunction(() => document.getElementById('cvss-live')?.classList.contains('invalid'));
      expect(await page.textContent('#cvss-live')).toContain('Check the metric AV.');
      await page.click('#submit-button');
      await page.waitForFunction(() => !document.getElementById('f-cvssVector-error')?.hidden);
      expect(await page.textContent('#f-cvssVector-error')).toMatch(/\bAV\b/);
      expect(await page.textContent('#f-summary-error')).toBe('The summary needs at least 5 characters.');
      expect(posts).toHaveLength(0);
    });
  });

  it('words every mistake in German on the German form, and in English after a switch', async () => {
    await withPage({ locale: 'de-DE' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/de.html`);
      await page.check('#f-category-vulnerability');
      await page.fill('#f-summary', 'RCE');
      await page.fill('#f-reporter-email', 'keine-adresse');
      await page.fill('#f-cvssVector', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      await page.check('#f-mitigation-available');
      await page.click('#submit-button');
      await page.locator('#error-summary').waitFor({ state: 'visible' });
      expect(await page.textContent('#error-summary-title')).toMatch(/^Vor dem Absenden sind \d+ Angaben zu korrigieren:$/);
      for (const [id, message] of [
        ['f-summary', 'Die Kurzbeschreibung braucht mindestens 5 Zeichen.'],
        ['f-offerId', 'Die Angebots-ID wird noch benötigt.'],
        ['f-reporter-email', 'Bitte geben Sie eine E-Mail-Adresse wie ada@contoso.example an.'],
        ['f-mitigation-steps', 'Bitte beschreiben Sie die Schritte, denn es gibt eine Lösung oder Abhilfe.'],
      ] as const) {
        expect(await page.textContent(`#${id}-error`), id).toBe(message);
        expect(await page.textContent(`#error-summary-list a[href="#${id}"]`), id).toBe(message);
      }
      expect(await page.textContent('#f-cvssVector-error')).toMatch(/^Der CVSS-Vektor ist ungültig: Die Metrik AV /);
      // German text, nothing marked as another language.
      expect(await page.locator('#error-summary [lang], .field-error [lang]').count()).toBe(0);
      await screenshot(page, 'form-de-errors');

      await page.click('#lang-switch');
      expect(await page.textContent('#error-summary-title')).toMatch(/^There are \d+ problems to fix before sending:$/);
      expect(await page.textContent('#f-summary-error')).toBe('The summary needs at least 5 characters.');
      expect(await page.textContent('#error-summary-list a[href="#f-summary"]')).toBe('The summary needs at least 5 characters.');
      expect(await focusedId(page)).toBe('lang-switch');
      expect(posts).toHaveLength(0);
    });
  });

  it('words the server\u2019s own verdict in German on the German form, and keeps an unknown one in marked English', async () => {
    await withPage({ locale: 'de-DE' }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      await fillReport(page, { category: 'incident', summary: 'Zugangsdaten im Log' });

      // The browser's check passes; on the way, the summary becomes one the real server refuses.
      let answer: { errors?: unknown[] } | undefined;
      await page.route('**/api/tickets', async (route) => {
        const body = { ...(route.request().postDataJSON() as Record<string, unknown>), summary: 'Log' };
        const response = await route.fetch({ postData: JSON.stringify(body) });
        answer = (await response.json()) as { errors?: unknown[] };
        await route.fulfill({ response });
      });
      await page.click('#submit-button');
      await page.waitForFunction(() => !document.getElementById('f-summary-error')?.hidden);
      expect(answer?.errors).toEqual([{ path: 'summary', code: 'too_short', params: { min: 5 }, message: 'Summary must be at least 5 characters long.' }]);
      expect(await page.textContent('#f-summary-error')).toBe('Die Kurzbeschreibung braucht mindestens 5 Zeichen.');
      expect(await page.textContent('#error-summary-list')).toBe('Die Kurzbeschreibung braucht mindestens 5 Zeichen.');
      expect(await page.getAttribute('#f-summary', 'aria-invalid')).toBe('true');
      await page.unroute('**/api/tickets');

      // A code this page does not know: the server's English, marked as English, named by the German label.
      await page.route('**/api/tickets', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            title: 'Invalid submission',
            status: 400,
            errors: [{ path: 'offerId', code: 'offer_not_listed', params: {}, message: 'No such offer is listed.' }],
          }),
        }),
      );
      await page.click('#submit-button');
      await page.waitForFunction(() => !document.getElementById('f-offerId-error')?.hidden);
      expect(await page.textContent('#error-summary-list a[href="#f-offerId"]')).toBe('Angebots-ID – No such offer is listed.');
      expect(await page.getAttribute('#f-offerId-error span', 'lang')).toBe('en');
    });
  });

  it('puts the server\u2019s field errors beside their fields, and a retry after a failure reuses the Idempotency-Key', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      await fillReport(page, { category: 'incident', summary: 'Leaked storage key' });

      // A rule only the server knows: answered as the API's problem+json (openapi/openapi.json, Problem).
      await page.route('**/api/tickets', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Invalid submission',
            status: 400,
            errors: [{ path: 'offerId', message: 'No such offer is listed.' }],
          }),
        }),
      );
      await page.click('#submit-button');
      await page.waitForFunction(() => !document.getElementById('f-offerId-error')?.hidden);
      expect(await page.textContent('#f-offerId-error')).toBe('No such offer is listed.');
      expect(await page.getAttribute('#f-offerId', 'aria-invalid')).toBe('true');
      expect(await page.isEnabled('#submit-button')).toBe(true);
      await page.unroute('**/api/tickets');

      // The service fails once; the retry carries the same key, so it can never make two tickets.
      let failures = 0;
      await page.route('**/api/tickets', (route) =>
        failures++ === 0
          ? route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Service unavailable', status: 503 }) })
          : route.continue(),
      );
      await page.click('#submit-button');
      await page.waitForFunction(() => document.getElementById('error-summary-title')?.textContent?.includes('503'));
      await page.click('#submit-button');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(posts).toHaveLength(3);
      const [, failed, retried] = posts.map((p) => p.headers()['idempotency-key']);
      expect(retried).toBe(failed);
    });
  });

  it('makes one ticket from a double click: the button is disabled while sending', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      await fillReport(page, { category: 'incident', summary: 'Double-clicked report' });
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/tickets', async (route) => {
        await held;
        await route.continue();
      });
      await page.dblclick('#submit-button');
      await page.waitForFunction(() => (document.getElementById('submit-button') as HTMLButtonElement).disabled);
      expect(await page.textContent('#progress')).toBe('Sending your report…');
      expect(await page.getAttribute('#report-form', 'aria-busy')).toBe('true');
      await screenshot(page, 'form-en-sending');
      await page.click('#submit-button', { force: true }).catch(() => undefined);
      release();
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(posts).toHaveLength(1);
    });
  });

  it('can be filled in and sent with the keyboard alone', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
      await page.goto(`${t.url}/`);
      await tabTo(page, '#f-category-incident');
      await page.keyboard.press('ArrowDown'); // radios: arrows move and select
      expect(await page.isChecked('#f-category-vulnerability')).toBe(true);
      await tabTo(page, '#f-offerId');
      await page.keyboard.type('contoso-firewall');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard-only report');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Found while testing with the keyboard.');
      await tabTo(page, '#f-cvssVector');
      await page.keyboard.type(VECTOR);
      await tabTo(page, '#f-mitigation-available');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('f-mitigation-steps');
      await page.keyboard.type('Disable the admin console.');
      await tabTo(page, '#f-reporter-name');
      await page.keyboard.type('Ada Lovelace');
      await page.keyboard.press('Tab');
      await page.keyboard.type('ada@contoso.example');
      await tabTo(page, '#submit-button');
      await screenshot(page, 'form-en-keyboard-focus');
      await page.keyboard.press('Enter');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await focusedId(page)).toBe('confirm-title');
      await tabTo(page, '#copy-number', 3);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('copy-status')?.textContent === 'Copied to the clipboard');
      await tabTo(page, '#status-link', 3);
    });
  });

  it('fits a narrow screen (320 px, like 400 % zoom) without sideways scrolling', async () => {
    await withPage({ locale: 'en-US', viewport: { width: 320, height: 700 } }, async (page) => {
      await page.goto(`${t.url}/`);
      await page.fill('#f-cvssVector', VECTOR);
      await page.waitForFunction(() => document.getElementById('cvss-live')?.textContent?.includes('9.8'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await screenshot(page, 'form-narrow');
    });
  });
});

describe.skipIf(unavailable)('without JavaScript', { timeout: 60_000 }, () => {
  it('posts the plain form and lands on the server-rendered confirmation', async () => {
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      const requests = requestsOf(page);
      await page.goto(`${t.url}/`);
      await fillReport(page, { category: 'vulnerability', summary: 'Plain form post', cvssVector: VECTOR, steps: 'Patch it.' });
      await Promise.all([page.waitForURL(/\/api\/tickets\/SE-[A-Z0-9-]+\?/), page.click('#submit-button')]);
      const number = new URL(page.url()).pathname.split('/').pop();
      // The 303 leads on without the token in its URL (the host would log it); a cookie brings it.
      expect(new URL(page.url()).search).toBe('?submitted=1');
      expect(urlsCarrying(requests)).toEqual([]);
      expect(await page.textContent('h1')).toBe('Your report has been received');
      expect(await page.textContent('#confirmation-number')).toBe(number);
      expect(await page.textContent('main')).toContain('Please quote this number in every message about this event.');
      expect(await page.textContent('#ticket-status')).toBe('Received');
      await screenshot(page, 'nojs-confirmation-en');
    });
  });

  it('answers the German form in German', async () => {
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await fillReport(page, { category: 'incident', summary: 'Formular ohne Skript' });
      await Promise.all([page.waitForURL(/\/api\/tickets\/SE-/), page.click('#submit-button')]);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('h1')).toBe('Ihre Meldung ist eingegangen');
      await screenshot(page, 'nojs-confirmation-de');
    });
  });

  it('opens the emailed link: asks for the access code, takes the pasted link by a form post, and shows the status page', async () => {
    const created = await createTicketByApi('en', 'Opened without JavaScript');
    const link = await emailedLink(created.confirmationNumber);
    const emailToken = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      const requests = requestsOf(page);
      const opened = await page.goto(onHost(link));
      expect(opened?.status()).toBe(200);
      expect(await page.textContent('h1')).toBe(`Open the status of report ${created.confirmationNumber}`);
      expect(await page.isVisible('#token-form')).toBe(true);
      await screenshot(page, 'nojs-token-form-en');
      // What the reporter has: the link from the email; its token is taken from it.
      await page.fill('#f-token', link);
      const [answer] = await Promise.all([page.waitForNavigation(), page.click('#token-form button[type="submit"]')]);
      expect(answer?.status()).toBe(200);
      expect(answer?.headers()['cache-control']).toBe('no-store');
      expect(answer?.request().method()).toBe('POST');
      expect(await page.textContent('#ticket-status')).toBe('Received');
      expect(await page.textContent('main')).toContain('Opened without JavaScript');
      expect(page.url()).toBe(`${t.url}/api/tickets/${created.confirmationNumber}/view`);
      expect(urlsCarrying(requests, emailToken)).toEqual([]);
      await screenshot(page, 'nojs-status-after-token-en');
    });
    expect(t.logs.join('\n')).not.toContain(emailToken);
  });

  it('asks for the code in German and answers in German', async () => {
    const created = await createTicketByApi('de', 'Ohne Skript geöffnet');
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${created.confirmationNumber}`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('label[for="f-token"]')).toBe('Zugangscode');
      await page.fill('#f-token', created.accessToken);
      await Promise.all([page.waitForNavigation(), page.click('#token-form button[type="submit"]')]);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('#ticket-status')).toBe('Eingegangen');
    });
  });

  it('explains a refused German post in German, nothing marked as English', async () => {
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      await fillReport(page, { category: 'vulnerability', summary: 'Schwachstelle ohne CVE und Vektor' });
      const [response] = await Promise.all([page.waitForNavigation(), page.click('#submit-button')]);
      expect(response?.status()).toBe(400);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('.problem-list')).toContain('Eine Schwachstelle braucht eine CVE-ID oder einen CVSS-Vektor (oder beides).');
      expect(await page.locator('.problem-list [lang]').count()).toBe(0);
      expect(await page.getAttribute('a.button-link', 'href')).toBe('/de.html');
      await screenshot(page, 'nojs-problem-de');
    });
  });

  it('explains a refused post and leads back to the form', async () => {
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/`);
      await fillReport(page, { category: 'vulnerability', summary: 'Vulnerability without CVE or vector' });
      const [response] = await Promise.all([page.waitForNavigation(), page.click('#submit-button')]);
      expect(response?.status()).toBe(400);
      expect(await page.textContent('main')).toContain('A vulnerability needs a CVE ID or a CVSS vector (or both).');
      expect(await page.getAttribute('a.button-link', 'href')).toBe('/');
      await screenshot(page, 'nojs-problem');
    });
  });
});

describe.skipIf(unavailable)('the status page', { timeout: 60_000 }, () => {
  it('shows status, priority, severity and the timeline once an operator acknowledged, and keeps the token out of the logs', async () => {
    const created = await createTicketByApi('en', 'Status page <b>check</b> & more');
    const ack = await t.fetch(`/api/tickets/${created.confirmationNumber}/acknowledge`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPS_API_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ priority: 'p2', severity: 'high', note: 'Looking into it <today>.' }),
    });
    expect(ack.status).toBe(200);

    await withPage({ locale: 'en-US', timezoneId: 'Europe/Berlin' }, async (page) => {
      const csp = cspReports(page);
      const requests = requestsOf(page);
      expect(created.statusUrl).toContain('#token=');
      const response = await page.goto(onHost(created.statusUrl));
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toMatch(/^text\/html/);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response?.headers()[name.toLowerCase()], name).toBe(value);
      expect(await page.textContent('#ticket-status')).toBe('Acknowledged');
      expect(await page.textContent('h1')).toContain(created.confirmationNumber);
      // The token left the address bar, travelled in no URL, and went as a bearer header.
      expect(page.url()).toBe(`${t.url}/api/tickets/${created.confirmationNumber}`);
      expect(urlsCarrying(requests, created.accessToken)).toEqual([]);
      const fetched = requests.filter((r) => r.resourceType() === 'fetch');
      expect(fetched.map((r) => r.headers()['authorization'])).toEqual([`Bearer ${created.accessToken}`]);
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('P2');
      expect(main).toContain('High');
      expect(main).toContain('Status page <b>check</b> & more');
      expect(main).toContain('We received your report.');
      expect(main).toContain('We acknowledged your report and set its priority and severity.');
      expect(main).toContain('Note from the team: Looking into it <today>.');
      expect(await page.locator('main b').count()).toBe(0);
      await screenshot(page, 'status-acknowledged');
      expect(csp).toEqual([]);
    });
    expect(t.logs.join('\n')).not.toContain(created.accessToken);
  });

  it('opens the emailed #token= link in German: the ticket in its language, the focus on its heading, no token in the address bar', async () => {
    const created = await createTicketByApi('de', 'Statusseite aus der E-Mail');
    const link = await emailedLink(created.confirmationNumber);
    const emailToken = new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;
    await withPage({ locale: 'de-DE' }, async (page) => {
      const csp = cspReports(page);
      const requests = requestsOf(page);
      await page.goto(onHost(link));
      await page.locator('#ticket-status').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.title()).toBe(`Status der Meldung ${created.confirmationNumber}`);
      expect(await page.textContent('#ticket-status')).toBe('Eingegangen');
      expect(await page.textContent('main')).toContain('Statusseite aus der E-Mail');
      expect(await focusedId(page)).toBe('status-title');
      expect(page.url()).toBe(`${t.url}/api/tickets/${created.confirmationNumber}`);
      expect(await page.evaluate(() => location.hash)).toBe('');
      expect(urlsCarrying(requests, emailToken)).toEqual([]);
      expect(csp).toEqual([]);
      await screenshot(page, 'status-from-email-de');
    });
    expect(t.logs.join('\n')).not.toContain(emailToken);
  });

  it('opens an old ?token= link and takes the token out of the address bar', async () => {
    const created = await createTicketByApi('en', 'Old link with the token in the query');
    await withPage({ locale: 'en-US' }, async (page) => {
      const response = await page.goto(`${t.url}/api/tickets/${created.confirmationNumber}?token=${created.accessToken}&submitted=1`);
      expect(response?.status()).toBe(200);
      expect(await page.textContent('#confirmation-number')).toBe(created.confirmationNumber);
      await page.waitForURL((url) => !url.searchParams.has('token'));
      expect(page.url()).toBe(`${t.url}/api/tickets/${created.confirmationNumber}?submitted=1`);
    });
  });

  it('shows the same not-found page for a wrong token in the link, and drops that token too', async () => {
    const created = await createTicketByApi('en', 'Wrong token in the fragment');
    await withPage({ locale: 'en-US' }, async (page) => {
      await page.goto(`${t.url}/api/tickets/${created.confirmationNumber}#token=not-the-token-at-all`);
      await page.locator('#problem-title').waitFor();
      expect(await page.textContent('h1')).toBe('Ticket not found');
      expect(page.url()).toBe(`${t.url}/api/tickets/${created.confirmationNumber}`);
    });
  });

  it('serves the form with the security headers', async () => {
    for (const file of ['/', '/de.html', '/styles.css']) {
      const response = await t.fetch(file);
      expect(response.status, file).toBe(200);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), `${file} ${name}`).toBe(value);
    }
  });
});

describe.skipIf(unavailable)('axe-core', { timeout: 60_000 }, () => {
  // axe is injected as a script, which the pages' CSP forbids: these contexts bypass it.
  const axeContext: BrowserContextOptions = { locale: 'en-US', bypassCSP: true };

  it('finds no serious or critical violation on the form, with and without errors, in both languages', async () => {
    await withPage(axeContext, async (page) => {
      await page.goto(`${t.url}/`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.click('#submit-button');
      await page.locator('#error-summary').waitFor({ state: 'visible' });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto(`${t.url}/de.html`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  it('finds none on the confirmation', async () => {
    await withPage(axeContext, async (page) => {
      await page.goto(`${t.url}/`);
      await fillReport(page, { category: 'vulnerability', summary: 'Axe on the confirmation', cvssVector: VECTOR });
      await page.click('#submit-button');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });

  it('finds none on the page asking for the code (both languages), the status page, the confirmation after a plain post and the problem page', async () => {
    const created = await createTicketByApi('de', 'Axe auf der Statusseite');
    const path = `/api/tickets/${created.confirmationNumber}`;
    await withPage(axeContext, async (page) => {
      await page.goto(`${t.url}${path}`);
      await page.locator('#token-form').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The page shown in place of the asking one, and the confirmation as a plain post leads to it.
      await page.goto(onHost(created.statusUrl));
      await page.locator('#ticket-status').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto(`${t.url}${path}?submitted=1#token=${created.accessToken}`);
      await page.locator('#confirmation-number').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The problem page as the renderer makes it, served from the host's origin for its stylesheet.
      await page.route(`${t.url}/problem-preview`, (route) =>
        route.fulfill({
          status: 400,
          contentType: 'text/html; charset=utf-8',
          body: renderProblemPage({
            status: 400,
            title: 'Invalid submission',
            detail: 'Two fields need a look.',
            errors: [
              { path: 'summary', code: 'too_short', params: { min: 5 }, message: 'Summary must be at least 5 characters long.' },
              { path: 'cveId', code: 'vulnerability_needs_cve_or_cvss', params: {}, message: 'A vulnerability needs a CVE ID or a CVSS vector (or both).' },
              { path: 'offerId', code: 'offer_not_listed', params: {}, message: 'No such offer is listed.' },
            ],
            locale: 'de',
          }),
        }),
      );
      await page.goto(`${t.url}/problem-preview`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'problem-de');
    });
    await withPage({ ...axeContext, locale: 'de-DE' }, async (page) => {
      await page.goto(`${t.url}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
