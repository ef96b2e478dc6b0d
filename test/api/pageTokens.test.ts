// A status page's own token (the one its cookie carries to the page's forms) ends with its cookie,
// two hours after the page was shown; the email's token, which the reporter keeps, never ends.
// Through the local host, on a clock the test moves.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { PAGE_TOKEN_LIFETIME_MS } from '../../src/services/accessTokens';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { statusCookieOf } from '../support/statusPage';
import { startTestHost, type TestHost } from '../support/testHost';
import { submit } from './notifications.support';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
const MINUTE = 60_000;

let t: TestHost;
let now = Date.now();
const later = (ms: number) => (now += ms);

beforeAll(async () => {
  t = await startTestHost({ env: { EMAIL_OUTBOX_DIR: `/tmp/page-tokens-outbox-${process.pid}` }, enableQueues: false, entryPoints: [TEST_ENTRY] });
  useServices({ clock: () => new Date(now) });
});
afterAll(async () => t?.stop());

const asReporter = (n: string, token: string) => t.fetch(`/api/tickets/${n}`, { headers: { authorization: `Bearer ${token}` } });

it("ends a page's token two hours after the page was shown, with its cookie; the email's token goes on", async () => {
  const { confirmationNumber: n, accessToken } = await submit(t, aSubmission());
  const shown = await t.fetch(`/api/tickets/${n}/view`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token: accessToken }).toString() });
  expect(shown.status).toBe(200);
  const cookie = statusCookieOf(shown);
  expect(shown.headers.getSetCookie()[0]).toMatch(new RegExp(`; max-age=${PAGE_TOKEN_LIFETIME_MS / 1000}(;|$)`, 'i'));
  const pageToken = cookie.slice('status-token='.length);
  expect(pageToken).not.toBe(accessToken);

  expect((await asReporter(n, pageToken)).status).toBe(200);
  later(PAGE_TOKEN_LIFETIME_MS - MINUTE);
  expect((await asReporter(n, pageToken)).status).toBe(200);
  later(2 * MINUTE);
  expect((await asReporter(n, pageToken)).status).toBe(404); // a copied cookie opens nothing any more
  expect((await asReporter(n, accessToken)).status).toBe(200);

  // Opening the page again with the email's code gives a new page token, for two hours more.
  const again = await t.fetch(`/api/tickets/${n}/view`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token: accessToken }).toString() });
  const fresh = statusCookieOf(again).slice('status-token='.length);
  expect((await asReporter(n, fresh)).status).toBe(200);
  later(365 * 24 * 60 * MINUTE);
  expect((await asReporter(n, accessToken)).status).toBe(200);
  expect((await asReporter(n, fresh)).status).toBe(404);
});
