// The search rows against Azurite: every key's rows share one partition, so a ticket's offer and
// CVE rows are one request and a burst's rows go together whatever their offers; rows an earlier
// version wrote (a partition per key) are still found beside them, each ticket once.

import { randomBytes, randomInt } from 'node:crypto';
import { TableClient, type TableEntity } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import type { Ticket } from '../../src/domain/ticket';
import { TableQueueRows } from '../../src/storage/queueRows';
import { TableTicketListing } from '../../src/storage/ticketIndex';
import { aTicket } from '../support/builders';
import { countedTableClient } from '../support/countedTables';

let connectionString: string;
let index: TableClient;
let search: TableClient;
let listing: TableTicketListing;
let rows: TableQueueRows;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
  const suffix = randomBytes(4).toString('hex');
  index = TableClient.fromConnectionString(connectionString, `searchindex${suffix}`, { allowInsecureConnection: true });
  search = TableClient.fromConnectionString(connectionString, `searchrows${suffix}`, { allowInsecureConnection: true });
  await Promise.all([index.createTable(), search.createTable()]);
  listing = new TableTicketListing(index, search);
  rows = new TableQueueRows(index, search);
});
afterAll(async () => (await startTestStorage()).stop());

let seq = 0;
const own = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const CVE_BASE = 1_000_000 + randomInt(8_000_000);
let cves = 0;
const ownCve = () => `CVE-2026-${CVE_BASE + cves++}`;

/** A ticket submitted `minutesAgo` before a fixed instant, listed as intake's handler lists it. */
async function listed(overrides: Partial<Ticket>, minutesAgo: number): Promise<Ticket> {
  const submittedAt = new Date(Date.UTC(2027, 2, 1, 12) - minutesAgo * 60_000).toISOString();
  const ticket = aTicket({ confirmationNumber: `SE-SRCH${String(seq++).padStart(4, '0')}-A`, submittedAt, ...overrides });
  await listing.upsert(ticket);
  return ticket;
}

/** Moves a ticket's search rows to the layout before they shared one partition: a partition per key, row key its newest-first ending. */
async function asEarlierVersionWroteIt(ticket: Ticket, { keepCurrent = false } = {}): Promise<void> {
  const current: TableEntity<{ ConfirmationNumber: string; SubmittedAt: string }>[] = [];
  for await (const row of search.listEntities<{ ConfirmationNumber: string; SubmittedAt: string }>()) {
    if (row.ConfirmationNumber === ticket.confirmationNumber) current.push(row as TableEntity<{ ConfirmationNumber: string; SubmittedAt: string }>);
  }
  expect(current.length).toBeGreaterThan(0);
  for (const row of current) {
    const [kind, key, ...ending] = row.rowKey.split('|');
    const legacyPartition = kind === 'cve' ? `find-cve-${key}` : `find-offer-${key}`;
    await search.createEntity({
      partitionKey: legacyPartition,
      rowKey: ending.join('|'),
      ConfirmationNumber: row.ConfirmationNumber,
      SubmittedAt: row.SubmittedAt,
    });
    if (!keepCurrent) await search.deleteEntity(row.partitionKey, row.rowKey);
  }
}

const numbers = (entries: Array<{ confirmationNumber: string }>) => entries.map((e) => e.confirmationNumber);

describe('search rows', () => {
  it('writes a ticket’s offer and CVE rows in one request, and sixteen tickets of sixteen offers at once in two', async () => {
    const { client, requests } = countedTableClient(connectionString, search.tableName);
    const counted = new TableTicketListing(index, client);

    await counted.addSearchKeys(aTicket({ confirmationNumber: 'SE-ONE0001-A', offerId: own('one'), cveId: ownCve() }));
    expect(requests()).toBe(1);

    const burst = await Promise.all(Array.from({ length: 16 }, (_, i) => listed({ offerId: own('burst'), cveId: ownCve() }, i)));
    await Promise.all(burst.map((ticket) => counted.addSearchKeys(ticket)));
    // the first ticket's two rows, then the thirty that came while they were on their way
    expect(requests()).toBe(3);
    for (const ticket of burst) {
      expect(numbers(await rows.byOffer(ticket.offerId, 50))).toEqual([ticket.confirmationNumber]);
      expect(numbers(await rows.byCve(ticket.cveId!, 50))).toEqual([ticket.confirmationNumber]);
    }
  });

  it('finds an offer’s tickets exactly, in any case, newest first, not those of an offer its ID begins', async () => {
    const offer = own('Contoso');
    const older = await listed({ offerId: offer }, 30);
    const newer = await listed({ offerId: offer.toUpperCase() }, 10);
    await Promise.all([older, newer].map((t) => listing.addSearchKeys(t)));
    const others = await Promise.all([`${offer}-gateway`, `${offer}.v2`, `${offer}_v2`].map((o) => listed({ offerId: o }, 5)));
    await Promise.all(others.map((t) => listing.addSearchKeys(t)));

    expect(numbers(await rows.byOffer(offer.toLowerCase(), 50))).toEqual([newer.confirmationNumber, older.confirmationNumber]);
    expect(numbers(await rows.byOffer(offer.toUpperCase(), 50))).toEqual([newer.confirmationNumber, older.confirmationNumber]);
    expect(numbers(await rows.byOffer(`${offer}-gateway`, 50))).toEqual([others[0]!.confirmationNumber]);
  });

  it('finds tickets whose rows an earlier version wrote beside newer ones: each once, newest first, at most the limit', async () => {
    const [offer, cve] = [own('legacy'), ownCve()];
    const oldest = await listed({ offerId: offer, cveId: cve }, 50);
    const middle = await listed({ offerId: offer, cveId: cve }, 40);
    const newest = await listed({ offerId: offer, cveId: cve }, 30);
    for (const ticket of [oldest, middle, newest]) await listing.addSearchKeys(ticket);
    await asEarlierVersionWroteIt(oldest);
    // written by both: the nightly reconciliation writes the current rows of a ticket that has old ones
    await asEarlierVersionWroteIt(middle, { keepCurrent: true });

    const all = [newest, middle, oldest].map((t) => t.confirmationNumber);
    expect(numbers(await rows.byOffer(offer, 50))).toEqual(all);
    expect(numbers(await rows.byCve(cve.toLowerCase(), 50))).toEqual(all);
    expect(numbers(await rows.byOffer(offer, 2))).toEqual(all.slice(0, 2));
  });
});
