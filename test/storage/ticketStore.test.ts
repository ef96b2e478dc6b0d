// The ticket store's event ids against real Azurite: the store mints them before the write, finds
// each event by its id with one point read, and takes the history row keys that messages and rows
// written before events had ids carry as the ids of the same events.

import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage, type TestStorage } from '@security-event-intake/local-host/testing';
import { acknowledge } from '../../src/domain/ticket';
import { TableTicketStore, type TicketStore } from '../../src/storage/ticketStore';
import { aTicket } from '../support/builders';

let storage: TestStorage;
let store: TicketStore;

beforeAll(async () => {
  storage = await startTestStorage();
  const table = TableClient.fromConnectionString(storage.connectionString, `tickets${randomUUID().replace(/-/g, '').slice(0, 12)}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  store = new TableTicketStore(table);
});
afterAll(async () => {
  await storage?.stop();
});

const at = '2025-01-13T10:00:00.000Z';
const sent = (note: string) => ({ at, event: 'notification-sent' as const, status: 'submitted' as const, note });

/** A stored ticket with its submission and an acknowledgement. */
async function anAcknowledgedTicket() {
  const ticket = aTicket({ confirmationNumber: `SE-${randomUUID().slice(0, 8).toUpperCase()}` });
  await store.create(ticket, { at: ticket.submittedAt, event: 'submitted', status: 'submitted' }, randomUUID());
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
