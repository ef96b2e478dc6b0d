// Signing in to the operators' console in real headless Chromium against the app on the local host
// (real Azurite): by keyboard alone, 390 px wide, in English and German; a wrong key is refused at
// the field; signing out; the key in no URL; the sign-in pages and the console's 403 pages axe clean.

import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsoleCsrfRefusedPage, renderMissingRolePage } from '../../src/web/console/forbiddenPage';
import { renderSignedInPage, renderSignedOutPage } from '../../src/web/console/signInPage';
import type { TestHost } from '../support/testHost';
import { autofocusedId, browserUnavailable, screenshot, seriousAxeViolations, tabTo } from './support/browser';
import { startWebTestHost, type WebTestHost } from './support/webHost';

const unavailable = browserUnavailable();
const OPS_API_KEY = 'browser-console-operator-key-7d1f3b'; // a test's own key
const PHONE = { width: 390, height: 844 };

let t: TestHost;
let web: WebTestHost | undefined;

beforeAll(async () => {
  if (unavailable) return;
  web = await startWebTestHost('web-console-', { OPS_API_KEY });
  ({ t } = web);
});
afterAll(async () => web?.stop());

const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.skipIf(unavailable)('signing in to the console', { timeout: 60_000 }, () => {
  it('in English, 390 px wide, by keyboard alone: the printed address, the key, the console, signing out', async () => {
    await web!.withPage({ locale: 'en-GB', viewport: PHONE }, async (page) => {
      const requests: Request[] = [];
      page.on('request', (r) => requests.push(r));
      await page.goto(`${t.url}/api/console`);
      expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');
      expect(await page.textContent('h1')).toBe('Sign in to the operators’ console');
      expect(await fitsTheWidth(page)).toBe(true);

      await tabTo(page, '#f-key');
      await page.keyboard.type(OPS_API_KEY);
      const signedIn = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/console/sign-in'));
      await page.keyboard.press('Enter');
      expect((await signedIn).status()).toBe(303);
      await page.locator('#signed-in-as').waitFor();
      expect(new URL(page.url()).pathname).toBe('/api/console');
      expect(await page.textContent('#signed-in-as')).toBe('Signed in as operator (key sign-in)');
      expect(await fitsTheWidth(page)).toBe(true);
      // The session is in an HttpOnly cookie: the page's own script could not read it.
      expect(await page.evaluate(() => document.cookie)).toBe('');
      await screenshot(page, 'console-signed-in-en-390');

      await tabTo(page, '#sign-out');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign out');
      await page.keyboard.press('Enter');
      await page.locator('#signed-out').waitFor();
      expect(await page.textContent('#signed-out')).toBe('You are signed out.');
      expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');

      // Signed out for good: the console asks again.
      await page.goto(`${t.url}/api/console`);
      expect(new URL(page.url()).pathname).toBe('/api/console/sign-in');
      expect(requests.map((r) => r.url()).filter((url) => url.includes(OPS_API_KEY))).toEqual([]);
    });
    expect(t.logs.join('\n')).not.toContain(OPS_API_KEY);
  });

  it('in German, by keyboard alone: a wrong key is refused at the field, which keeps the focus; the right one signs in', async () => {
    await web!.withPage({ locale: 'de-DE', viewport: PHONE }, async (page) => {
      await page.goto(`${t.url}/api/console`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      expect(await page.textContent('h1')).toBe('Anmeldung zur Konsole des Security-Response-Teams');
      expect(await page.textContent('label[for="f-key"]')).toBe('Operator-Schlüssel');

      await tabTo(page, '#f-key');
      await page.keyboard.type('nicht-der-schluessel');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Anmelden');
      const refused = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.keyboard.press('Enter');
      expect((await refused).status()).toBe(403);
      await page.locator('#f-key-error').waitFor();
      expect(await page.textContent('#f-key-error')).toBe('Das ist nicht der Operator-Schlüssel. Prüfen Sie ihn und versuchen Sie es noch einmal.');
      expect(await autofocusedId(page, 'f-key')).toBe('f-key');
      expect(await page.inputValue('#f-key')).toBe(''); // the key typed is not given back
      expect(await fitsTheWidth(page)).toBe(true);
      await screenshot(page, 'console-sign-in-refused-de-390');

      await page.keyboard.type(OPS_API_KEY);
      await page.keyboard.press('Enter');
      await page.locator('#signed-in-as').waitFor();
      expect(await page.textContent('#signed-in-as')).toBe('Angemeldet als Operator (Anmeldung mit Schlüssel)');
      expect(await page.textContent('#sign-out')).toBe('Abmelden');
    });
  });

  it('comes back to the console page it was asked for', async () => {
    await web!.withPage({ locale: 'en-GB' }, async (page) => {
      await page.goto(`${t.url}/api/console/sign-in?next=${encodeURIComponent('https://evil.example/api/console')}`);
      await page.fill('#f-key', OPS_API_KEY);
      await page.click('#sign-in-form button[type="submit"]');
      await page.locator('#signed-in-as').waitFor();
      expect(page.url()).toBe(`${t.url}/api/console`); // not the other site
    });
  });

  it('is axe clean: the sign-in page, its refusal, the console and the signed-out page, in both languages', async () => {
    for (const locale of ['en-GB', 'de-DE']) {
      await web!.withPage({ locale, viewport: PHONE, bypassCSP: true }, async (page) => {
        await page.goto(`${t.url}/api/console/sign-in`);
        expect(await seriousAxeViolations(page), `${locale} sign-in`).toEqual([]);
        await page.fill('#f-key', 'wrong-key-for-axe');
        await page.click('#sign-in-form button[type="submit"]');
        await page.locator('#f-key-error').waitFor();
        expect(await seriousAxeViolations(page), `${locale} refused`).toEqual([]);
        await page.fill('#f-key', OPS_API_KEY);
        await page.click('#sign-in-form button[type="submit"]');
        await page.locator('#signed-in-as').waitFor();
        expect(await seriousAxeViolations(page), `${locale} console`).toEqual([]);
        await page.click('#sign-out');
        await page.locator('#signed-out').waitFor();
        expect(await seriousAxeViolations(page), `${locale} signed out`).toEqual([]);
      });
    }
  });

  it('is axe clean and fits 390 px on the pages of an Entra ID sign-in and the 403 pages, in both languages', async () => {
    for (const locale of ['en', 'de'] as const) {
      const pages = {
        signedIn: renderSignedInPage({ locale, operator: 'Ada Lovelace', next: '/api/console#not-followed-here' }),
        signedOut: renderSignedOutPage({ locale, signIn: '/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole%2Fsign-in' }),
        missingRole: renderMissingRolePage({ locale, name: 'grace.hopper@contoso.example', role: 'Tickets.Triage', otherAccount: '/.auth/logout' }),
        csrfRefused: renderConsoleCsrfRefusedPage({ locale }),
      };
      for (const [name, html] of Object.entries(pages)) {
        await web!.withPage({ viewport: PHONE, bypassCSP: true }, async (page) => {
          // The signed-in page goes on by itself: shown here without its refresh.
          await page.setContent(html.replace(/<meta http-equiv="refresh"[^>]*>/, ''));
          expect(await seriousAxeViolations(page), `${locale} ${name}`).toEqual([]);
          expect(await fitsTheWidth(page), `${locale} ${name}`).toBe(true);
        });
      }
    }
  });
});
