// A lifecycle change's email survives a lost queue write: the pending row is written before the
// change, so the re-queue timer finds it; a pending row whose change never landed sends nothing.

import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventIdOf } from '../../src/storage/ticketStore';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, operator, pendingRows, queue, submit } from './notifications.support';

const MINUTE = 60_000;
let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: `/tmp/requeue-change-${process.pid}` },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
});
afterAll(async () => {
  useServices({});
  await t?.stop();
});

async function queuedMessages(): Promise<Array<{ event: string; eventId: string; confirmationNumber: string }>> {
  const peeked = await queue(t, 'ticket-notifications').peekMessages({ numberOfMessages: 32 });
  return peeked.peekedMessageItems.map((m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')));
}

it('queues the acknowledgement email again when its queue message was lost', async () => {
  const ticket = await submit(t, aSubmission({ reporter: { locale: 'de' } }));
  await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p2', severity: 'high' });
  expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([`${ticket.confirmationNumber}|${eventIdOf(1)}`]);
  await queue(t, 'ticket-notifications').clearMessages(); // both messages are lost

  useServices({ clock: () => new Date(Date.now() + 6 * MINUTE) });
  await t.runFunction('requeueNotifications');
  const events = (await queuedMessages()).filter((m) => m.confirmationNumber === ticket.confirmationNumber).map((m) => `${m.event}@${m.eventId}`);
  // The change's email comes back from its pending row; the confirmation's lost message is the
  // nightly reconciliation's to find (see notifications.requeue.test.ts).
  expect(events).toEqual([`acknowledged@${eventIdOf(1)}`]);
});

it('drops a pending row whose change was never stored, and queues nothing for it', async () => {
  useServices({});
  const ticket = await submit(t, aSubmission());
  await queue(t, 'ticket-notifications').clearMessages();
  // A change that lost its race or failed after its pending row was written leaves this behind
  // (here as the row was written before events had ids: the history row's key in their place).
  const index = TableClient.fromConnectionString(t.connectionString, 'ticketindex', { allowInsecureConnection: true });
  await index.upsertEntity({
    partitionKey: 'pending',
    rowKey: `${ticket.confirmationNumber}|h-0001`,
    ConfirmationNumber: ticket.confirmationNumber,
    Event: 'acknowledged',
    EventKey: 'h-0001',
    Since: new Date(Date.now() - 10 * MINUTE).toISOString(),
  });

  useServices({ clock: () => new Date(Date.now() + 6 * MINUTE) });
  await t.runFunction('requeueNotifications');
  const events = (await queuedMessages()).filter((m) => m.confirmationNumber === ticket.confirmationNumber).map((m) => m.event);
  expect(events).toEqual([]);
  expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);
});
