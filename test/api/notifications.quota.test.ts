// Emails under the ACS sending quota: a burst of reports against an endpoint that allows only a
// few sends per window (429 with the real Retry-After beyond). Every reporter gets exactly one
// confirmation once the quota allows, in the order they reported; nothing is poisoned, no
// NotificationFailed is raised for throttling, and operators hear of a long backlog once.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailOperationId } from '../../src/email/message';
import { eventIdOf } from '../../src/storage/ticketStore';
import { aSubmission } from '../support/builders';
import { startFakeAcs, type FakeAcs } from '../../tools/testkit/fakeAcs';
import { TEST_ENTRY, useServices } from '../support/app';
import { startTestHost, type TestHost } from '../support/testHost';
import {
  OPS_KEY,
  alertSources,
  captureConsole,
  eventually,
  historyOf,
  notificationEntries,
  pendingRows,
  putMessage,
  queue,
  submit,
  type Submitted,
} from './notifications.support';

let t: TestHost;
let acs: FakeAcs;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  acs = await startFakeAcs();
  output = captureConsole();
  t = await startTestHost({
    env: {
      OPS_API_KEY: OPS_KEY,
      ACS_CONNECTION_STRING: acs.connectionString,
      EMAIL_SENDER: 'DoNotReply@intake.example',
      SUBMISSION_LIMIT_PER_CLIENT_MINUTE: '0',
    },
    entryPoints: [TEST_ENTRY],
  });
});
afterAll(async () => {
  await t?.stop();
  await acs?.stop();
  output?.restore();
});
beforeEach(async () => {
  // Each test starts with the quota's window empty and no pause left over from the one before.
  acs.quota();
  await queue(t, 'ticket-notifications').createIfNotExists();
  await queue(t, 'ticket-notifications').clearMessages();
  await clearPace();
});
afterEach(() => acs.quota());

