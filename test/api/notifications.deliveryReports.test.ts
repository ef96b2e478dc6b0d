// What ACS learns after it accepted an email: its EmailDeliveryReportReceived events, as Event Grid
// puts them on the email-delivery-reports queue (one event a message, Event Grid schema, base64
// JSON), through the local host over Azurite. The emails themselves go through the real ACS client
// to the local ACS endpoint, whose operation id is the message id the reports name.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission } from '../support/builders';
import type { FakeAcs } from '../../tools/testkit/fakeAcs';
import type { TestHost } from '../support/testHost';
import {
  alertSources,
  alertsIn,
  drained,
  eventually,
  historyOf,
  notificationEntries,
  putMessage,
  queue,
  runsOf,
  startAcsTestHost,
  submit,
  type AcsTestHost,
  type Submitted,
} from './notifications.support';

const REPORTS = 'email-delivery-reports';
/** The documented sample event (test/fixtures), to be given the message id and status of a test. */
const SAMPLE = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'email-delivery-report.json'), 'utf8')) as {
  id: string;
  data: { messageId: string; status: string; deliveryStatusDetails: { statusMessage: string } };
};

let world: AcsTestHost;
let t: TestHost;
let acs: FakeAcs;
let output: AcsTestHost['output'];
const secrets: string[] = [];

beforeAll(async () => {
  world = await startAcsTestHost();
  ({ t, acs, output } = world);
});
afterAll(() => world?.stop());
afterEach(() => {
  const everything = [...t.logs, ...output.lines].join('\n');
  for (const secret of secrets) expect(everything).not.toContain(secret);
});

/** A ticket whose confirmation email ACS accepted (and the app recorded), with that email's message id. */
async function confirmed(): Promise<Submitted & { messageId: string }> {
  const ticket = await submit(t, aSubmission());
  secrets.push(ticket.accessToken);
  await eventually('notification-sent', async () => (await notificationEntries(t, ticket.confirmationNumber)).includes('notification-sent:submitted'));
  const email = acs.accepted.find((e) => e.subject.startsWith(`[${ticket.confirmationNumber}]`));
  if (!email) throw new Error('ACS accepted no email for the ticket');
  return { ...ticket, messageId: email.operationId };
}

/** The sample event about one email, with a delivery status of the test's choosing. */
function deliveryReport(messageId: string, status: string, eventId = randomUUID()) {
  const event = structuredClone(SAMPLE);
  event.id = eventId;
  event.data.messageId = messageId;
  event.data.status = status;
  return event;
}

/**
 * Puts messages on the report queue as Event Grid does (a string as that text, anything else as its
 * JSON; base64 either way) and waits until the function has run for each.
 */
async function deliver(...messages: unknown[]): Promise<void> {
  const runs = runsOf(t, 'recordDeliveryReport');
  for (const message of messages) {
    if (typeof message === 'string') await queue(t, REPORTS).sendMessage(Buffer.from(message, 'utf8').toString('base64'));
    else await putMessage(t, REPORTS, message);
  }
  await eventually(`${messages.length} report(s) handled`, () => runsOf(t, 'recordDeliveryReport') >= runs + messages.length);
  await drained(t, REPORTS);
}

async function poisoned(): Promise<number> {
  const poison = queue(t, `${REPORTS}-poison`);
  return (await poison.exists()) ? ((await poison.getProperties()).approximateMessagesCount ?? 0) : 0;
}

