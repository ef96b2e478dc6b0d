// The form's later questions (affected versions, weakness, exploitation, planned disclosure) and the
// form under stress (Back after a refusal or a confirmation, sending again, German pages), in real
// headless Chromium against the real app on the local host (real Azurite).

import type { BrowserContextOptions, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHost } from '../support/testHost';
import { browserUnavailable, focusedId, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-test-operator-key-report-4b1d';
const VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const MARKUP = '<b>2.0</b> to 2.4.1 <script>window.pwned = 1</script>';

let web: WebTestHost;
let t: TestHost;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-report-test-', { OPS_API_KEY });
  ({ t } = web);
});

afterAll(async () => {
  await web?.stop();
});

const withPage = <T>(options: BrowserContextOptions, use: (page: Page) => Promise<T>): Promise<T> => web.withPage(options, use);

/** Every POST to /api/tickets the page makes, as it happens. */
function ticketPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/tickets') posts.push(request);
  });
  return posts;
}

/** The fields that going Back must keep, as the reporter typed them. */
const TYPED = {
  '#f-offerId': 'contoso-firewall',
  '#f-summary': 'Back keeps what I typed',
  '#f-cveId': 'CVE-2021-44228',
  '#f-cvssVector': VECTOR,
};

async function fillVulnerability(page: Page, extra: { weakness?: string } = {}): Promise<void> {
  await page.check('#f-category-vulnerability');
  for (const [selector, value] of Object.entries(TYPED)) await page.fill(selector, value);
  await page.fill('#f-description', 'Remote code execution through the log <lookup>.');
  if (extra.weakness) await page.fill('#f-weakness', extra.weakness);
  await page.fill('#f-reporter-name', 'Ada Lovelace');
  await page.fill('#f-reporter-email', 'ada@contoso.example');
}

async function typedValues(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const selector of Object.keys(TYPED)) values[selector] = await page.inputValue(selector);
  return values;
}

