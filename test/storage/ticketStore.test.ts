// The ticket store's event ids against real Azurite: the store mints them before the write, finds
// each event by its id with one point read, and takes the history row keys that messages and rows
// written before events had ids carry as the ids of the same events.

import { randomUUID } from 'node:crypto';
import { TableClient, odata } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage, type TestStorage } from '@security-event-intake/local-host/testing';
import { acknowledge, type Ticket } from '../../src/domain/ticket';
import { hashToken } from '../../src/services/accessTokens';
import { TableTicketStore, type TicketStore } from '../../src/storage/ticketStore';
import { aTicket } from '../support/builders';

let storage: TestStorage;
let store: TicketStore;
let table: TableClient;

beforeAll(async () => {
  storage = await startTestStorage();
  table = TableClient.fromConnectionString(storage.connectionString, `tickets${randomUUID().replace(/-/g, '').slice(0, 12)}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  store = new TableTicketStore(table);
});
afterAll(async () => {
  await storage?.stop();
});

const at = '2025-01-13T10:00:00.000Z';

/** Every row of a ticket's partition, in key order. */
async function rowsOf(confirmationNumber: string): Promise<Array<{ rowKey?: string } & Record<string, unknown>>> {
  const rows: Array<{ rowKey?: string } & Record<string, unknown>> = [];
  for await (const row of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${confirmationNumber}` } })) rows.push(row);
  return rows;
}
const sent = (note: string) => ({ at, event: 'notification-sent' as const, status: 'submitted' as const, note });

/** A ticket of a number of its own, stored with its submission; `token` is the hash the submission's token was stored as. */
async function aStoredTicket(overrides: Partial<Ticket> = {}) {
  const ticket = aTicket({ confirmationNumber: `SE-${randomUUID().slice(0, 8).toUpperCase()}`, ...overrides });
  const token = hashToken(randomUUID());
  await store.create(ticket, { at: ticket.submittedAt, event: 'submitted', status: 'submitted' }, token);
  return { ticket, token };
}

/** A stored ticket with its submission and an acknowledgement. */
async function anAcknowledgedTicket() {
  const { ticket } = await aStoredTicket();
  const stored = (await store.get(ticket.confirmationNumber))!;
  const change = acknowledge(ticket, { priority: 'p2' }, new Date(at));
  const announced = store.nextEventId(stored);
  const written = await store.update(stored, change.ticket, change.entry);
  return { confirmationNumber: ticket.confirmationNumber, submission: store.submissionEventId(ticket.confirmationNumber), announced, written };
}

