// The per-client submission limit through the local host against real Azurite (issue 12: 200
// submissions to one address in two seconds gave 200 emails). Every request here comes from
// 127.0.0.1, as the local host reports it in client-ip; the clock is the test's, so a minute is
// exactly a minute however slow the machine.

import { createHash } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContainerClient } from '@azure/storage-blob';
import { EVIDENCE_CONTAINER, TABLES } from '../../src/composition';
import { NOTIFICATION_QUEUE } from '../../src/storage/notificationQueue';
import { TEST_ENTRY, useServices } from '../support/app';
import { aSubmission, asFormFields } from '../support/builders';
import { startTestHost, type TestHost } from '../support/testHost';
import { captureConsole } from './notifications.support';

const LIMIT = 100;
let t: TestHost;
let now: Date;
let hour = 0;

beforeAll(async () => {
  t = await startTestHost({
    env: {
      OPS_API_KEY: 'ops-key-for-limit-tests-0123456789',
      SUBMISSION_LIMIT_PER_CLIENT_MINUTE: String(LIMIT),
      EMAIL_OUTBOX_DIR: `/tmp/limit-outbox-${process.pid}`,
    },
    enableQueues: false,
    entryPoints: [TEST_ENTRY],
  });
  await useServices({ clock: () => now }).ready(); // the tables exist before the first count
});
afterAll(async () => t?.stop());
// Each test in a minute of its own, an hour from the last: no test sees another's slots.
beforeEach(() => {
  now = new Date(Date.UTC(2027, 0, 4, 9 + hour++, 0, 0));
});

function post(body: unknown = aSubmission(), headers: Record<string, string> = {}): Promise<Response> {
  return t.fetch('/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function statuses(responses: Promise<Response>[]): Promise<number[]> {
  return Promise.all(responses.map(async (r) => (await r).status));
}

/** Uses up this minute's submissions, `n` of them, all at once. */
async function fill(n = LIMIT): Promise<void> {
  expect(new Set(await statuses(Array.from({ length: n }, () => post())))).toEqual(new Set([201]));
}

async function stored(): Promise<{ tickets: number; messages: number }> {
  const table = TableClient.fromConnectionString(t.connectionString, TABLES.tickets, { allowInsecureConnection: true });
  let tickets = 0;
  for await (const _ of table.listEntities({ queryOptions: { filter: "RowKey eq 'ticket'" } })) tickets++;
  const queue = new QueueClient(t.connectionString, NOTIFICATION_QUEUE);
  return { tickets, messages: (await queue.getProperties()).approximateMessagesCount ?? 0 };
}

async function expectTooMany(response: Response, retryAfter: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  expect(await response.json()).toEqual({
    type: 'https://security-events.example/problems/too-many-requests',
    title: 'Too many submissions',
    status: 429,
    detail: expect.stringContaining('nothing was stored'),
  });
}

describe('the submission limit of one client address', () => {
  it('lets exactly 100 of 130 simultaneous submissions through and stores nothing for the other 30', async () => {
    const before = await stored();

    const responses = await Promise.all(Array.from({ length: 130 }, () => post()));

    const codes = responses.map((r) => r.status);
    expect(codes.filter((c) => c === 201)).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 429)).toHaveLength(30);
    // Every slot was taken at `now`: the first frees once a minute has passed, in 61 whole seconds.
    for (const refused of responses.filter((r) => r.status === 429)) await expectTooMany(refused, '61');
    expect(await stored()).toEqual({ tickets: before.tickets + LIMIT, messages: before.messages + LIMIT });
  });

  it('counts a sliding minute: refused 30 s after the burst, let through once its first minute has passed', async () => {
    await fill();

    now = new Date(now.getTime() + 30_000);
    await expectTooMany(await post(), '31');
    now = new Date(now.getTime() + 30_001);
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
  });

  it("cannot be escaped with another address in client-ip or X-Forwarded-For: the platform's address counts", async () => {
    await fill();

    await expectTooMany(await post(aSubmission(), { 'client-ip': '198.51.100.1:4711', 'x-forwarded-for': '198.51.100.2' }), '61');
  });

  it('answers a plain HTML form over the limit with a page, 429 and Retry-After', async () => {
    await fill();

    const response = await t.fetch('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(asFormFields(aSubmission({ reporter: { locale: 'en' } }))).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('retry-after')).toBe('61');
    expect(await response.text()).toContain('Too many submissions');
  });

  it('refuses the form with its files over the limit before any of their bytes go to Blob Storage (429 page, nothing staged)', async () => {
    await fill();
    const before = await stored();
    const form = new FormData();
    for (const [name, value] of asFormFields(aSubmission({ reporter: { locale: 'en' } }))) form.append(name, value);
    form.append('evidence', new Blob(['GET /admin HTTP/1.1\n'.repeat(1000)], { type: 'text/plain' }), 'access.log');
    const response = await t.fetch('/api/tickets', { method: 'POST', headers: { accept: 'text/html' }, body: form, redirect: 'manual' });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('retry-after')).toBe('61');
    expect(await stored()).toEqual(before);
    // Not even staged blocks of an uncommitted blob.
    const container = new ContainerClient(t.connectionString, EVIDENCE_CONTAINER);
    const blobs: string[] = [];
    if (await container.exists()) for await (const blob of container.listBlobsFlat({ includeUncommitedBlobs: true })) blobs.push(blob.name);
    expect(blobs).toEqual([]);
  });

  it('still answers the replay of a ticket made under an Idempotency-Key, and claims no new key', async () => {
    const body = aSubmission({ summary: 'Replayed after the limit was reached' });
    const first = await post(body, { 'idempotency-key': 'limit-replay-1' });
    expect(first.status).toBe(201);
    const made = await first.json();
    await fill(LIMIT - 1);

    const replay = await post(body, { 'idempotency-key': 'limit-replay-1' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ confirmationNumber: made.confirmationNumber, accessToken: made.accessToken });

    await expectTooMany(await post(aSubmission(), { 'idempotency-key': 'limit-new-key' }), '61');
    await expectTooMany(await post(aSubmission({ summary: 'Another body under the used key' }), { 'idempotency-key': 'limit-replay-1' }), '61');
    const idempotency = TableClient.fromConnectionString(t.connectionString, TABLES.idempotency, { allowInsecureConnection: true });
    const keyHash = createHash('sha256').update('limit-new-key').digest('hex');
    await expect(idempotency.getEntity(keyHash, 'key')).rejects.toMatchObject({ statusCode: 404 });
  });

  // Last: it removes the limit's table.
  it('lets submissions through, with a warning, when its own storage fails', async () => {
    const output = captureConsole();
    try {
      await TableClient.fromConnectionString(t.connectionString, TABLES.submissionLimits, { allowInsecureConnection: true }).deleteTable();

      expect((await post()).status).toBe(201);
      const warnings = output.lines.filter((line) => line.includes('submission limit not checked')).map((line) => JSON.parse(line));
      expect(warnings).toEqual([expect.objectContaining({ level: 'warn' })]);
    } finally {
      output.restore();
    }
  });
});
