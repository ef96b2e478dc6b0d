import { QueueClient } from '@azure/storage-queue';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStorage } from '../src/testStorage';
import { startTestHost, type TestHost } from './support/testHost';
import { recorded } from './fixtures/sample-app/src/recorder';

const appRoot = path.join(__dirname, 'fixtures/sample-app');

let t: TestHost;
let queue: QueueClient;
let poison: QueueClient;

beforeAll(async () => {
  t = await startTestHost({ appRoot });
  queue = new QueueClient(t.connectionString, 'sample-items');
  poison = new QueueClient(t.connectionString, 'sample-items-poison');
});

afterAll(async () => {
  await t?.stop();
  await (await startTestStorage()).stop();
});

beforeEach(() => {
  recorded.queue.length = 0;
});

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('queue triggers', () => {
  it('created the queue at start (as the Functions host does)', async () => {
    expect(await queue.exists()).toBe(true);
  });

  it("hands a base64 JSON message to the function as an object with the host's trigger metadata, then deletes it", async () => {
    const sent = await queue.sendMessage(base64(JSON.stringify({ ticket: 'SE-1', n: 1 })));
    const entry = await waitFor(() => recorded.queue.find((e) => (e.message as { ticket?: string }).ticket === 'SE-1'));
    expect(entry.message).toEqual({ ticket: 'SE-1', n: 1 });
    // The library JSON-parses every string of the binding data, queueTrigger too
    // (azure-functions-nodejs-library src/converters/fromRpcTriggerMetadata.ts), and the host adds `sys`.
    expect(entry.metadata).toMatchObject({ id: sent.messageId, dequeueCount: 1, queueTrigger: { ticket: 'SE-1', n: 1 }, sys: { methodName: 'recordMessage' } });
    // DateTimeOffset as Json.NET writes it in the host's binding data.
    expect(entry.metadata?.insertionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(typeof entry.metadata?.popReceipt).toBe('string');
    await waitFor(async () => ((await queue.getProperties()).approximateMessagesCount === 0 ? true : undefined));
  });

  it('hands over a message that is JSON as its value (42 as the number 42) and any other text as a string (fromRpcTypedData: tryJsonParse)', async () => {
    await queue.sendMessage(base64('plain text'));
    await queue.sendMessage(base64('42'));
    await queue.sendMessage(base64('"quoted"'));
    await waitFor(() => (recorded.queue.length >= 3 ? true : undefined));
    expect(recorded.queue.map((e) => e.message)).toEqual(expect.arrayContaining([42, 'plain text', 'quoted']));
    expect(recorded.queue).toHaveLength(3);
  });

  it('retries a failing message, then moves it unchanged to <queue>-poison after maxDequeueCount (3) tries', async () => {
    const text = base64(JSON.stringify({ fail: true, id: 'poison-me' }));
    await queue.sendMessage(text);
    const poisoned = await waitFor(async () => {
      const peeked = await poison.peekMessages({ numberOfMessages: 32 }).catch(() => undefined);
      return peeked?.peekedMessageItems.find((m) => m.messageText === text);
    });
    expect(poisoned.messageText).toBe(text);
    const tries = recorded.queue.filter((e) => (e.message as { id?: string }).id === 'poison-me').map((e) => e.metadata?.dequeueCount);
    expect(tries).toEqual([1, 2, 3]);
    expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.some((m) => m.messageText === text)).toBe(false);
    expect(t.logs.some((line) => line.includes('[recordMessage]') && line.includes('deliberate failure (try 3)'))).toBe(true);
  });

  it('moves a message that is not base64 straight to the poison queue', async () => {
    const text = 'not base64 at all!';
    await queue.sendMessage(text);
    const poisoned = await waitFor(async () => {
      const peeked = await poison.peekMessages({ numberOfMessages: 32 });
      return peeked.peekedMessageItems.find((m) => m.messageText === text);
    });
    expect(poisoned.messageText).toBe(text);
    expect(recorded.queue.some((e) => e.message === text)).toBe(false);
  });

  it('processes a burst of messages, several at a time', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => queue.sendMessage(base64(JSON.stringify({ burst: i })))));
    await waitFor(() => (recorded.queue.length >= 12 ? true : undefined));
    expect(new Set(recorded.queue.map((e) => (e.message as { burst: number }).burst)).size).toBe(12);
  });

  it('works through a long burst without piling up a timer and abort listener per finished message', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 120; i += 30) await Promise.all(Array.from({ length: 30 }, (_, j) => queue.sendMessage(base64(JSON.stringify({ long: i + j })))));
      await waitFor(() => (recorded.queue.length >= 120 ? true : undefined), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 100)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(new Set(recorded.queue.map((e) => (e.message as { long: number }).long)).size).toBe(120);
    expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
  });
});

describe('queue output bindings', () => {
  it('sends each value an HTTP function puts in its storageQueue extra output as a message', async () => {
    const response = await t.fetch('/api/enqueue', { method: 'POST', body: JSON.stringify([{ out: 1 }, { out: 2 }]) });
    expect(response.status).toBe(202);
    await waitFor(() => (recorded.queue.length >= 2 ? true : undefined));
    expect(recorded.queue.map((e) => e.message)).toEqual(expect.arrayContaining([{ out: 1 }, { out: 2 }]));
  });
});

describe('admin endpoint for a queue function', () => {
  it('runs it with the input as the message and answers 202 once the run has finished', async () => {
    const response = await t.fetch('/admin/functions/recordMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '{"via":"admin"}' }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-local-host-run')).toBe('succeeded');
    // No waiting: the run is done when the answer comes.
    expect(recorded.queue.map((e) => e.message)).toContainEqual({ via: 'admin' });
  });

  it('still answers 202 when the run fails, telling the outcome in a header', async () => {
    const response = await t.fetch('/admin/functions/RECORDMESSAGE', { method: 'POST', body: JSON.stringify({ input: '{"fail":true}' }) });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-local-host-run')).toBe('failed');
  });

  it('answers 400 for a body that is not JSON', async () => {
    expect((await t.fetch('/admin/functions/recordMessage', { method: 'POST', body: 'nope' })).status).toBe(400);
  });
});
