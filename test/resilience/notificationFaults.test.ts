// One email per event when everything that can go wrong with delivery goes wrong at once: ACS
// refusing every send for a while (a scaled-down minute: long enough that each message fails more
// than one whole queue delivery, short enough that no message reaches the poison queue), then the
// same messages delivered twice, and a worker that "crashed" between the send and its record.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventIdOf, historyKey, notificationKey } from '../../src/storage/ticketStore';
import { aSubmission } from '../support/builders';
import { startFakeAcs, type FakeAcs } from '../../tools/testkit/fakeAcs';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole, drained, eventually, notificationEntries, putMessage, submit, tickets, type Submitted } from '../api/notifications.support';

let t: TestHost;
let acs: FakeAcs;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  acs = await startFakeAcs();
  output = captureConsole();
  t = await startTestHost({ env: { OPS_API_KEY: OPS_KEY, ACS_CONNECTION_STRING: acs.connectionString, EMAIL_SENDER: 'DoNotReply@intake.example' } });
});
afterAll(async () => {
  await t?.stop();
  await acs?.stop();
  output?.restore();
});

const accepted = (n: string) => acs.accepted.filter((e) => e.subject.includes(n));
const confirmation = (s: Submitted) => ({ confirmationNumber: s.confirmationNumber, event: 'submitted', eventId: eventIdOf(0), token: s.accessToken });

it('sends exactly one email per event through an ACS outage, duplicate deliveries and a crash before the record', async () => {
  // The transport tries three times per delivery; six refusals per email make each message fail
  // two whole deliveries (10 s apart, host.json visibilityTimeout) before ACS answers again.
  const events = 3;
  acs.failNext(events * 6, 503, { retryAfterSeconds: 0 });
  const submitted = await Promise.all(Array.from({ length: events }, () => submit(t, aSubmission())));

  for (const s of submitted) {
    await eventually(`the email of ${s.confirmationNumber}`, async () => (await notificationEntries(t, s.confirmationNumber)).length > 0, 90_000);
  }
  expect(acs.log.filter((r) => r.path === '/emails:send' && r.status === 503).length).toBe(events * 6);

  // Every message delivered again; and for one ticket, the record lost as if the worker had
  // stopped right after ACS took the email.
  const [crashed] = submitted;
  await tickets(t).deleteEntity(crashed!.confirmationNumber, notificationKey(historyKey(0), 'sent'));
  for (const s of submitted) await putMessage(t, 'ticket-notifications', confirmation(s));
  await eventually('the crashed ticket recorded again', async () => (await notificationEntries(t, crashed!.confirmationNumber)).length > 0, 30_000);
  await drained(t, 'ticket-notifications');

  for (const s of submitted) {
    expect(accepted(s.confirmationNumber), s.confirmationNumber).toHaveLength(1);
    expect(await notificationEntries(t, s.confirmationNumber)).toEqual(['notification-sent:submitted']);
  }
  expect(output.lines.filter((l) => l.includes('NotificationFailed'))).toEqual([]);
}, 110_000);
