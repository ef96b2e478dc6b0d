// No submission without its confirmation: when the queue message of a submission vanishes after
// it was accepted (a queue write that fails is retried or refused 503 at intake, see
// test/resilience/promise201.test.ts), the nightly reconciliation makes it pending and the
// re-queue timer sends it, and the reporter still gets exactly one email.

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole, eventually, notificationEntries, pendingRows, queue, storageKeyOf, submit } from './notifications.support';

const MINUTE = 60_000;
let t: TestHost;
let outbox: string;
let output: ReturnType<typeof captureConsole>;
const secrets: string[] = [];
const earlierHostLogs: string[] = [];

const start = (enableQueues: boolean): Promise<TestHost> =>
  startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox }, enableQueues, entryPoints: [TEST_ENTRY] });

/** The app's services from now on see a clock `offsetMs` ahead of the wall clock. */
function clockAhead(offsetMs: number): void {
  useServices({ clock: () => new Date(Date.now() + offsetMs) });
}

async function queued(): Promise<number> {
  return (await queue(t, 'ticket-notifications').getProperties()).approximateMessagesCount ?? 0;
}

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'notifications-requeue-'));
  output = captureConsole();
  t = await start(false); // no worker: the message can be lost before anyone takes it
});
afterAll(async () => {
  await t?.stop();
  output?.restore();
  await rm(outbox, { recursive: true, force: true });
});
afterEach(() => {
  const everything = [...earlierHostLogs, ...t.logs, ...output.lines].join('\n');
  for (const secret of [...secrets, storageKeyOf(t)]) expect(everything).not.toContain(secret);
});

it('finds, in the nightly reconciliation, a confirmation whose message vanished from the queue, and sends it once', async () => {
  const ticket = await submit(t, aSubmission({ reporter: { locale: 'de' } }));
  secrets.push(ticket.accessToken);
  await queue(t, 'ticket-notifications').clearMessages(); // accepted, then lost: no pending row records it
  expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);

  clockAhead(11 * MINUTE);
  await t.runFunction('reconcileTickets');
  expect(await pendingRows(t, ticket.confirmationNumber)).toHaveLength(1);
  clockAhead(17 * MINUTE);
  await t.runFunction('requeueNotifications');
  expect(await queued()).toBe(1);

  await t.stop();
  earlierHostLogs.push(...t.logs);
  t = await start(true);
  await eventually('notification-sent', async () => (await notificationEntries(t, ticket.confirmationNumber)).length > 0);
  expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  expect((await readdir(outbox)).filter((n) => n.includes(ticket.confirmationNumber))).toHaveLength(1);
  useServices({});
});
