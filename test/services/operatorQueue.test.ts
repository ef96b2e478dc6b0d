// The operators' queue and search through the local host against Azurite: tickets are submitted,
// acknowledged, resolved and reopened over HTTP as operators do, with the app's clock under the
// test's control; the queue is read from the services the host's functions run on (its index
// rows only). The reconciliation's tidy-up of what a crash left behind runs through its timer.

import { randomBytes } from 'node:crypto';
import { TableClient, odata } from '@azure/data-tables';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition';
import type { QueueEntry, QueueFilter } from '../../src/services/operatorQueue';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { indexNow } from '../support/indexing';
import { startTestHost, type TestHost } from '../support/testHost';

const OPS_KEY = 'ops-key-for-queue-tests-0123456789';
const HOUR = 3_600_000;
const CRITICAL_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';
let t: TestHost;
let services: AppServices;
let now: Date;

// Every test starts on a Monday of its own week (UTC calendar): deadlines are Tuesday, same time,
// and the open tickets of earlier tests are overdue by then, which the assertions tolerate by
// looking at their own tickets' places.
let week = 0;
beforeEach(() => {
  now = new Date(Date.UTC(2027, 0, 4 + 7 * week++, 9, 0, 0));
});
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/queue-outbox-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  services = useServices({ clock: () => now });
});
afterAll(async () => t?.stop());

/** An offer ID of the test's own, so a search finds only its tickets. */
const ownOffer = () => `offer-${randomBytes(4).toString('hex')}`;

async function submit(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(aSubmission(overrides)) });
  expect(res.status).toBe(201);
  const { confirmationNumber } = (await res.json()) as { confirmationNumber: string };
  await indexNow(t.connectionString, confirmationNumber); // what the (stopped) queue worker would do
  return confirmationNumber;
}

async function asOperator(path: string, body: unknown): Promise<void> {
  const res = await t.fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPS_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
}
const acknowledge = (n: string, severity = 'medium') => asOperator(`/api/tickets/${n}/acknowledge`, { priority: 'p2', severity });
const investigate = (n: string, note?: string) => asOperator(`/api/tickets/${n}/status`, { status: 'investigating', ...(note ? { note } : {}) });
const resolve = (n: string) => asOperator(`/api/tickets/${n}/status`, { status: 'resolved', outcome: 'no-action' });

/** Every page of the queue for `filter`, followed by its tokens. */
async function wholeQueue(filter: QueueFilter = {}, pageSize?: number): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await services.operatorQueue.page(filter, { ...(token ? { continuationToken: token } : {}), ...(pageSize ? { pageSize } : {}) });
    entries.push(...page.items);
    token = page.continuationToken;
    if (!token) return entries;
    expect(services.operatorQueue.isContinuationToken(token)).toBe(true);
  }
  throw new Error('the queue never ended');
}

const numbers = (entries: QueueEntry[]) => entries.map((e) => e.confirmationNumber);
/** The numbers of `mine` in the order `entries` has them. */
const placesOf = (entries: QueueEntry[], mine: string[]) => numbers(entries).filter((n) => mine.includes(n));

