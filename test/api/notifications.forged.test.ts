// A message on the notification queue names a ticket, an event and the id the ticket store gave
// that event. Whoever can write to the queue (or reach the local admin endpoint) could name any
// event: the notifier emails only the event the ticket's history records under that id, so a
// forged "acknowledged" never reaches a reporter whose report nobody acknowledged.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_QUEUE } from '../../src/storage/notificationQueue';
import { eventIdOf } from '../../src/storage/ticketStore';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole, drained, eventually, notificationEntries, putMessage, runsOf, submit } from './notifications.support';

let t: TestHost;
let outbox: string;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'notifications-forged-'));
  output = captureConsole();
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox } });
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
  await rm(outbox, { recursive: true, force: true });
});

const emailsFor = async (confirmationNumber: string) =>
  (await readdir(outbox)).filter((name) => name.endsWith('.eml') && name.includes(`_${confirmationNumber}_`));

describe('a notification message whose event does not match its history row', () => {
  it('is dropped with a warning and never emailed: a forged "acknowledged" for the submission, or an event that does not exist, or an id the store never gave', async () => {
    const ticket = await submit(t, aSubmission());
    await eventually('the confirmation email', async () => (await emailsFor(ticket.confirmationNumber)).length === 1);

    const runs = runsOf(t, 'sendNotification');
    const queuedAt = new Date().toISOString();
    await putMessage(t, NOTIFICATION_QUEUE, { confirmationNumber: ticket.confirmationNumber, event: 'acknowledged', eventId: eventIdOf(0), queuedAt });
    await putMessage(t, NOTIFICATION_QUEUE, { confirmationNumber: ticket.confirmationNumber, event: 'resolved', eventId: eventIdOf(42), queuedAt });
    // The ticket row's own key: an id the store never gave is not taken for a row key.
    await putMessage(t, NOTIFICATION_QUEUE, { confirmationNumber: ticket.confirmationNumber, event: 'investigating', eventId: 'ticket', queuedAt });
    await eventually('the three messages to be handled', () => runsOf(t, 'sendNotification') >= runs + 3);
    await drained(t, NOTIFICATION_QUEUE);

    expect(await emailsFor(ticket.confirmationNumber)).toHaveLength(1);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
    const warnings = output.lines.filter((line) => line.includes('history row records dropped') && line.includes(ticket.confirmationNumber));
    expect(warnings.map((line) => (JSON.parse(line) as { event: string }).event).sort()).toEqual(['acknowledged', 'investigating', 'resolved']);
  });
});