async function clearPace(): Promise<void> {
  const { TableClient } = await import('@azure/data-tables');
  const pace = TableClient.fromConnectionString(t.connectionString, 'emailpace', { allowInsecureConnection: true });
  await pace.createTable();
  for await (const row of pace.listEntities()) {
    // The app may remove a row itself meanwhile (an email of the test before settling).
    await pace.deleteEntity(row.partitionKey!, row.rowKey!).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
}

function acceptedFor(ticket: Submitted) {
  return acs.accepted.filter((e) => e.subject.startsWith(`[${ticket.confirmationNumber}]`));
}

function alerts(name: string): Array<Record<string, unknown>> {
  return output.lines.filter((line) => line.includes(`"alert":"${name}"`)).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function failedRuns(): number {
  return t.logs.filter((line) => line.includes('[sendNotification] error: Executed (Failed')).length;
}

async function poisonCount(): Promise<number> {
  const poison = queue(t, 'ticket-notifications-poison');
  await poison.createIfNotExists();
  return (await poison.getProperties()).approximateMessagesCount ?? 0;
}

describe('confirmations under the sending quota', () => {
  it('sends every confirmation of a burst exactly once, as the quota allows, and poisons none', async () => {
    acs.quota({ sends: 3, windowMs: 4_000 });
    const failedBefore = alerts('NotificationFailed').length;

    const burst = await Promise.all(Array.from({ length: 9 }, (_, i) => submit(t, aSubmission({ summary: `Burst report number ${i}` }))));

    await eventually('every confirmation sent', () => burst.every((ticket) => acceptedFor(ticket).length >= 1), 60_000);
    expect(acs.throttled).toBeGreaterThan(0); // the quota really held some back
    for (const ticket of burst) {
      expect(acceptedFor(ticket)).toHaveLength(1);
      expect(
        await eventually('its record', async () => {
          const entries = await notificationEntries(t, ticket.confirmationNumber);
          return entries.length > 0 ? entries : undefined;
        }),
      ).toEqual(['notification-sent:submitted']);
    }
    // Never more than the quota in any window.
    const at = acs.acceptedAt.slice(-9);
    for (let i = 3; i < at.length; i++) expect(at[i]! - at[i - 3]!).toBeGreaterThanOrEqual(4_000);
    expect(await poisonCount()).toBe(0);
    expect(alerts('NotificationFailed').length).toBe(failedBefore);
  });

  it('lets held-back emails leave in the order they were reported', async () => {
    acs.quota({ sends: 1, windowMs: 1_500 });
    const reports: Submitted[] = [];
    for (let i = 0; i < 6; i++) {
      reports.push(await submit(t, aSubmission({ summary: `Ordered report number ${i}` })));
      await new Promise((resolve) => setTimeout(resolve, 200)); // reported one after another
    }

    await eventually('every confirmation sent', () => reports.every((ticket) => acceptedFor(ticket).length === 1), 60_000);
    const order = reports
      .map((ticket, rank) => ({ rank, at: acs.accepted.findIndex((e) => e.subject.startsWith(`[${ticket.confirmationNumber}]`)) }))
      .sort((a, b) => a.at - b.at)
      .map((e) => e.rank);
    // Up to three of the oldest waiting emails are tried side by side once sending resumes, and
    // first deliveries of the queue race each other: an email may pass a few older ones, never more.
    order.forEach((rank, position) => expect(rank).toBeLessThanOrEqual(position + 3));
    expect(order).not.toEqual([...order].sort((a, b) => b - a)); // not newest first
  });

  it('says on the status page that the confirmation email is queued while the quota holds it', async () => {
    acs.quota({ sends: 0, windowMs: 60_000 });
    const ticket = await submit(t, aSubmission());
    await eventually('a throttled send', () => acs.throttled > 0 && acs.log.some((r) => r.status === 429));

    const res = await t.fetch(`/api/tickets/${ticket.confirmationNumber}`, { headers: { authorization: `Bearer ${ticket.accessToken}` } });
    expect((await res.json()).confirmationEmail).toBe('queued');
    const page = await t.fetch(`/api/tickets/${ticket.confirmationNumber}?token=${encodeURIComponent(ticket.accessToken)}`, {
      headers: { accept: 'text/html' },
    });
    expect(await page.text()).toMatch(/email with this number is queued/i);
    expect((await historyOf(t, ticket.confirmationNumber)).map((h) => h.event)).toEqual(['submitted']);
  });

  it('tells operators once when the wait makes a confirmation later than 15 minutes, and fails nothing', async () => {
    // The hourly quota is spent: ACS asks for 20 minutes.
    acs.quota({ sends: 0, windowMs: 20 * 60_000 });
    const before = alerts('EmailBacklog').length;
    const failedRunsBefore = failedRuns();
    const first = await submit(t, aSubmission());
    const second = await submit(t, aSubmission());

    await eventually('a send throttled and the backlog alerted', () => acs.log.some((r) => r.status === 429) && alerts('EmailBacklog').length > before);
    // Both are held back, each with its pending row. The second reaches ACS only if it was tried
    // before the first's 429 closed the gate; after that it waits here without asking (as on a
    // busy CI machine, where the two confirmations' messages arrived apart).
    await eventually('both deferred', async () =>
      (await Promise.all([first, second].map((ticket) => pendingRows(t, ticket.confirmationNumber)))).every((rows) => rows.length === 1),
    );
    const raised = alerts('EmailBacklog').slice(before);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.expectedDelayMinutes).toBeGreaterThanOrEqual(19);
    expect(raised[0]!.expectedDelayMinutes).toBeLessThanOrEqual(21);
    expect(alertSources(output.entries, 'EmailBacklog').slice(before)).toEqual([['sendNotification', 'warn']]);
    expect(await poisonCount()).toBe(0);
    // Deferred, not failed: no run failed (so no queue retry was spent), and nothing in the
    // reporter's history says otherwise.
    expect(failedRuns()).toBe(failedRunsBefore);
    expect(await notificationEntries(t, second.confirmationNumber)).toEqual([]);
  });

  it('does not queue copies of an email that merely waits for the quota', async () => {
    acs.quota({ sends: 0, windowMs: 10 * 60_000 });
    const ticket = await submit(t, aSubmission());
    await eventually('its send throttled', () =>
      acs.log.some((r) => r.status === 429 && r.operationId === emailOperationId(ticket.confirmationNumber, 'submitted', eventIdOf(0))),
    );
    // The deferral keeps the email's pending row, its clock set to when the email is due.
    const { TableClient } = await import('@azure/data-tables');
    const index = TableClient.fromConnectionString(t.connectionString, 'ticketindex', { allowInsecureConnection: true });
    const pendingSince = async (): Promise<string | undefined> =>
      (await index.getEntity<{ Since: string }>('pending', `${ticket.confirmationNumber}|${eventIdOf(0)}`).catch(() => undefined))?.Since;
    const due = await eventually('the deferral recorded', pendingSince);
    expect(Date.parse(due) - Date.now()).toBeGreaterThan(9 * 60_000);

    // Six minutes on, the re-queue timer would catch a lost message; this one is due in ten, so it
    // is left alone (a re-queue would restart its pending clock at the timer's now).
    try {
      useServices({ clock: () => new Date(Date.now() + 6 * 60_000) });
      await t.runFunction('requeueNotifications');
    } finally {
      useServices({});
    }
    expect(await pendingSince()).toBe(due);
  });

  it("takes a deferred confirmation's pending row away once the email is out", async () => {
    acs.quota({ sends: 1, windowMs: 2_000 });
    const blocker = await submit(t, aSubmission());
    await eventually('the first email', () => acceptedFor(blocker).length === 1);
    const ticket = await submit(t, aSubmission());
    const { TableClient } = await import('@azure/data-tables');
    const index = TableClient.fromConnectionString(t.connectionString, 'ticketindex', { allowInsecureConnection: true });
    const pending = () =>
      index.getEntity('pending', `${ticket.confirmationNumber}|${eventIdOf(0)}`).then(
        () => true,
        () => false,
      );
    // Intake wrote no pending row for the confirmation; its deferral did.
    await eventually('the deferral recorded', pending);

    await eventually('its email', () => acceptedFor(ticket).length === 1, 30_000);
    await eventually('its pending row removed', async () => !(await pending()), 10_000);
  });

  it('keeps exactly one email per event when the same message arrives twice during a deferral', async () => {
    acs.quota({ sends: 1, windowMs: 2_000 });
    const blocker = await submit(t, aSubmission());
    await eventually('the first email', () => acceptedFor(blocker).length === 1);
    const ticket = await submit(t, aSubmission());
    const duplicate = { confirmationNumber: ticket.confirmationNumber, event: 'submitted', eventId: eventIdOf(0), queuedAt: new Date().toISOString() };
    await putMessage(t, 'ticket-notifications', duplicate);
    await putMessage(t, 'ticket-notifications', duplicate);

    await eventually('its email', () => acceptedFor(ticket).length >= 1, 30_000);
    await eventually('the queue settled', async () => (await queue(t, 'ticket-notifications').getProperties()).approximateMessagesCount === 0, 30_000);
    expect(acceptedFor(ticket)).toHaveLength(1);
    expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  });
});