describe('TableTicketStore event ids', () => {
  it('gives a change the id it announced before the write, and finds each event by its id', async () => {
    const t = await anAcknowledgedTicket();

    expect(t.written).toBe(t.announced);
    expect(t.written).not.toBe(t.submission);
    expect(await store.historyEvent(t.confirmationNumber, t.submission)).toBe('submitted');
    expect(await store.historyEvent(t.confirmationNumber, t.written)).toBe('acknowledged');
  });

  it('takes the history row key an old message or row carries as the id of the same event, outcomes included', async () => {
    const t = await anAcknowledgedTicket();

    expect(await store.historyEvent(t.confirmationNumber, 'h-0000')).toBe('submitted');
    expect(await store.historyEvent(t.confirmationNumber, 'h-0001')).toBe('acknowledged');
    // One outcome per event, whichever of its two names recorded it.
    expect(await store.recordNotification(t.confirmationNumber, 'h-0001', 'sent', sent('acknowledged'))).toBe(true);
    expect(await store.recordNotification(t.confirmationNumber, t.written, 'sent', sent('acknowledged'))).toBe(false);
    expect(await store.notificationOutcome(t.confirmationNumber, t.written)).toBe('sent');
    expect(await store.notificationOutcome(t.confirmationNumber, t.submission)).toBeNull();
  });

  it("reads the ticket with one event and its email's outcome in one go, each event's own (a sent email winning over a failure)", async () => {
    const t = await anAcknowledgedTicket();
    const read = (eventId: string) => store.ticketWithEvent(t.confirmationNumber, eventId);

    const first = await read(t.submission);
    expect(first.stored?.ticket).toMatchObject({ confirmationNumber: t.confirmationNumber, status: 'acknowledged' });
    expect(first.stored?.etag).toBe((await store.get(t.confirmationNumber))!.etag);
    expect(first).toMatchObject({ entry: { event: 'submitted' }, outcome: null });
    await store.recordNotification(t.confirmationNumber, t.written, 'failed', { ...sent('acknowledged'), event: 'notification-failed' });
    expect(await read(t.written)).toMatchObject({ entry: { event: 'acknowledged' }, outcome: 'failed' });
    await store.recordNotification(t.confirmationNumber, t.written, 'sent', sent('acknowledged'));
    expect((await read(t.written)).outcome).toBe('sent');
    // The submission's rows sort right before the acknowledgement's: neither reads the other's outcome.
    expect((await read(t.submission)).outcome).toBeNull();
    for (const id of ['e7', 'ticket', 'x']) {
      const none = await read(id);
      expect(none.stored?.ticket.confirmationNumber, id).toBe(t.confirmationNumber);
      expect(none, id).toMatchObject({ entry: null, outcome: null });
    }
    expect(await store.ticketWithEvent('SE-NOPE-NOPE-00000', t.submission)).toEqual({ stored: null, entry: null, outcome: null });
  });

  it("adds an email's token with the claim of the operators' announcement, and still adds it when the claim was taken before", async () => {
    const t = await anAcknowledgedTicket();
    const [first, second] = [randomUUID().replace(/-/g, ''), randomUUID().replace(/-/g, '')];

    expect(await store.claimOperatorAnnouncement(t.confirmationNumber, t.submission, first)).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, first, new Date())).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, hashToken(randomUUID()), new Date())).toBe(false);
    // The confirmation's token rides on the claim, one row written once: no token row of its own.
    const claimRows = await rowsOf(t.confirmationNumber);
    expect(claimRows.find((r) => r.rowKey === 'o-0000~announced')).toMatchObject({ TokenHash: first });
    expect(claimRows.map((r) => r.rowKey).filter((k) => k?.startsWith('t-'))).toEqual([]);
    // A redelivery after a crash between the claim and the email: no second announcement, but its
    // email's link must work, and so must the first one's.
    expect(await store.claimOperatorAnnouncement(t.confirmationNumber, t.submission, second)).toBe(false);
    expect(await store.hasTokenHash(t.confirmationNumber, second, new Date())).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, first, new Date('2040-01-01T00:00:00.000Z'))).toBe(true);
    expect(await store.claimOperatorAnnouncement(t.confirmationNumber, t.submission)).toBe(false);
    // Not a token of another ticket.
    const other = await anAcknowledgedTicket();
    expect(await store.hasTokenHash(other.confirmationNumber, first, new Date())).toBe(false);
  });

  it("refuses a token on another event's announcement, where no check would find it, and writes nothing", async () => {
    const t = await anAcknowledgedTicket();
    const before = await rowsOf(t.confirmationNumber);
    await expect(store.claimOperatorAnnouncement(t.confirmationNumber, t.announced, hashToken(randomUUID()))).rejects.toThrow(/only on the submission/);
    expect(await rowsOf(t.confirmationNumber)).toEqual(before);
    expect(await store.claimOperatorAnnouncement(t.confirmationNumber, t.announced)).toBe(true);
  });

  it("opens a ticket whose confirmation's token was stored as a token row beside a bare claim, as before", async () => {
    const t = await anAcknowledgedTicket();
    const token = hashToken(randomUUID());
    // As the earlier version wrote it: the claim without the hash, the token in a row of its own.
    await table.createEntity({ partitionKey: t.confirmationNumber, rowKey: 'o-0000~announced' });
    await table.upsertEntity({ partitionKey: t.confirmationNumber, rowKey: `t-${token}` }, 'Replace');
    expect(await store.claimOperatorAnnouncement(t.confirmationNumber, t.submission)).toBe(false);
    expect(await store.hasTokenHash(t.confirmationNumber, token, new Date())).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, hashToken(randomUUID()), new Date())).toBe(false);
  });

  it('keeps the submission’s token on its history row: two rows written, the token opens the ticket, and still does after changes', async () => {
    const { ticket, token } = await aStoredTicket();

    const rows = await rowsOf(ticket.confirmationNumber);
    expect(rows.map((r) => r.rowKey)).toEqual(['h-0000', 'ticket']);
    expect(rows[0]).toMatchObject({ TokenHash: token });
    expect(await store.hasTokenHash(ticket.confirmationNumber, token, new Date())).toBe(true);
    expect(await store.hasTokenHash(ticket.confirmationNumber, hashToken(randomUUID()), new Date())).toBe(false);
    // The hash is the ticket's only: not a token of another ticket, and not in what the ticket reads as.
    const other = await anAcknowledgedTicket();
    expect(await store.hasTokenHash(other.confirmationNumber, token, new Date())).toBe(false);
    expect(JSON.stringify(await store.get(ticket.confirmationNumber))).not.toContain(token);

    const stored = (await store.get(ticket.confirmationNumber))!;
    const change = acknowledge(ticket, { priority: 'p2' }, new Date(at));
    await store.update(stored, change.ticket, change.entry);
    expect(await store.hasTokenHash(ticket.confirmationNumber, token, new Date('2040-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('opens a ticket stored before the submission’s token moved to its history row with that token, from its token row', async () => {
    const { ticket, token } = await aStoredTicket();
    // As the earlier version wrote it: the history row without the hash, the token in a row of its own.
    const {
      etag: _etag,
      timestamp: _timestamp,
      TokenHash: _hash,
      ...submission
    } = await table.getEntity<{ TokenHash?: string }>(ticket.confirmationNumber, 'h-0000');
    await table.updateEntity({ ...submission, partitionKey: ticket.confirmationNumber, rowKey: 'h-0000' }, 'Replace');
    await table.createEntity({ partitionKey: ticket.confirmationNumber, rowKey: `t-${token}` });

    expect(await store.hasTokenHash(ticket.confirmationNumber, token, new Date())).toBe(true);
    expect(await store.hasTokenHash(ticket.confirmationNumber, hashToken(randomUUID()), new Date())).toBe(false);
  });

  it('takes back what create wrote: afterwards the number and its token open nothing', async () => {
    const { ticket, token } = await aStoredTicket();

    await store.remove(ticket.confirmationNumber);

    expect(await rowsOf(ticket.confirmationNumber)).toEqual([]);
    expect(await store.get(ticket.confirmationNumber)).toBeNull();
    expect(await store.hasTokenHash(ticket.confirmationNumber, token, new Date())).toBe(false);
  });

  it("keeps an email's token for good and ends a page's token at its end", async () => {
    const t = await anAcknowledgedTicket();
    const [email, page] = [randomUUID().replace(/-/g, ''), randomUUID().replace(/-/g, '')];
    const ends = new Date('2027-03-01T10:00:00.000Z');
    await store.addTokenHash(t.confirmationNumber, email);
    await store.addTokenHash(t.confirmationNumber, page, ends);
    const before = new Date(ends.getTime() - 1);
    const farLater = new Date('2040-01-01T00:00:00.000Z');
    expect(await store.hasTokenHash(t.confirmationNumber, page, before)).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, page, ends)).toBe(false);
    expect(await store.hasTokenHash(t.confirmationNumber, email, farLater)).toBe(true);
    expect(await store.hasTokenHash(t.confirmationNumber, randomUUID().replace(/-/g, ''), before)).toBe(false);
    expect(await store.hasTokenHash('SE-NOPE-NOPE-00000', page, before)).toBe(false);
  });

  it('finds no event, and records nothing, for a string it never handed out, not even another row key', async () => {
    const t = await anAcknowledgedTicket();

    for (const id of ['ticket', 'h-0001~sent', 'e01', 'e-1', 'h-1', 'x']) {
      expect(await store.historyEvent(t.confirmationNumber, id), id).toBeNull();
      expect(await store.recordNotification(t.confirmationNumber, id, 'failed', sent('acknowledged')), id).toBe(false);
      expect(await store.notificationOutcome(t.confirmationNumber, id), id).toBeNull();
    }
    expect(await store.historyEvent(t.confirmationNumber, 'e7')).toBeNull(); // a well-formed id of an event that never happened
    expect((await store.history(t.confirmationNumber)).map((h) => h.event)).toEqual(['submitted', 'acknowledged']);
  });
});