async function operatorReport(confirmationNumber: string): Promise<Record<string, unknown> & { report: Record<string, unknown> }> {
  const response = await t.fetch(`/api/ops/tickets/${confirmationNumber}`, { headers: { Authorization: `Bearer ${OPS_API_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown> & { report: Record<string, unknown> };
}

describe.skipIf(unavailable)('more of the report in Chromium', { timeout: 60_000 }, () => {
  it('takes affected versions, weakness, exploitation and the disclosure date in English, and keeps the versions as text', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      await page.goto(`${t.url}/`);
      expect(await page.textContent('label[for="f-affectedVersions"]')).toBe('Affected versions (optional)');
      expect(await page.textContent('label[for="f-weakness"]')).toBe('Weakness (optional)');
      expect(await page.textContent('#f-exploitation legend')).toBe('Is it being exploited? (optional)');
      expect(await page.textContent('label[for="f-publicDisclosure"]')).toBe('Planned public disclosure (optional)');
      expect(await page.isChecked('#f-exploitation-unknown')).toBe(true);
      await fillVulnerability(page, { weakness: 'CWE-917' });
      await page.fill('#f-affectedVersions', MARKUP);
      await page.check('#f-exploitation-active');
      await page.fill('#f-publicDisclosure', '2031-01-15');
      await screenshot(page, 'form-en-report-details');
      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const created = (await (await answer).json()) as { confirmationNumber: string; statusUrl: string };
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

      const ticket = await operatorReport(created.confirmationNumber);
      expect(ticket).toMatchObject({ exploitation: 'active', publicDisclosure: '2031-01-15' });
      expect(ticket.report).toMatchObject({ affectedVersions: MARKUP, weakness: 'CWE-917', exploitation: 'active', publicDisclosure: '2031-01-15' });

      await page.goto(web.onHost(created.statusUrl));
      await page.locator('#ticket-exploitation').waitFor();
      expect(await page.textContent('#ticket-exploitation')).toBe('Being exploited');
      expect(await page.textContent('#ticket-disclosure')).toBe('15 January 2031');
      expect(await page.locator('main b, main script').count()).toBe(0);
      expect(await page.textContent('main')).not.toContain('window.pwned');
    });
  });

  it('asks in German, refuses a malformed CWE ID and a date typed only partly beside their fields, in German', async () => {
    await withPage({ locale: 'de-DE' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/de.html`);
      expect(await page.textContent('label[for="f-weakness"]')).toBe('Schwachstellentyp (optional)');
      expect(await page.textContent('label[for="f-exploitation-suspected"]')).toBe('Ich vermute es');
      await fillVulnerability(page, { weakness: 'cwe-79' });
      await page.click('#f-publicDisclosure');
      await page.keyboard.type('12');
      await page.click('#submit-button');
      await page.locator('#error-summary').waitFor({ state: 'visible' });
      expect(await page.textContent('#f-weakness-error')).toBe(
        'Der Schwachstellentyp muss eine CWE-ID wie CWE-79 sein: „CWE-“ in Großbuchstaben und die Nummer der Schwachstelle, ohne führende Nullen.',
      );
      expect(await page.getAttribute('#f-weakness', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#f-publicDisclosure-error')).toBe(
        'Das Datum der geplanten Veröffentlichung muss ein Datum sein, das es gibt, geschrieben JJJJ-MM-TT, zum Beispiel 2025-09-30.',
      );
      expect(posts).toHaveLength(0);
      await screenshot(page, 'form-de-report-details-errors');
    });
  });

  it('reaches the exploitation choice with the keyboard: Tab into the group, arrows to choose', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      await page.goto(`${t.url}/`);
      await tabTo(page, '#f-weakness');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('f-exploitation-unknown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.isChecked('#f-exploitation-suspected')).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('f-publicDisclosure');
    });
  });

  it('posts them without JavaScript from the German form, a past date shown as public already', async () => {
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      await fillVulnerability(page, { weakness: 'CWE-79' });
      await page.fill('#f-affectedVersions', MARKUP);
      await page.check('#f-exploitation-active');
      await page.fill('#f-publicDisclosure', '2020-02-29');
      await Promise.all([page.waitForURL(/\/api\/tickets\/SE-[A-Z0-9-]+\?submitted=1/), page.click('#submit-button')]);
      expect(await page.textContent('#ticket-exploitation')).toBe('Wird ausgenutzt');
      expect(await page.textContent('#ticket-disclosure')).toBe('29. Februar 2020 (bei Ihrer Meldung bereits öffentlich)');
      const number = new URL(page.url()).pathname.split('/').pop()!;
      expect((await operatorReport(number)).report).toMatchObject({ affectedVersions: MARKUP, weakness: 'CWE-79', exploitation: 'active' });
    });
  });

  it('finds no serious or critical axe violation on the form with the new fields, their errors shown, in both languages', async () => {
    await withPage({ locale: 'en-US', bypassCSP: true }, async (page) => {
      for (const path of ['/', '/de.html']) {
        await page.goto(`${t.url}${path}`);
        await page.fill('#f-weakness', 'CWE-0');
        await page.fill('#f-affectedVersions', 'v'.repeat(1001));
        await page.click('#submit-button');
        await page.locator('#f-weakness-error').waitFor({ state: 'visible' });
        expect(await page.isVisible('#f-affectedVersions-error')).toBe(true);
        expect(await seriousAxeViolations(page), path).toEqual([]);
      }
    });
  });
});

