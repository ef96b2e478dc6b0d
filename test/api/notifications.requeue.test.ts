// No submission without its confirmation: when the queue message of a submission is lost (the
// queue write failed, or the message vanished before a worker took it), the re-queue timer sends
// it again after five minutes, and the reporter still gets exactly one email with a working link.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { overrideAppServices } from '../../src/composition';
import { aSubmission } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole, eventually, notificationEntries, parseEml, pendingRows, queue, storageKeyOf, submit } from './notifications.support';

const MINUTE = 60_000;
let t: TestHost;
let outbox: string;
let output: ReturnType<typeof captureConsole>;
const secrets: string[] = [];
const earlierHostLogs: string[] = [];

const start = (enableQueues: boolean): Promise<TestHost> =>
  startTestHost({ env: { OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox }, enableQueues });

/** The app's services from now on see a clock `offsetMs` ahead of the wall clock. */
function clockAhead(offsetMs: number): void {
  overrideAppServices({ clock: () => new Date(Date.now() + offsetMs) });
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

it('re-queues a confirmation whose queue write failed after five minutes and the email goes out exactly once, with a working link', async () => {
  // The queue write fails (here: the queue is gone) after the ticket is stored: the client still
  // gets its 201, and the confirmation is kept as a pending row.
  expect((await t.fetch('/api/health')).status).toBe(200); // the app has made its tables and queues
  await queue(t, 'ticket-notifications').delete();
  const ticket = await submit(t, aSubmission({ reporter: { locale: 'en' } }));
  secrets.push(ticket.accessToken);
  await queue(t, 'ticket-notifications').create();
  expect(await queued()).toBe(0);
  expect(await pendingRows(t, ticket.confirmationNumber)).toHaveLength(1);

  // Within five minutes the original message may still be on its way: nothing is queued again.
  clockAhead(4 * MINUTE);
  await t.runFunction('requeueNotifications');
  expect(await queued()).toBe(0);

  clockAhead(6 * MINUTE);
  await t.runFunction('requeueNotifications');
  expect(await queued()).toBe(1);

  // A worker comes up and takes the re-queued message.
  await t.stop();
  earlierHostLogs.push(...t.logs);
  t = await start(true);
  const [file] = await eventually('the confirmation in the outbox', async () => {
    const found = (await readdir(outbox)).filter((n) => n.endsWith('.eml') && n.includes(ticket.confirmationNumber));
    return found.length > 0 ? found : undefined;
  });
  await eventually('notification-sent', async () => (await notificationEntries(t, ticket.confirmationNumber)).length > 0);

  const email = parseEml(await readFile(path.join(outbox, file!), 'utf8'));
  expect(email.headers.get('subject')).toBe(`[${ticket.confirmationNumber}] Security event received`);
  const text = email.parts.find((p) => p.contentType.startsWith('text/plain'))!.body;
  const link = new URL(/https?:\/\/\S+\?token=\S+/.exec(text)![0]);
  // The first token went out only in the lost message (and the 201); the email carries a new one that works too.
  const token = link.searchParams.get('token')!;
  secrets.push(token);
  expect(token).not.toBe(ticket.accessToken);
  expect((await t.fetch(`${link.pathname}${link.search}`, { headers: { accept: 'text/html' } })).status).toBe(200);
  expect((await t.fetch(`${link.pathname}`, { headers: { authorization: `Bearer ${ticket.accessToken}` } })).status).toBe(200);

  expect(await notificationEntries(t, ticket.confirmationNumber)).toEqual(['notification-sent:submitted']);
  expect(await pendingRows(t, ticket.confirmationNumber)).toEqual([]);

  // Later runs find nothing pending: no second message, no second email.
  clockAhead(20 * MINUTE);
  await t.runFunction('requeueNotifications');
  expect(await queued()).toBe(0);
  expect((await readdir(outbox)).filter((n) => n.includes(ticket.confirmationNumber))).toHaveLength(1);
  overrideAppServices({});
});

it('finds, in the nightly reconciliation, a confirmation whose message vanished from the queue, and sends it once', async () => {
  await t.stop();
  earlierHostLogs.push(...t.logs);
  t = await start(false);
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
  overrideAppServices({});
});