describe('a delivery report that an email did not arrive', () => {
  it('puts notification-failed in the history and raises one NotificationFailed alert with the reason', async () => {
    const ticket = await confirmed();

    await deliver(deliveryReport(ticket.messageId, 'Bounced'));

    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted', 'notification-failed:submitted']);
    const alerts = alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber);
    expect(alerts).toEqual([
      expect.objectContaining({
        level: 'alert',
        confirmationNumber: ticket.confirmationNumber,
        event: 'submitted',
        reason: 'Bounced: 550 5.1.1 <address>: Recipient address rejected: User unknown',
      }),
    ]);
    expect(
      alertSources(
        output.entries.filter((e) => e.line.includes(ticket.confirmationNumber)),
        'NotificationFailed',
      ),
    ).toEqual([['recordDeliveryReport', 'warn']]);
    // The reporter sees that an email failed, in words of their page, never ACS's text.
    const res = await t.fetch(`/api/tickets/${ticket.confirmationNumber}`, { headers: { authorization: `Bearer ${ticket.accessToken}` } });
    const { history } = (await res.json()) as { history: Array<{ event: string; note?: string }> };
    expect(history.find((h) => h.event === 'notification-failed')).toMatchObject({ about: 'submitted' });
    expect(JSON.stringify(history)).not.toMatch(/Bounced|550|Recipient/);
    // Nor does any line carry the reporter's address.
    expect(output.lines.filter((l) => l.includes(ticket.confirmationNumber)).join('\n')).not.toContain('ada@contoso.example');
  });

  it('raises the alert once when Event Grid delivers the same event twice', async () => {
    const ticket = await confirmed();
    const report = deliveryReport(ticket.messageId, 'Suppressed');

    await deliver(report, report);

    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted', 'notification-failed:submitted']);
    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^Suppressed: /) }),
    ]);
  });

  it('records each failing status ACS documents, whatever the case of the message id', async () => {
    for (const status of ['Quarantined', 'FilteredSpam', 'Failed']) {
      const ticket = await confirmed();

      await deliver(deliveryReport(ticket.messageId.toUpperCase(), status));

      expect(await notificationEntries(t, ticket.confirmationNumber), status).toContain('notification-failed:submitted');
      expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber), status).toHaveLength(1);
    }
  });
});

describe('other delivery reports', () => {
  it('changes nothing the reporter sees when the email was delivered', async () => {
    const ticket = await confirmed();
    const before = await historyOf(t, ticket.confirmationNumber);

    await deliver(deliveryReport(ticket.messageId, 'Delivered'));

    expect(await historyOf(t, ticket.confirmationNumber)).toEqual(before);
    expect(alertsIn(output.lines, 'NotificationFailed', ticket.confirmationNumber)).toEqual([]);
    expect(output.lines.some((l) => l.includes('"email delivered"') && l.includes(ticket.confirmationNumber))).toBe(true);
  });

  it('drops a report for an email it does not know with a log line, without retrying it', async () => {
    const unknown = randomUUID();
    const runs = runsOf(t, 'recordDeliveryReport');

    await deliver(deliveryReport(unknown, 'Bounced'));

    expect(runsOf(t, 'recordDeliveryReport')).toBe(runs + 1);
    expect(output.lines.some((l) => l.includes('delivery report for an unknown email dropped') && l.includes(unknown))).toBe(true);
    expect(t.logs.filter((l) => l.includes('[recordDeliveryReport] error'))).toEqual([]);
    expect(await poisoned()).toBe(0);
  });

  it('logs and drops a malformed message once instead of poisoning it', async () => {
    const runs = runsOf(t, 'recordDeliveryReport');

    await deliver(
      { hello: 'world' },
      'not an event at all {',
      { ...deliveryReport(randomUUID(), 'Bounced'), data: { messageId: 'no/such#key', status: 'Bounced' } },
      { ...deliveryReport(randomUUID(), 'Bounced'), eventType: 'Microsoft.Communication.EmailEngagementTrackingReportReceived' },
    );

    expect(runsOf(t, 'recordDeliveryReport')).toBe(runs + 4); // once each: none failed, so none is retried
    const warnings = output.entries.filter((e) => e.functionName === 'recordDeliveryReport' && e.level === 'warn').map((e) => e.line);
    expect(warnings.filter((l) => l.includes('malformed delivery report message dropped'))).toHaveLength(2);
    expect(warnings.filter((l) => l.includes('malformed delivery report dropped'))).toHaveLength(1);
    expect(warnings.filter((l) => l.includes('event of another type dropped'))).toHaveLength(1);
    expect(await poisoned()).toBe(0);
  });
});
