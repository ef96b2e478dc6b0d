import { QueueClient } from '@azure/storage-queue';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueSettings } from '../../../tools/local-host/hostConfig';
import { QueueListener } from '../../../tools/local-host/queueTrigger';
import { startTestStorage } from '../../support/azurite';

afterAll(async () => {
  await (await startTestStorage()).stop();
});

const baseSettings: QueueSettings = {
  batchSize: 4,
  newBatchThreshold: 2,
  maxPollingIntervalMs: 200,
  visibilityTimeoutMs: 0,
  maxDequeueCount: 5,
  messageEncoding: 'base64',
};

async function listen(queueName: string, settings: Partial<QueueSettings>, invoke: (input: unknown, metadata: Record<string, unknown>) => Promise<unknown>) {
  const storage = await startTestStorage();
  const listener = new QueueListener({
    functionName: 'unit',
    queueName,
    connectionString: storage.connectionString,
    settings: { ...baseSettings, ...settings },
    functionTimeoutMs: 60_000,
    log: () => undefined,
    invoke,
  });
  await listener.start();
  return { listener, queue: new QueueClient(storage.connectionString, queueName) };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('QueueListener', () => {
  it('reads messages as they are with messageEncoding "none"', async () => {
    const inputs: unknown[] = [];
    const { listener, queue } = await listen('unit-none', { messageEncoding: 'none' }, async (input) => {
      inputs.push(input);
    });
    try {
      await queue.sendMessage('{"raw":true}');
      await until(() => inputs.length === 1);
      expect(inputs).toEqual([{ raw: true }]);
    } finally {
      await listener.stop();
    }
  });

  it('waits visibilityTimeout before the next try of a failed message', async () => {
    const tries: number[] = [];
    const { listener, queue } = await listen('unit-delay', { visibilityTimeoutMs: 1_500, maxDequeueCount: 2 }, async () => {
      tries.push(Date.now());
      throw new Error('fail');
    });
    try {
      await queue.sendMessage(Buffer.from('x').toString('base64'));
      await until(() => tries.length === 2);
      expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(1_400);
    } finally {
      await listener.stop();
    }
  });

  it('runs at most batchSize + newBatchThreshold messages at once', async () => {
    let running = 0;
    let most = 0;
    let done = 0;
    const { listener, queue } = await listen('unit-concurrency', { batchSize: 2, newBatchThreshold: 1 }, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 150));
      running--;
      done++;
    });
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => queue.sendMessage(Buffer.from(String(i)).toString('base64'))));
      await until(() => done === 10);
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThanOrEqual(3);
    } finally {
      await listener.stop();
    }
  });

  it('backs off while the queue is empty, and still picks up a message within maxPollingInterval', async () => {
    const got: number[] = [];
    const { listener, queue } = await listen('unit-backoff', { maxPollingIntervalMs: 1_000 }, async () => {
      got.push(Date.now());
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // long enough to reach the longest interval
      const sent = Date.now();
      await queue.sendMessage(Buffer.from('late').toString('base64'));
      await until(() => got.length === 1);
      expect(got[0]! - sent).toBeLessThan(2_500); // one interval plus slack for a busy machine
    } finally {
      await listener.stop();
    }
  });
});