describe('TableTicketStore reads a ticket written before the whole vector was scored', () => {
  /** A stored ticket whose row holds the score as it was written then: version, baseScore and the base severity. */
  async function aLegacyTicket(cvssVector: string, legacy: { version: string; baseScore: number; severity: string }) {
    const { ticket } = await aStoredTicket({ cvssVector });
    const row = await table.getEntity<{ Core: string }>(ticket.confirmationNumber, 'ticket');
    const core = JSON.parse(row.Core) as Record<string, unknown>;
    await table.updateEntity({ partitionKey: ticket.confirmationNumber, rowKey: 'ticket', Core: JSON.stringify({ ...core, cvss: legacy }) }, 'Merge');
    return (await store.get(ticket.confirmationNumber))!.ticket;
  }

  it('scores its vector again, whole', async () => {
    const ticket = await aLegacyTicket('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L', {
      version: '3.1',
      baseScore: 9.8,
      severity: 'critical',
    });
    expect(ticket.cvss).toEqual({ version: '3.1', baseScore: 9.8, baseSeverity: 'critical', score: 6.6, severity: 'medium' });
  });

  it('keeps the base score as the whole one when the check now refuses its vector', async () => {
    // Accepted before 4.0's metric order was checked; the whole score is then what it was scored as.
    const ticket = await aLegacyTicket('CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U', {
      version: '4.0',
      baseScore: 9.3,
      severity: 'critical',
    });
    expect(ticket.cvss).toEqual({ version: '4.0', baseScore: 9.3, baseSeverity: 'critical', score: 9.3, severity: 'critical', nomenclature: 'CVSS-B' });
  });
});

