// The emails end to end through Azure Communication Services: the real @azure/communication-email
// client, driven by the app's queue trigger, against a local server that speaks the ACS Email
// protocol and checks every HMAC signature (tools/testkit/fakeAcs.ts).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailOperationId } from '../../src/email/message';
import { eventIdOf, historyKey, notificationKey } from '../../src/storage/ticketStore';
import { aSubmission } from '../support/builders';
import { startFakeAcs, type FakeAcs } from '../../tools/testkit/fakeAcs';
import { startTestHost, type TestHost } from '../support/testHost';
import {
  OPS_KEY,
  alertSources,
  alertsIn,
  captureConsole,
  drained,
  eventually,
  notificationEntries,
  operator,
  pendingRows,
  putMessage,
  runsOf,
  storageKeyOf,
  submit,
  tickets,
  type Submitted,
} from './notifications.support';

let t: TestHost;
let acs: FakeAcs;
let output: ReturnType<typeof captureConsole>;
const secrets: string[] = [];

beforeAll(async () => {
  acs = await startFakeAcs();
  output = captureConsole();
  t = await startTestHost({
    env: { OPS_API_KEY: OPS_KEY, ACS_CONNECTION_STRING: acs.connectionString, EMAIL_SENDER: 'DoNotReply@intake.example' },
  });
});
afterAll(async () => {
  await t?.stop();
  await acs?.stop();
  output?.restore();
});
afterEach(() => {
  const everything = [...t.logs, ...output.lines].join('\n');
  for (const secret of [...secrets, storageKeyOf(t), acs.accessKey]) expect(everything).not.toContain(secret);
});

async function submitted(overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const ticket = await submit(t, aSubmission(overrides));
  secrets.push(ticket.accessToken);
  return ticket;
}

/** The emails ACS accepted about one ticket. */
function acceptedFor(confirmationNumber: string) {
  return acs.accepted.filter((e) => e.subject.startsWith(`[${confirmationNumber}]`));
}

/** The send requests that reached ACS for one event's email (its Operation-Id), whatever the answer. */
function sendsOf(confirmationNumber: string, event: string, eventId = eventIdOf(0)): number[] {
  const id = emailOperationId(confirmationNumber, event, eventId);
  return acs.log.filter((r) => r.method === 'POST' && r.operationId === id).map((r) => r.status);
}

/** The queue message of a ticket's confirmation email, as the app writes it. */
function confirmationMessage(ticket: Submitted) {
  return { confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventId: eventIdOf(0), token: ticket.accessToken };
}

async function waitForSent(confirmationNumber: string, count = 1): Promise<void> {
  await eventually(
    `${count} notification-sent for ${confirmationNumber}`,
    async () => (await notificationEntries(t, confirmationNumber)).filter((e) => e.startsWith('notification-sent')).length >= count,
  );
}

