// A 201 is a promise: within a minute the ticket is in the operators' list, its SLA deadline is
// watched and its confirmation is handed over, even when one of its two writes failed on the
// first try. When a write keeps failing the answer is an honest 503 and nothing of the
// submission stands, so a retry with the same Idempotency-Key is free at once.
//
// The app talks to Azurite through a fault-injecting proxy (test/support/faultProxy.ts) that
// refuses chosen requests before they reach storage, as an outage of the real service would.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { aSubmission } from '../support/builders';
import { connectionThrough, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole, eventually, queue, type Submitted } from '../api/notifications.support';

let t: TestHost;
let queueProxy: FaultProxy;
let tableProxy: FaultProxy;
let output: ReturnType<typeof captureConsole>;
const outbox = mkdtempSync(path.join(os.tmpdir(), 'promise-201-outbox-'));
const PROMISE_MS = 60_000;

const isConfirmationWrite = (method: string, url: string): boolean => method === 'POST' && url.includes('/ticket-notifications/messages');
const isTicketTransaction = (method: string, url: string): boolean => method === 'POST' && url.includes('$batch');

beforeAll(async () => {
  const storage = await startTestStorage();
  queueProxy = await startFaultProxy({ host: storage.host, port: storage.ports.queue });
  tableProxy = await startFaultProxy({ host: storage.host, port: storage.ports.table });
  const proxied = connectionThrough(storage, { queue: queueProxy, table: tableProxy });
  output = captureConsole();
  t = await startTestHost({ env: { AzureWebJobsStorage: proxied, OPS_API_KEY: OPS_KEY, EMAIL_OUTBOX_DIR: outbox } });
  expect((await t.fetch('/api/health')).status).toBe(200);
});
afterAll(async () => {
  await t?.stop();
  await queueProxy?.stop();
  await tableProxy?.stop();
  output?.restore();
  rmSync(outbox, { recursive: true, force: true });
});

async function post(body: unknown, idempotencyKey?: string): Promise<Response> {
  return t.fetch('/api/tickets', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
}

function emailsFor(confirmationNumber: string): number {
  return readdirSync(outbox).filter((name) => name.endsWith('.eml') && name.includes(confirmationNumber)).length;
}

async function listedNumbers(): Promise<string[]> {
  const numbers: string[] = [];
  let continuation: string | undefined;
  do {
    const res = await t.fetch(`/api/ops/tickets?status=submitted${continuation ? `&continuationToken=${encodeURIComponent(continuation)}` : ''}`, {
      headers: { authorization: `Bearer ${OPS_KEY}` },
    });
    const page = (await res.json()) as { items: Array<{ confirmationNumber: string }>; continuationToken?: string };
    numbers.push(...page.items.map((i) => i.confirmationNumber));
    continuation = page.continuationToken;
  } while (continuation);
  return numbers;
}

async function watchedBySweep(confirmationNumber: string): Promise<boolean> {
  const due = TableClient.fromConnectionString(t.connectionString, 'ticketdue', { allowInsecureConnection: true });
  for await (const row of due.listEntities({ queryOptions: { filter: "PartitionKey eq 'due'" } })) {
    if (String(row.rowKey).includes(confirmationNumber)) return true;
  }
  return false;
}

async function keptPromise(ticket: Submitted | { confirmationNumber: string }, started: number): Promise<void> {
  await eventually(
    'listed, watched and emailed',
    async () =>
      emailsFor(ticket.confirmationNumber) === 1 &&
      (await listedNumbers()).includes(ticket.confirmationNumber) &&
      (await watchedBySweep(ticket.confirmationNumber)),
    PROMISE_MS,
  );
  expect(Date.now() - started).toBeLessThan(PROMISE_MS);
}

describe('a 201 is a promise', () => {
  it('keeps it when the confirmation message could not be written on the first try', async () => {
    queueProxy.failNext(3, isConfirmationWrite); // every try of the SDK's own retry policy
    const started = Date.now();

    const res = await post(aSubmission());
    expect(res.status).toBe(201);
    expect(queueProxy.failed).toBeGreaterThanOrEqual(3);

    await keptPromise(await res.json(), started);
  });

  it('keeps it when the ticket could not be written on the first try', async () => {
    const failedBefore = tableProxy.failed;
    tableProxy.failNext(3, isTicketTransaction);
    const started = Date.now();

    const res = await post(aSubmission());
    expect(res.status).toBe(201);
    expect(tableProxy.failed - failedBefore).toBe(3);
    const ticket = (await res.json()) as Submitted;
    const read = await t.fetch(`/api/tickets/${ticket.confirmationNumber}`, { headers: { authorization: `Bearer ${ticket.accessToken}` } });
    expect(read.status).toBe(200);

    await keptPromise(ticket, started);
  });

  it('answers 503 and keeps nothing when the confirmation cannot be queued; the same key is free at once', async () => {
    const before = await listedNumbers();
    queueProxy.failNext(9, isConfirmationWrite); // three tries of the service, each three of the SDK
    const body = aSubmission();

    const refused = await post(body, 'promise-201-queue-down');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await listedNumbers()).toEqual(before);

    // Storage is back: the client's retry with the same key is a fresh submission, not a 409.
    const started = Date.now();
    const retried = await post(body, 'promise-201-queue-down');
    expect(retried.status).toBe(201);
    const ticket = (await retried.json()) as Submitted;
    await keptPromise(ticket, started);
    expect((await listedNumbers()).filter((n) => !before.includes(n))).toEqual([ticket.confirmationNumber]);
  });

  it('drops the confirmation message of a ticket whose write kept failing, without an alert or a poison message', async () => {
    const before = await listedNumbers();
    tableProxy.failNext(6, isTicketTransaction);

    const refused = await post(aSubmission(), 'promise-201-table-down');
    expect(refused.status).toBe(503);

    await eventually(
      'the orphan message dropped',
      () => output.lines.some((l) => l.includes('notification for a ticket that was never stored dropped')),
      60_000,
    );
    expect((await queue(t, 'ticket-notifications').getProperties()).approximateMessagesCount).toBe(0);
    const poison = queue(t, 'ticket-notifications-poison');
    await poison.createIfNotExists();
    expect((await poison.getProperties()).approximateMessagesCount).toBe(0);
    expect(output.lines.filter((l) => l.includes('"alert":"NotificationFailed"'))).toEqual([]);
    expect(await listedNumbers()).toEqual(before);

    // And the key is free at once for the retry.
    expect((await post(aSubmission(), 'promise-201-table-down')).status).not.toBe(409);
  }, 90_000);
});
