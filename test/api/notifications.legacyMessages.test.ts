// What was queued and stored before events had ids of their own: queue messages then named the
// event by its history row (`eventKey: "h-0000"`), and so did the sent-email and pending rows.
// Those keep working after the change: the ticket store takes such a key as that event's id. The
// host runs no queue worker here; the test hands each message to its function itself.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOperationId } from '../../src/email/message';
import { eventIdOf } from '../../src/storage/ticketStore';
import type { FakeAcs } from '../../tools/testkit/fakeAcs';
import { aSubmission } from '../support/builders';
import type { TestHost } from '../support/testHost';
import { alertsIn, notificationEntries, queue, startAcsTestHost, submit, type AcsTestHost, type Submitted } from './notifications.support';

let world: AcsTestHost;
let t: TestHost;
let acs: FakeAcs;
let output: AcsTestHost['output'];

beforeAll(async () => {
  world = await startAcsTestHost({ enableQueues: false });
  ({ t, acs, output } = world);
});
afterAll(() => world?.stop());

/** A stored ticket whose own confirmation message is gone: its email waits for the test's message. */
async function unsentTicket(): Promise<Submitted> {
  const ticket = await submit(t, aSubmission());
  await queue(t, 'ticket-notifications').clearMessages();
  return ticket;
}

/** The send requests that reached ACS under one Operation-Id, whatever the answer. */
const sendsUnder = (operationId: string) => acs.log.filter((r) => r.method === 'POST' && r.operationId === operationId).map((r) => r.status);
const acceptedFor = (confirmationNumber: string) => acs.accepted.filter((e) => e.subject.startsWith(`[${confirmationNumber}]`));

describe('a notification message queued before events had ids', () => {
  it('is sent once, under the Operation-Id its earlier tries had, and a message naming the same event by its new id sends nothing more', async () => {
    const ticket = await unsentTicket();
    const queuedAt = new Date().toISOString();

    await t.runFunction(
      'sendNotification',
      JSON.stringify({ confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventKey: 'h-0000', queuedAt }),
    );

    // The same Operation-Id as before the change: ACS recognises a retry of an email it already took.
    expect(sendsUnder(emailOperationId(ticket.confirmationNumber, 'submitted', 'h-0000'))).toEqual([202]);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);

    await t.runFunction(
      'sendNotification',
      JSON.stringify({ confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventId: eventIdOf(0), queuedAt }),
    );

    expect(sendsUnder(emailOperationId(ticket.confirmationNumber, 'submitted', eventIdOf(0)))).toEqual([]);
    expect(acceptedFor(ticket.confirmationNumber)).toHaveLength(1);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  });

  it('is still checked against the history: an old-format message naming another event is dropped', async () => {
    const ticket = await unsentTicket();

    await t.runFunction(
      'sendNotification',
      JSON.stringify({ confirmationNumber: ticket.confirmationNumber, event: 'acknowledged', eventKey: 'h-0000', queuedAt: new Date().toISOString() }),
    );

    expect(acceptedFor(ticket.confirmationNumber)).toEqual([]);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual([]);
  });
});

describe('a sent-email row written before events had ids', () => {
  it('still leads a delivery report to its ticket event: one notification-failed and one alert', async () => {
    const ticket = await unsentTicket();
    await t.runFunction('sendNotification', JSON.stringify({ confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventId: eventIdOf(0) }));
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
    // The row as the notifier wrote it then, under an email id of that time.
    const messageId = randomUUID();
    const sentEmails = TableClient.fromConnectionString(t.connectionString, 'sentemails', { allowInsecureConnection: true });
    await sentEmails.createEntity({
      partitionKey: messageId,
      rowKey: 'email',
      ConfirmationNumber: ticket.confirmationNumber,
      Event: 'submitted',
      EventKey: 'h-0000',
    });
    const report = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'email-delivery-report.json'), 'utf8')) as { data: { messageId: string } };
    report.data.messageId = messageId;

    await t.runFunction('recordDeliveryReport', JSON.stringify(report));
    await t.runFunction('recordDeliveryReport', JSON.stringify(report)); // Event Grid delivers at least once

    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted', 'notification-failed:submitted']);
    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toHaveLength(1);
  });
});