describe('the queue', () => {
  it('puts the overdue first, then the unacknowledged by deadline, then the acknowledged ones waiting longest first', async () => {
    const overdue = await submit();
    advance(HOUR);
    const dueLater = await submit();
    advance(HOUR);
    const [acknowledgedFirst, acknowledgedSecond] = [await submit(), await submit()];
    advance(HOUR);
    await acknowledge(acknowledgedFirst);
    advance(HOUR);
    await acknowledge(acknowledgedSecond);
    advance(HOUR);
    await investigate(acknowledgedFirst); // its last change is now the latest: the other has waited longer
    advance(20 * HOUR); // Tuesday 10:00: the first deadline (09:00) has passed, the second (10:00) is due this instant

    const queue = await wholeQueue();
    expect(placesOf(queue, [overdue, dueLater, acknowledgedFirst, acknowledgedSecond])).toEqual([overdue, dueLater, acknowledgedSecond, acknowledgedFirst]);
    const entry = queue.find((e) => e.confirmationNumber === acknowledgedFirst);
    expect(entry).toMatchObject({ status: 'investigating', severity: 'medium', priority: 'p2', version: 3, slaBreached: false, category: 'incident' });
    expect(entry?.updatedAt).toBe(new Date(Date.parse(entry?.submittedAt ?? '') + 3 * HOUR).toISOString());

    // The sweep flags the overdue one: flagged, it stays first.
    const swept = await t.fetch('/admin/functions/slaSweep', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
    expect(swept.status).toBe(202);
    const after = await wholeQueue();
    expect(after.find((e) => e.confirmationNumber === overdue)).toMatchObject({ slaBreached: true, status: 'submitted' });
    expect(placesOf(after, [overdue, dueLater])).toEqual([overdue, dueLater]);
  });

  it('puts a ticket reported as actively exploited at the top, ahead of overdue ones, and keeps it ahead once acknowledged', async () => {
    const overdue = await submit();
    advance(HOUR);
    const activeLater = await submit({ exploitation: 'active' });
    const activeAcknowledged = await submit({ exploitation: 'active' });
    await acknowledge(activeAcknowledged);
    const quiet = await submit({ exploitation: 'none-known' });
    await acknowledge(quiet);
    advance(24 * HOUR); // the first deadline has passed, the others are due within the hour

    const queue = await wholeQueue();
    expect(queue[0]?.confirmationNumber).toBe(activeLater);
    expect(queue[0]?.exploitation).toBe('active');
    expect(placesOf(queue, [overdue, activeLater, activeAcknowledged, quiet])).toEqual([activeLater, overdue, activeAcknowledged, quiet]);
  });

  it('filters by status, category, severity (the operator’s before the CVSS one) and breach', async () => {
    const incident = await submit();
    const vulnerability = await submit({ category: 'vulnerability', cvssVector: CRITICAL_VECTOR });
    const downgraded = await submit({ category: 'vulnerability', cvssVector: CRITICAL_VECTOR });
    await acknowledge(downgraded, 'low');
    advance(25 * HOUR); // both unacknowledged ones are overdue now; the acknowledged one was in time
    const mine = [incident, vulnerability, downgraded];
    const has = async (filter: QueueFilter) => {
      const entries = await wholeQueue(filter);
      for (const e of entries) expect(e.status).not.toBe('resolved');
      return placesOf(entries, mine).sort();
    };
    expect(await has({ status: 'acknowledged' })).toEqual([downgraded]);
    expect(await has({ status: 'submitted' })).toEqual([incident, vulnerability].sort());
    expect(await has({ category: 'vulnerability' })).toEqual([vulnerability, downgraded].sort());
    expect(await has({ category: 'incident' })).toEqual([incident]);
    expect(await has({ severity: 'critical' })).toEqual([vulnerability]);
    expect(await has({ severity: 'low' })).toEqual([downgraded]);
    expect(await has({ breached: true })).toEqual([incident, vulnerability].sort());
    expect(await has({ breached: false })).toEqual([downgraded]);
    expect(await has({ category: 'vulnerability', breached: true, severity: 'critical' })).toEqual([vulnerability]);
    for (const e of await wholeQueue({ category: 'vulnerability', severity: 'critical' })) {
      expect(e).toMatchObject({ category: 'vulnerability' });
      expect(e.severity ?? e.cvssSeverity).toBe('critical');
    }
  });

  it('pages with continuation tokens: every open ticket once, in the order of one long page', async () => {
    for (let i = 0; i < 7; i++) {
      await submit();
      advance(60_000);
    }
    const inOne = await wholeQueue({}, 100);
    expect(inOne.length).toBeGreaterThanOrEqual(7);
    const first = await services.operatorQueue.page({}, { pageSize: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.continuationToken).toBeDefined();
    const paged = await wholeQueue({}, 3);
    expect(numbers(paged)).toEqual(numbers(inOne));
    expect(new Set(numbers(paged)).size).toBe(paged.length);
    // The default page is 50 and no page is larger than 100.
    expect((await services.operatorQueue.page({}, { pageSize: 1_000 })).items.length).toBeLessThanOrEqual(100);
  });

  it('refuses made-up continuation tokens', () => {
    for (const token of [
      '',
      'made-up',
      'eyJ4IjoxfQ',
      Buffer.from('{"o":[7,"x","y"]}').toString('base64url'),
      Buffer.from('{"r":"nope"}').toString('base64url'),
    ]) {
      expect(services.operatorQueue.isContinuationToken(token), token).toBe(false);
    }
  });

  it('loses a resolved ticket to the resolved list (latest first) and gets it back when it is reopened', async () => {
    const older = await submit();
    advance(60_000);
    const newer = await submit();
    for (const n of [older, newer]) {
      await acknowledge(n);
      await resolve(n);
    }
    expect(numbers(await wholeQueue())).not.toContain(older);
    const resolved = await services.operatorQueue.page({ status: 'resolved' });
    expect(resolved.items.slice(0, 2).map((e) => e.confirmationNumber)).toEqual([newer, older]);
    expect(resolved.items[0]).toMatchObject({ status: 'resolved', version: 3 });

    advance(HOUR);
    await investigate(older, 'The fix did not hold.');
    const back = (await wholeQueue()).find((e) => e.confirmationNumber === older);
    expect(back).toMatchObject({ status: 'investigating', version: 4, updatedAt: now.toISOString() });
    expect(numbers((await services.operatorQueue.page({ status: 'resolved' })).items)).not.toContain(older);
  });

  it('pages the resolved ones across days, newest first, each once', async () => {
    const resolvedOnes: string[] = [];
    for (let day = 0; day < 3; day++) {
      for (let i = 0; i < 2; i++) {
        const n = await submit();
        await acknowledge(n);
        await resolve(n);
        resolvedOnes.push(n);
        advance(60_000);
      }
      advance(24 * HOUR);
    }
    const all: QueueEntry[] = [];
    let token: string | undefined;
    do {
      const page = await services.operatorQueue.page({ status: 'resolved' }, { pageSize: 2, ...(token ? { continuationToken: token } : {}) });
      all.push(...page.items);
      token = page.continuationToken;
    } while (token);
    expect(placesOf(all, resolvedOnes)).toEqual([...resolvedOnes].reverse());
    expect(new Set(numbers(all)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1]!.submittedAt)).toBeGreaterThanOrEqual(Date.parse(all[i]!.submittedAt));
  });
});

describe('the search', () => {
  it('finds a ticket by its number, in any case, open or resolved', async () => {
    const n = await submit();
    expect(numbers(await services.operatorQueue.find(n))).toEqual([n]);
    expect(numbers(await services.operatorQueue.find(` ${n.toLowerCase()} `))).toEqual([n]);
    await acknowledge(n);
    await resolve(n);
    expect(await services.operatorQueue.find(n)).toMatchObject([{ confirmationNumber: n, status: 'resolved' }]);
  });

  it('finds every ticket with a CVE ID, in any case, newest first', async () => {
    const cve = `CVE-2026-${String(10_000 + Math.floor(Math.random() * 89_999))}`;
    const older = await submit({ category: 'vulnerability', cveId: cve });
    advance(60_000);
    const newer = await submit({ category: 'vulnerability', cveId: cve });
    await acknowledge(older);
    await resolve(older);
    await submit({ category: 'vulnerability', cveId: 'CVE-2021-44228' });
    expect(numbers(await services.operatorQueue.find(cve.toLowerCase()))).toEqual([newer, older]);
    expect(numbers(await services.operatorQueue.find(cve))).toEqual([newer, older]);
  });

  it('finds every ticket of an offer, exactly but in any case, newest first', async () => {
    const offer = ownOffer();
    const older = await submit({ offerId: offer });
    advance(60_000);
    const newer = await submit({ offerId: offer.toUpperCase() });
    await submit({ offerId: `${offer}-other` });
    expect(numbers(await services.operatorQueue.find(offer))).toEqual([newer, older]);
    expect(numbers(await services.operatorQueue.find(offer.toUpperCase()))).toEqual([newer, older]);
    expect(await services.operatorQueue.find(offer.slice(0, -1))).toEqual([]);
  });

  it('finds nothing for an unknown number, a mistyped one or text that is no offer ID', async () => {
    const n = await submit();
    expect(await services.operatorQueue.find('SE-2222-2222-22222')).toEqual([]);
    expect(await services.operatorQueue.find(`${n.slice(0, -1)}${n.endsWith('0') ? '1' : '0'}`)).toEqual([]);
    expect(await services.operatorQueue.find('no such offer?')).toEqual([]);
    expect(await services.operatorQueue.find('')).toEqual([]);
  });

  it('answers at most 50, newest first', async () => {
    const offer = ownOffer();
    const made: string[] = [];
    for (let i = 0; i < 52; i++) {
      made.push(await submit({ offerId: offer }));
      advance(1_000);
    }
    expect(numbers(await services.operatorQueue.find(offer))).toEqual(made.reverse().slice(0, 50));
  });
});

describe('what the reconciliation tidies', () => {
  const index = () => TableClient.fromConnectionString(t.connectionString, 'ticketindex', { allowInsecureConnection: true });
  const reconcile = async () => {
    const res = await t.fetch('/admin/functions/reconcileTickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' });
    expect(res.status).toBe(202);
  };

  it('leaves out a ticket whose listing row predates the summary columns until the reconciliation writes its rows', async () => {
    const offer = ownOffer();
    const n = await submit({ offerId: offer });
    // As an older version wrote it: the listing row without summary, no queue row, no search rows.
    const table = index();
    const listed = (await services.operatorQueue.find(n))[0]!;
    expect((await services.slaRecord.report(1)).submitted).toBe(1);
    const listingKeys = { partitionKey: `list-${listed.submittedAt.slice(0, 10)}`, rowKey: `${listed.submittedAt}|${n}` };
    await table.upsertEntity({ ...listingKeys, ConfirmationNumber: n, Status: 'submitted', SlaBreached: false, Version: 1 }, 'Replace');
    await table.deleteEntity('open', n);
    const search = TableClient.fromConnectionString(t.connectionString, 'ticketsearch', { allowInsecureConnection: true });
    for await (const row of search.listEntities({ queryOptions: { filter: odata`ConfirmationNumber eq ${n}` } })) {
      await search.deleteEntity(row.partitionKey!, row.rowKey!);
    }
    expect(numbers(await wholeQueue())).not.toContain(n);
    expect(await services.operatorQueue.find(n)).toEqual([]);
    expect((await services.slaRecord.report(1)).submitted).toBe(0); // the record leaves the old row out
    // The operators' list (which reads the tickets) still lists it.
    const list = await t.fetch('/api/ops/tickets?status=submitted', { headers: { authorization: `Bearer ${OPS_KEY}` } });
    expect(((await list.json()) as { items: Array<{ confirmationNumber: string }> }).items.map((i) => i.confirmationNumber)).toContain(n);

    await reconcile();
    expect(numbers(await wholeQueue())).toContain(n);
    expect(numbers(await services.operatorQueue.find(offer))).toEqual([n]);
    expect((await services.slaRecord.report(1)).submitted).toBe(1);
  });

  it('repairs a queue row a crash left behind its ticket, and removes a resolved ticket’s row a day on', async () => {
    const n = await submit();
    await acknowledge(n);
    const table = index();
    const { etag: _etag, timestamp: _timestamp, ...stale } = await table.getEntity('open', n);
    await resolve(n);
    // As if the resolution's index writes had been lost: the row still says acknowledged.
    await table.upsertEntity({ ...stale, partitionKey: 'open', rowKey: n }, 'Replace');
    expect((await wholeQueue()).find((e) => e.confirmationNumber === n)).toMatchObject({ status: 'acknowledged' });

    await reconcile();
    expect(numbers(await wholeQueue())).not.toContain(n);
    expect((await table.getEntity<{ Status: string }>('open', n)).Status).toBe('resolved'); // its tombstone, for a day

    advance(25 * HOUR);
    await reconcile();
    await expect(table.getEntity('open', n)).rejects.toMatchObject({ statusCode: 404 });
    expect(await services.operatorQueue.find(n)).toMatchObject([{ status: 'resolved' }]);
  });
});
