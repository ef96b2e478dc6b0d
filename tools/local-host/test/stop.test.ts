import { QueueClient } from '@azure/storage-queue';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '../src/testStorage';
import { startTestHost } from './support/testHost';
import { recorded } from './fixtures/sample-app/src/recorder';

const appRoot = path.join(__dirname, 'fixtures/sample-app');

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('stop()', () => {
  it('lets a request in flight finish, runs appTerminate hooks, then refuses connections', async () => {
    const t = await startTestHost({ appRoot, enableQueues: false });
    expect(recorded.hooks).toContain('appStart');
    const inFlight = t.fetch('/api/slow?ms=800');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopping = t.stop();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('finally');
    await stopping;
    expect(recorded.hooks).toContain('appTerminate');
    await expect(t.fetch('/api/hello')).rejects.toThrow();
  });

  it('can start the same app again in the same process, reusing its registrations', async () => {
    const t = await startTestHost({ appRoot, enableQueues: false });
    try {
      expect(t.host.functions.map((f) => f.name)).toContain('hello');
      expect((await t.fetch('/api/hello/again')).status).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it('refuses a second host while one is running', async () => {
    const t = await startTestHost({ appRoot, enableQueues: false });
    try {
      await expect(startTestHost({ appRoot, enableQueues: false })).rejects.toThrow(/already running/);
    } finally {
      await t.stop();
    }
  });

  it('stops polling queues and waits for the message being processed', async () => {
    const t = await startTestHost({ appRoot });
    const queue = new QueueClient(t.connectionString, 'sample-items');
    recorded.queue.length = 0;
    await queue.sendMessage(Buffer.from('{"drain":1}').toString('base64'));
    while (recorded.queue.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await t.stop();
    // Settled before stop() returned: deleted, nothing left for the next host to redo.
    expect((await queue.peekMessages()).peekedMessageItems).toHaveLength(0);
  });
});