describe.skipIf(unavailable)('the form under stress in Chromium', { timeout: 60_000 }, () => {
  it('keeps Offer ID, Summary, CVE ID and CVSS vector when the reporter goes Back from a refusal without JavaScript', async () => {
    await withPage({ locale: 'en-US', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/`);
      await fillVulnerability(page, { weakness: 'CWE-0' });
      const [refused] = await Promise.all([page.waitForNavigation(), page.click('#submit-button')]);
      expect(refused?.status()).toBe(400);
      expect(await page.textContent('main')).toContain('Your browser’s Back button returns to the form with your entries.');
      await page.goBack();
      await page.locator('#report-form').waitFor();
      expect(await typedValues(page)).toEqual(TYPED);
      expect(await page.inputValue('#f-weakness')).toBe('CWE-0');
    });
  });

  it('keeps them when the reporter goes Back to the form with JavaScript', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      await page.goto(`${t.url}/`);
      await fillVulnerability(page);
      await page.goto(`${t.url}/api/health`);
      await page.goBack();
      await page.locator('#report-form').waitFor();
      expect(await typedValues(page)).toEqual(TYPED);
      // The live score follows the restored vector.
      await page.waitForFunction(() => document.getElementById('cvss-live')?.textContent?.includes('9.8'));
    });
  });

  it('makes no second ticket when the reporter goes Back after the confirmation and sends again: the same key, the same number', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      await fillVulnerability(page);
      const first = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const created = (await (await first).json()) as { confirmationNumber: string; statusUrl: string };
      await page.locator('#confirmation').waitFor({ state: 'visible' });

      // On to the status page (the confirmation's link, on this host), then Back to the form.
      await page.goto(web.onHost(created.statusUrl));
      await page.locator('#ticket-status').waitFor();
      await page.goBack();
      await page.locator('#report-form').waitFor();
      expect(await typedValues(page)).toEqual(TYPED);
      const again = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tickets');
      await page.click('#submit-button');
      const replay = await again;
      expect(replay.status()).toBe(200);
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.textContent('#confirmation-number')).toBe(created.confirmationNumber);
      expect(posts).toHaveLength(2);
      expect(posts[1]!.headers()['idempotency-key']).toBe(posts[0]!.headers()['idempotency-key']);
    });
  });

  it('gives a different report after the confirmation, and “Report another event”, a key of their own', async () => {
    await withPage({ locale: 'en-US' }, async (page) => {
      const posts = ticketPosts(page);
      await page.goto(`${t.url}/`);
      await fillVulnerability(page);
      await page.click('#submit-button');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      const firstNumber = await page.textContent('#confirmation-number');
      await page.goto(`${t.url}/api/health`);
      await page.goBack();
      await page.locator('#report-form').waitFor();
      await page.fill('#f-summary', 'A second, different report');
      await page.click('#submit-button');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      expect(await page.textContent('#confirmation-number')).not.toBe(firstNumber);
      await page.click('#another-report');
      await page.locator('#report-form').waitFor();
      await fillVulnerability(page);
      await page.fill('#f-summary', 'A second, different report');
      await page.click('#submit-button');
      await page.locator('#confirmation').waitFor({ state: 'visible' });
      const keys = posts.map((p) => p.headers()['idempotency-key']);
      expect(new Set(keys).size).toBe(3);
    });
  });

  it('titles a refused German post in German, and says the way Back keeps the entries in German', async () => {
    await withPage({ locale: 'de-DE', javaScriptEnabled: false }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      await fillVulnerability(page, { weakness: 'CWE-0' });
      const [refused] = await Promise.all([page.waitForNavigation(), page.click('#submit-button')]);
      expect(refused?.status()).toBe(400);
      expect(await page.textContent('h1')).toBe('Die Meldung konnte nicht angenommen werden');
      expect(await page.title()).toBe('Die Meldung konnte nicht angenommen werden');
      expect(await page.locator('main [lang="en"]').count()).toBe(0);
      await page.goBack();
      await page.locator('#report-form').waitFor();
      expect(await typedValues(page)).toEqual(TYPED);
    });
  });

  it('titles the German not-found page in German', async () => {
    await withPage({ locale: 'de-DE' }, async (page) => {
      const created = (await (
        await t.fetch('/api/tickets', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            category: 'incident',
            offerId: 'contoso-firewall',
            summary: 'Falscher Code im Link',
            description: 'Test.',
            reporter: { name: 'Ada', email: 'ada@contoso.example', locale: 'de' },
          }),
        })
      ).json()) as { confirmationNumber: string };
      await page.goto(`${t.url}/api/tickets/${created.confirmationNumber}#token=not-the-token-at-all`);
      await page.locator('#problem-title').waitFor();
      expect(await page.textContent('h1')).toBe('Meldung nicht gefunden');
      expect(await page.textContent('main')).toContain('Keine Meldung passt zu dieser Nummer und diesem Zugangscode.');
    });
  });

  it('words the service\u2019s refusals without field errors, and a form sent before with other content, in German on the German page', async () => {
    await withPage({ locale: 'de-DE' }, async (page) => {
      await page.goto(`${t.url}/de.html`);
      await fillVulnerability(page);
      await page.route('**/api/tickets', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'about:blank', title: 'Invalid request', status: 400, detail: 'The request body is not valid JSON.' }),
        }),
      );
      await page.click('#submit-button');
      await page.waitForFunction(() => !document.getElementById('error-summary')?.hidden);
      expect(await page.textContent('#error-summary-title')).toBe(
        'Der Dienst hat die Meldung nicht angenommen (Status 400). Bitte prüfen Sie Ihre Eingaben und senden Sie sie erneut.',
      );
      await page.unroute('**/api/tickets');
      await page.route('**/api/tickets', (route) =>
        route.fulfill({ status: 422, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Idempotency-Key reused', status: 422 }) }),
      );
      await page.click('#submit-button');
      await page.waitForFunction(() => document.getElementById('error-summary-title')?.textContent?.startsWith('Eine frühere Sendung'));
      await page.unroute('**/api/tickets');
      // The live CVSS refusal is German too.
      await page.fill('#f-cvssVector', 'CVSS:3.1/AV:Q');
      await page.waitForFunction(() => document.getElementById('cvss-live')?.textContent?.startsWith('Noch kein gültiger Vektor'));
    });
  });
});
