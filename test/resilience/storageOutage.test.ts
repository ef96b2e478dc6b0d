// Storage goes away in the middle of a burst of submissions and comes back: what a reporter was
// promised (a 201) is kept — the ticket and exactly one confirmation email — and what could not be
// kept was refused quickly and honestly (503 with Retry-After), never left hanging.
//
// Azurite runs with its data on disk (a temp dir) on fixed free ports, so stopping and starting
// it again keeps what it had, as an outage of the real service would.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueClient } from '@azure/storage-queue';
import { startAzurite, startLocalHost, type Azurite, type AzuritePorts, type LocalHost } from '@security-event-intake/local-host';
import { captureConsole, eventually, parseEml } from '../api/notifications.support';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission } from '../support/builders';

const OPS_KEY = 'ops-key-for-outage-tests-0123456789';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'outage-azurite-'));
const outbox = mkdtempSync(path.join(os.tmpdir(), 'outage-outbox-'));
let ports: AzuritePorts;
let azurite: Azurite;
let host: LocalHost;
let app: ReturnType<typeof captureConsole> | undefined;
const logs: string[] = [];
const savedEnv = { ...process.env };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function startStorage(): Promise<Azurite> {
  return startAzurite({ location: dataDir, ports });
}

beforeAll(async () => {
  ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
  azurite = await startStorage();
  Object.assign(process.env, { AzureWebJobsStorage: azurite.connectionString, OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox });
  host = await startLocalHost({
    appRoot: process.cwd(),
    entryPoints: [TEST_ENTRY],
    port: 0,
    storageConnectionString: azurite.connectionString,
    enableTimers: false,
    log: (line) => void logs.push(line),
  });
});

afterAll(async () => {
  app?.restore();
  await host?.stop();
  await azurite?.stop();
  process.env = savedEnv;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outbox, { recursive: true, force: true });
});

interface Attempt {
  status: number | 'no answer';
  ms: number;
  retryAfter: string | null;
  body?: { confirmationNumber: string; accessToken: string };
  during: 'before' | 'outage' | 'after';
}

function emailsFor(confirmationNumber: string): number {
  return readdirSync(outbox)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => parseEml(readFileSync(path.join(outbox, name), 'utf8')).headers.get('subject') ?? '')
    .filter((subject) => subject.includes(confirmationNumber)).length;
}

it('keeps every 201 (ticket and exactly one email), answers the outage with 503 + Retry-After within 10 s, and leaves no request hanging', async () => {
  let phase: Attempt['during'] = 'before';
  app = captureConsole();
  const attempts: Attempt[] = [];
  let stop = false;
  let submissions = 0;

  // Four clients submit back to back for the whole test, each request bounded on the client side.
  const client = async (): Promise<void> => {
    while (!stop) {
      const during = phase;
      const started = Date.now();
      try {
        const res = await fetch(`${host.url}/api/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // A reporter address of its own each: the per-recipient email limit is not under test here.
          body: JSON.stringify(aSubmission({ reporter: { email: `ada+${++submissions}@contoso.example` } })),
          signal: AbortSignal.timeout(15_000),
        });
        const attempt: Attempt = { status: res.status, ms: Date.now() - started, retryAfter: res.headers.get('retry-after'), during };
        if (res.status === 201) attempt.body = await res.json();
        else await res.arrayBuffer();
        attempts.push(attempt);
      } catch {
        attempts.push({ status: 'no answer', ms: Date.now() - started, retryAfter: null, during });
      }
      if (during === 'outage') await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const clients = Array.from({ length: 4 }, client);

  await eventually('some submissions before the outage', () => attempts.filter((a) => a.status === 201).length >= 20);
  phase = 'outage';
  await azurite.stop();
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  azurite = await startStorage();
  phase = 'after';
  await eventually('submissions succeeding again', () => attempts.filter((a) => a.during === 'after' && a.status === 201).length >= 10, 30_000);
  stop = true;
  await Promise.all(clients);

  // None hangs; every answer is a 201 or an honest 503 with Retry-After, in under 10 seconds.
  expect(attempts.filter((a) => a.status === 'no answer')).toEqual([]);
  const unexpected = attempts.filter((a) => a.status !== 201 && a.status !== 503);
  expect(unexpected).toEqual([]);
  const refused = attempts.filter((a) => a.status === 503);
  expect(refused.length).toBeGreaterThan(0);
  for (const a of refused) {
    expect(Number(a.retryAfter)).toBeGreaterThan(0);
    expect(a.ms).toBeLessThan(10_000);
  }
  expect(attempts.filter((a) => a.during === 'outage' && a.status === 201).length).toBeLessThan(attempts.filter((a) => a.during === 'outage').length);

  // Every 201 has its ticket, readable with its token, and exactly one confirmation email.
  const promised = attempts.filter((a) => a.status === 201).map((a) => a.body!);
  for (const { confirmationNumber, accessToken } of promised) {
    const res = await fetch(`${host.url}/api/tickets/${confirmationNumber}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status, confirmationNumber).toBe(200);
  }
  // A 201 whose queue write failed as storage went away has a pending row instead, or, when that
  // write failed too, only the nightly reconciliation finds it. Run both timers now, with the
  // clock where they would find the ticket.
  // (Azurite also persists its queue lazily, so a message accepted just before it stopped can be
  // gone after the restart: only the reconciliation brings those back.)
  const missing = () => promised.filter((p) => emailsFor(p.confirmationNumber) === 0);
  const queue = new QueueClient(azurite.connectionString, 'ticket-notifications');
  // A message whose try failed during the outage comes back after host.json's visibilityTimeout (30 s).
  await eventually('the queued confirmations', async () => ((await queue.getProperties()).approximateMessagesCount ?? 0) === 0, 75_000);
  try {
    useServices({ clock: () => new Date(Date.now() + 11 * 60_000) });
    await host.runFunction('reconcileTickets');
    useServices({ clock: () => new Date(Date.now() + 17 * 60_000) });
    await host.runFunction('requeueNotifications');
  } finally {
    useServices({});
  }
  await eventually('one email per promised ticket', () => missing().length === 0, 30_000);
  // Let any duplicate (a redelivered message) have its chance to show before counting exactly.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(promised.filter((p) => emailsFor(p.confirmationNumber) !== 1).map((p) => p.confirmationNumber)).toEqual([]);
}, 170_000);
