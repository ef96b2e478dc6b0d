// A status page's own token (the one its cookie carries to the page's forms) ends with its cookie,
// two hours after the page was shown, and the nightly reconciliation deletes its row; the email's
// token, which the reporter keeps, never ends. Through the local host, on a clock the test moves.

import { TableClient, odata } from '@azure/data-tables';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PAGE_TOKEN_LIFETIME_MS, hashToken } from '../../src/services/accessTokens';
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
const showPage = (n: string, token: string) =>
  t.fetch(`/api/tickets/${n}/view`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token }).toString() });

/** The tokens the ticket holds (its token rows, `t-<hash>`, and the submission's, on its first history row), and the rows keeping page tokens' ends. */
async function tokenRows(n: string): Promise<{ tokens: string[]; ends: string[] }> {
  const table = (name: string) => TableClient.fromConnectionString(t.connectionString, name, { allowInsecureConnection: true });
  const tokens: string[] = [];
  for await (const row of table('tickets').listEntities<{ TokenHash?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${n}` } })) {
    if (row.rowKey!.startsWith('t-')) tokens.push(row.rowKey!.slice(2));
    if (row.rowKey === 'h-0000' && row.TokenHash) tokens.push(row.TokenHash);
  }
  const ends: string[] = [];
  for await (const row of table('ticketindex').listEntities<{ TokenHash: string; ConfirmationNumber: string }>({
    queryOptions: { filter: odata`PartitionKey eq ${'tokenend'}` },
  }))
    if (row.ConfirmationNumber === n) ends.push(row.TokenHash);
  return { tokens: tokens.sort(), ends: ends.sort() };
}

it("ends a page's token two hours after the page was shown, with its cookie; the email's token goes on", async () => {
  const { confirmationNumber: n, accessToken } = await submit(t, aSubmission());
  const shown = await showPage(n, accessToken);
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
  const again = await showPage(n, accessToken);
  const fresh = statusCookieOf(again).slice('status-token='.length);
  expect((await asReporter(n, fresh)).status).toBe(200);
  later(365 * 24 * 60 * MINUTE);
  expect((await asReporter(n, accessToken)).status).toBe(200);
  expect((await asReporter(n, fresh)).status).toBe(404);
});

it("deletes a page token's row in the nightly reconciliation once it has ended, and nothing else", async () => {
  const { confirmationNumber: n, accessToken } = await submit(t, aSubmission());
  const first = statusCookieOf(await showPage(n, accessToken)).slice('status-token='.length);
  later(PAGE_TOKEN_LIFETIME_MS / 2);
  const second = statusCookieOf(await showPage(n, accessToken)).slice('status-token='.length);
  const email = hashToken(accessToken);
  expect(await tokenRows(n)).toEqual({ tokens: [email, hashToken(first), hashToken(second)].sort(), ends: [hashToken(first), hashToken(second)].sort() });

  await t.runFunction('reconcileTickets'); // neither has ended yet
  expect((await tokenRows(n)).tokens).toHaveLength(3);
  later(PAGE_TOKEN_LIFETIME_MS / 2 + MINUTE); // the first has ended, the second not
  await t.runFunction('reconcileTickets');
  expect(await tokenRows(n)).toEqual({ tokens: [email, hashToken(second)].sort(), ends: [hashToken(second)] });
  expect((await asReporter(n, second)).status).toBe(200);
  later(PAGE_TOKEN_LIFETIME_MS);
  await t.runFunction('reconcileTickets');
  expect(await tokenRows(n)).toEqual({ tokens: [email], ends: [] });
  expect((await asReporter(n, accessToken)).status).toBe(200);
});

it('deletes ended page tokens past a page of them', async () => {
  const { confirmationNumber: n, accessToken } = await submit(t, aSubmission());
  const views = 105;
  for (let view = 0; view < views; view += 15) {
    const shown = await Promise.all(Array.from({ length: Math.min(15, views - view) }, () => showPage(n, accessToken)));
    expect(shown.map((res) => res.status)).toEqual(shown.map(() => 200));
  }
  expect((await tokenRows(n)).ends).toHaveLength(views);
  later(PAGE_TOKEN_LIFETIME_MS + MINUTE);
  await t.runFunction('reconcileTickets');
  expect(await tokenRows(n)).toEqual({ tokens: [hashToken(accessToken)], ends: [] });
}, 120_000); // 105 page views, each a handful of storage requests, while other test files run