describe('TableTicketStore and the report’s later parts', () => {
  it('keeps affected versions, weakness, exploitation and the disclosure date, markup as it was sent', async () => {
    const ticket = aTicket({
      confirmationNumber: `SE-${randomUUID().slice(0, 8).toUpperCase()}`,
      affectedVersions: '<script>alert(1)</script> 2.0–2.4.1\n3.0',
      weakness: 'CWE-79',
      exploitation: 'active',
      publicDisclosure: '2025-09-30',
    });
    await store.create(ticket, { at: ticket.submittedAt, event: 'submitted', status: 'submitted' }, randomUUID());
    expect((await store.get(ticket.confirmationNumber))!.ticket).toMatchObject({
      affectedVersions: '<script>alert(1)</script> 2.0–2.4.1\n3.0',
      weakness: 'CWE-79',
      exploitation: 'active',
      publicDisclosure: '2025-09-30',
    });
  });

  it('reads a ticket written before they were asked as not given: no versions, no weakness, exploitation unknown, no date', async () => {
    const { ticket } = await aStoredTicket({ exploitation: 'active', weakness: 'CWE-79' });
    const row = await table.getEntity<{ Core: string }>(ticket.confirmationNumber, 'ticket');
    const { affectedVersions: _v, weakness: _w, exploitation: _e, publicDisclosure: _d, ...old } = JSON.parse(row.Core) as Record<string, unknown>;
    await table.updateEntity({ partitionKey: ticket.confirmationNumber, rowKey: 'ticket', Core: JSON.stringify(old) }, 'Merge');
    expect((await store.get(ticket.confirmationNumber))!.ticket).toMatchObject({
      affectedVersions: null,
      weakness: null,
      exploitation: 'unknown',
      publicDisclosure: null,
    });
  });
});