describe('confirmation email through ACS', () => {
  it('hands one email to ACS for the reporter, with the number in the subject, and records it', async () => {
    const ticket = await submitted({ reporter: { locale: 'en' } });

    await waitForSent(ticket.confirmationNumber);
    process.stdout.write(`201 to ACS accepted and recorded: ${((Date.now() - ticket.receivedAt) / 1000).toFixed(2)} s\n`);

    const [email, ...more] = acceptedFor(ticket.confirmationNumber);
    expect(more).toEqual([]);
    expect(email!.to).toEqual([{ address: 'ada@contoso.example' }]); // no display name: the submitter chose it
    expect(email!.sender).toBe('DoNotReply@intake.example');
    expect(email!.subject).toBe(`[${ticket.confirmationNumber}] Security event received`);
    // The status link's token rides after `#`, in no query: the host never receives it.
    expect(email!.plainText).toMatch(/\/api\/tickets\/[A-Z0-9-]+#token=[A-Za-z0-9_-]{43}\b/);
    expect(email!.plainText).not.toMatch(/\?token=/);
    expect(email!.html).toContain('<html lang="en"');
    expect(email!.operationId).toBe(emailOperationId(ticket.confirmationNumber, 'submitted', eventIdOf(0)));
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
    expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);
  });

  it('retries a 5xx and sends one email', async () => {
    acs.failNext(1, 503);
    const ticket = await submitted();

    await waitForSent(ticket.confirmationNumber);

    expect(sendsOf(ticket.confirmationNumber, 'submitted')).toEqual([503, 202]);
    expect(acceptedFor(ticket.confirmationNumber)).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After, then sends one email', async () => {
    acs.failNext(1, 429, { retryAfterSeconds: 1 });
    const ticket = await submitted();

    await waitForSent(ticket.confirmationNumber);

    expect(sendsOf(ticket.confirmationNumber, 'submitted')).toEqual([429, 202]);
    expect(acceptedFor(ticket.confirmationNumber)).toHaveLength(1);
  });

  it('sends nothing more when the same queue message is delivered twice', async () => {
    const ticket = await submitted();
    await waitForSent(ticket.confirmationNumber);
    const runs = runsOf(t, 'sendNotification');

    await putMessage(t, 'ticket-notifications', confirmationMessage(ticket));
    await eventually('the duplicate to be handled', () => runsOf(t, 'sendNotification') > runs);
    await drained(t, 'ticket-notifications');

    // Our own record stopped it: ACS was not even asked again.
    expect(sendsOf(ticket.confirmationNumber, 'submitted')).toEqual([202]);
    expect(acceptedFor(ticket.confirmationNumber)).toHaveLength(1);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  });

  it('sends one email when the worker crashed between the send and its record (ACS deduplicates the Operation-Id)', async () => {
    const ticket = await submitted();
    await waitForSent(ticket.confirmationNumber);
    // The state a crash right after ACS accepted the email leaves: no record, the message back on the queue.
    await tickets(t).deleteEntity(ticket.confirmationNumber, notificationKey(historyKey(0), 'sent'));
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual([]);

    await putMessage(t, 'ticket-notifications', confirmationMessage(ticket));
    await waitForSent(ticket.confirmationNumber);

    expect(sendsOf(ticket.confirmationNumber, 'submitted')).toEqual([202, 202]); // asked twice, under one Operation-Id
    expect(acceptedFor(ticket.confirmationNumber)).toHaveLength(1); // delivered once
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  });

  it('sends exactly one update per later change, in the reporter language', async () => {
    const ticket = await submitted({ reporter: { locale: 'en' } });
    await waitForSent(ticket.confirmationNumber);

    await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p1', severity: 'critical' });
    await waitForSent(ticket.confirmationNumber, 2);
    await operator(t, ticket.confirmationNumber, 'status', { status: 'investigating' });
    await waitForSent(ticket.confirmationNumber, 3);
    await operator(t, ticket.confirmationNumber, 'status', { status: 'resolved', outcome: 'revise-offer' });
    await waitForSent(ticket.confirmationNumber, 4);
    await drained(t, 'ticket-notifications');

    const emails = acceptedFor(ticket.confirmationNumber);
    expect(emails.map((e) => e.subject)).toEqual(
      ['Security event received', 'Security event acknowledged', 'Security event under investigation', 'Security event resolved'].map(
        (s) => `[${ticket.confirmationNumber}] ${s}`,
      ),
    );
    expect(emails[1]!.plainText).toMatch(/Priority: P1[\s\S]*Severity: critical/);
    expect(emails[3]!.plainText).toContain('Outcome: The offer is being revised.');
    // Each update carries its own working link: the page for its path answers 200, and the token
    // from its fragment, sent as the page sends it, opens the ticket.
    for (const email of emails.slice(1)) {
      const link = new URL(/https?:\/\/\S+#token=\S+/.exec(email.plainText!)![0]);
      expect(link.search).toBe('');
      const token = new URLSearchParams(link.hash.slice(1)).get('token')!;
      secrets.push(token);
      expect((await t.fetch(link.pathname, { headers: { accept: 'text/html' } })).status).toBe(200);
      expect((await t.fetch(link.pathname, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await t.fetch(link.pathname, { headers: { accept: 'application/json', authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    expect((await notificationEntries(t, ticket.confirmationNumber)).sort()).toEqual(
      ['acknowledged', 'investigating', 'resolved', 'submitted'].map((e) => `notification-sent:${e}`),
    );
  });
});

it('says at start that the emails go to ACS, naming the endpoint but never the key', () => {
  expect(output.lines).toContain(
    `Emails: sent through Azure Communication Services at ${new URL(acs.endpoint).origin} (access key), from DoNotReply@intake.example`,
  );
});

describe('an email ACS rejects permanently', () => {
  it('ends in the poison queue, the ticket history within 60 s, and one NotificationFailed alert line', async () => {
    acs.rejectRecipients('@rejected.example');
    const ticket = await submitted({ reporter: { email: 'nobody@rejected.example' } });

    await eventually('notification-failed in the history', async () =>
      (await notificationEntries(t, ticket.confirmationNumber)).includes('notification-failed:submitted'),
    );
    process.stdout.write(`201 to notification-failed: ${((Date.now() - ticket.receivedAt) / 1000).toFixed(2)} s\n`);
    expect(Date.now() - ticket.receivedAt).toBeLessThan(60_000);
    await drained(t, 'ticket-notifications-poison');

    expect(sendsOf(ticket.confirmationNumber, 'submitted')).toEqual([400]); // not retried: it cannot succeed
    expect(acceptedFor(ticket.confirmationNumber)).toEqual([]);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-failed:submitted']);
    expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);
    const alerts = alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber);
    expect(alerts).toEqual([
      expect.objectContaining({
        level: 'alert',
        alert: 'NotificationFailed',
        confirmationNumber: ticket.confirmationNumber,
        event: 'submitted',
        reason: 'rejected by the email service: InvalidRecipient',
      }),
    ]);
    // One line, nothing the operator does not need: no address, no token.
    const line = output.lines.find((l) => l.includes('"NotificationFailed"') && l.includes(ticket.confirmationNumber))!;
    expect(line).not.toContain('nobody@rejected.example');
    expect(
      alertSources(
        output.entries.filter((e) => e.line.includes(ticket.confirmationNumber)),
        'NotificationFailed',
      ),
    ).toEqual([['handleFailedNotification', 'warn']]);

    // The poison handler is idempotent: the same poison message twice more changes nothing.
    const message = confirmationMessage(ticket);
    const runs = runsOf(t, 'handleFailedNotification');
    await putMessage(t, 'ticket-notifications-poison', message);
    await putMessage(t, 'ticket-notifications-poison', message);
    await eventually('both poison messages handled', () => runsOf(t, 'handleFailedNotification') >= runs + 2);
    await drained(t, 'ticket-notifications-poison');

    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-failed:submitted']);
    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toHaveLength(1);
  });

  it('raises no alert for a poison message whose email did go out', async () => {
    const ticket = await submitted();
    await waitForSent(ticket.confirmationNumber);
    const runs = runsOf(t, 'handleFailedNotification');

    await putMessage(t, 'ticket-notifications-poison', confirmationMessage(ticket));
    await eventually('the poison message handled', () => runsOf(t, 'handleFailedNotification') > runs);

    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toEqual([]);
  });

  it('says "failed on every queue retry" for a message the runtime moved to the poison queue', async () => {
    const ticket = await submitted();
    await waitForSent(ticket.confirmationNumber);
    await operator(t, ticket.confirmationNumber, 'acknowledge', { priority: 'p3', severity: 'low' });
    await waitForSent(ticket.confirmationNumber, 2);
    await tickets(t).deleteEntity(ticket.confirmationNumber, notificationKey(historyKey(1), 'sent'));

    // What the runtime puts there after the last failed try: the message unchanged, unmarked.
    await putMessage(t, 'ticket-notifications-poison', { ...confirmationMessage(ticket), event: 'acknowledged', eventId: eventIdOf(1) });
    await eventually('notification-failed', async () => (await notificationEntries(t, ticket.confirmationNumber)).includes('notification-failed:acknowledged'));

    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toEqual([
      expect.objectContaining({ event: 'acknowledged', reason: 'failed on every queue retry' }),
    ]);
  });
});
