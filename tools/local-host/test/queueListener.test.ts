import { QueueClient } from '@azure/storage-queue';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueSettings } from '../src/hostConfig';
import type { TriggerData } from '../src/invocation';
import { QueueListener, poisonQueueName } from '../src/queueTrigger';
import { startTestStorage } from '../src/testStorage';

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

async function listen(
  queueName: string,
  settings: Partial<QueueSettings>,
  invoke: (trigger: TriggerData, dequeueCount: number) => Promise<unknown>,
  leaseMs?: number,
) {
  const storage = await startTestStorage();
  const listener = new QueueListener({
    functionName: 'unit',
    queueName,
    connectionString: storage.connectionString,
    settings: { ...baseSettings, ...settings },
    log: () => undefined,
    invoke,
    ...(leaseMs ? { leaseMs } : {}),
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
  it('reads messages as they are with messageEncoding "none", handing the text over as the host does (a string)', async () => {
    const inputs: unknown[] = [];
    const { listener, queue } = await listen('unit-none', { messageEncoding: 'none' }, async (trigger) => {
      inputs.push(trigger.data);
    });
    try {
      await queue.sendMessage('{"raw":true}');
      await until(() => inputs.length === 1);
      expect(inputs).toEqual([{ string: '{"raw":true}' }]);
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

  // A queue whose name ends in -poison has no poison queue (azure-sdk-for-net
  // Microsoft.Azure.WebJobs.Extensions.Storage.Queues src/Listeners/QueueListenerFactory.cs
  // CreatePoisonQueueReference), so a failed message is not released (Storage.Common
  // src/Shared/Queues/QueueProcessor.cs CompleteProcessingMessageAsync) and comes back when its
  // 10-minute lease (QueueListener `_visibilityTimeout`) ends; once dequeued more than
  // maxDequeueCount times it is no longer run (BeginProcessingMessageAsync) and stays until it expires.
  it('gives a -poison queue no poison queue: a failed message waits out its lease, comes back, and is never moved to -poison-poison', async () => {
    expect(poisonQueueName('ticket-notifications')).toBe('ticket-notifications-poison');
    expect(poisonQueueName('ticket-notifications-poison')).toBeUndefined();
    expect(poisonQueueName('q'.repeat(57))).toBeUndefined(); // the poison name would pass 63 characters

    const tries: Array<{ at: number; dequeueCount: number }> = [];
    const leaseMs = 2_000;
    const { listener, queue } = await listen(
      'unit-poison',
      { maxDequeueCount: 2, visibilityTimeoutMs: 0 },
      async (_trigger, dequeueCount) => {
        tries.push({ at: Date.now(), dequeueCount });
        throw new Error('fails every time');
      },
      leaseMs,
    );
    const storage = await startTestStorage();
    try {
      await queue.sendMessage(Buffer.from('{"n":1}').toString('base64'));
      await until(() => tries.length === 2, 15_000);
      // Not released after the failure (visibilityTimeout 0 would bring it back at once): the lease ran out first.
      expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(leaseMs - 200);
      // A third receive comes after another lease; with dequeueCount 3 > maxDequeueCount 2 it is not run.
      await new Promise((resolve) => setTimeout(resolve, 2.5 * leaseMs));
      expect(tries.map((t) => t.dequeueCount)).toEqual([1, 2]);
      const left = await queue.peekMessages().catch(() => undefined);
      expect(left?.peekedMessageItems ?? []).toHaveLength(0); // invisible, not deleted:
      expect((await queue.getProperties()).approximateMessagesCount).toBe(1);
      expect(await new QueueClient(storage.connectionString, 'unit-poison-poison').exists()).toBe(false);
    } finally {
      await listener.stop();
    }
  }, 30_000);
});
