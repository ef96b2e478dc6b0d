import type * as StorageQueue from '@azure/storage-queue';
import type { QueueClient, DequeuedMessageItem } from '@azure/storage-queue';
import { randomUUID } from 'node:crypto';
import type { QueueSettings } from './hostConfig';
import { errorMessage, type LogSink, type TriggerData, type TypedData } from './invocation';

// Loaded when first used, not with the host: the Node.js worker in Azure carries no storage SDK, so the app's
// first use of @azure/storage-queue (its own copy, or one bundled into it) must not find the package already loaded.
export function storageQueue(): typeof StorageQueue {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (above)
  return require('@azure/storage-queue') as typeof StorageQueue;
}

export interface QueueListenerOptions {
  functionName: string;
  queueName: string;
  connectionString: string;
  settings: QueueSettings;
  /** Runs the function for one message; rejects when the function fails. */
  invoke: (trigger: TriggerData, dequeueCount: number) => Promise<unknown>;
  log: LogSink;
  /**
   * How long a received message stays invisible, renewed at half-time while its function runs;
   * 10 minutes as in Azure (QueueListener `_visibilityTimeout`). Tests shorten it.
   */
  leaseMs?: number;
}

const minPollingIntervalMs = 100;
const LEASE_MS = 10 * 60_000;

/**
 * The poison queue of a trigger queue, as the queue extension names it (azure-sdk-for-net
 * Microsoft.Azure.WebJobs.Extensions.Storage.Queues src/Listeners/QueueListenerFactory.cs
 * `CreatePoisonQueueReference`): `<queue>-poison`, except that a queue whose name already ends in
 * `-poison`, or whose poison name would be longer than 63 characters, has none.
 */
export function poisonQueueName(queueName: string): string | undefined {
  if (queueName.endsWith('-poison')) return undefined;
  const name = `${queueName}-poison`;
  return name.length <= 63 ? name : undefined;
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, '')) && text.replace(/\s/g, '').length % 4 === 0;
}

/** A DateTimeOffset as Json.NET writes it in the host's binding data: `2026-12-01T10:00:00+00:00`. */
function hostDate(date: Date | undefined): TypedData | undefined {
  if (!date) return undefined;
  const iso = date.toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return { json: JSON.stringify(`${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}+00:00`) };
}

/**
 * The binding data the host sends with a queue message (the queue extension's trigger binding
 * data, then GrpcMessageConversionExtensions.ToRpc): the message text as a string, which the
 * library JSON-parses when it can (so `42` arrives as the number 42), and the metadata with the
 * host's names (the library camel-cases them) including `sys`.
 */
export function queueTriggerData(
  functionName: string,
  text: string,
  message: { id: string; dequeueCount: number; insertedOn?: Date; expiresOn?: Date; nextVisibleOn?: Date; popReceipt: string },
): TriggerData {
  const metadata: Record<string, TypedData | undefined> = {
    QueueTrigger: { string: text },
    DequeueCount: { json: String(message.dequeueCount) },
    ExpirationTime: hostDate(message.expiresOn),
    Id: { string: message.id },
    InsertionTime: hostDate(message.insertedOn),
    NextVisibleTime: hostDate(message.nextVisibleOn),
    PopReceipt: { string: message.popReceipt },
    sys: { json: JSON.stringify({ MethodName: functionName, UtcNow: new Date().toISOString(), RandGuid: randomUUID() }) },
  };
  return {
    data: { string: text },
    triggerMetadata: Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, TypedData] => entry[1] !== undefined)),
  };
}

/** A wait that ends after `ms`, on `signal`, or on `cancel()`; it leaves no timer or listener behind. */
function nap(ms: number, signal: AbortSignal): { done: Promise<void>; cancel(): void } {
  let cancel = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    }
    signal.addEventListener('abort', finish);
    cancel = finish;
  });
  return { done, cancel };
}

/**
 * Polls one storage queue the way the Functions queue listener does (host.json `queues`):
 * batches of `batchSize`, a new batch once in-flight messages drop to `newBatchThreshold`,
 * exponential back-off up to `maxPollingInterval` while the queue is empty. A received message
 * stays invisible for 10 minutes, renewed while its function runs; it is deleted when the function
 * succeeds, made visible again after `visibilityTimeout` when it fails, and moved unchanged to the
 * poison queue after its `maxDequeueCount`-th failed try (QueueProcessor
 * `CompleteProcessingMessageAsync`). A queue without a poison queue (its name ends in `-poison`)
 * keeps a failed message invisible until the lease ends, so it comes back about every 10 minutes
 * until it expires; once dequeued more than `maxDequeueCount` times it is no longer run.
 */
export class QueueListener {
  readonly #opts: QueueListenerOptions;
  readonly #queue: QueueClient;
  readonly #poison: QueueClient | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  readonly #leaseMs: number;
  #loop: Promise<void> | undefined;
  #poisonCreated = false;

  constructor(opts: QueueListenerOptions) {
    this.#opts = opts;
    const { QueueClient } = storageQueue();
    this.#queue = new QueueClient(opts.connectionString, opts.queueName);
    const poison = poisonQueueName(opts.queueName);
    this.#poison = poison ? new QueueClient(opts.connectionString, poison) : undefined;
    this.#leaseMs = opts.leaseMs ?? LEASE_MS;
  }

  get queueName(): string {
    return this.#opts.queueName;
  }

  /** Creates the queue if missing (as the host does) and starts polling; storage that is down only delays polling. */
  async start(): Promise<void> {
    try {
      await this.#queue.createIfNotExists({ abortSignal: AbortSignal.timeout(15_000) });
    } catch (error) {
      this.#log(`cannot create queue "${this.#opts.queueName}" yet: ${errorMessage(error)}; polling anyway`, 'warn');
    }
    this.#loop = this.#poll().catch((error: unknown) => {
      this.#log(`queue listener for "${this.#opts.queueName}" stopped: ${errorMessage(error)}`, 'error');
    });
  }

  /** Stops polling and waits for the messages in flight. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  #log(message: string, level: 'info' | 'warn' | 'error'): void {
    this.#opts.log(`${new Date().toISOString()} [${this.#opts.functionName}] ${message}`, level);
  }

  async #poll(): Promise<void> {
    const { settings } = this.#opts;
    const signal = this.#abort.signal;
    let delay = minPollingIntervalMs;
    let failingSince: number | undefined;
    const leaseSeconds = Math.max(1, Math.ceil(this.#leaseMs / 1000));
    while (!signal.aborted) {
      if (this.#inFlight.size > settings.newBatchThreshold) {
        // Wakes when a message finishes; the wait is then cancelled, so a busy queue does not
        // pile up a timer and an abort listener per finished message.
        const wait = nap(settings.maxPollingIntervalMs, signal);
        await Promise.race([...this.#inFlight, wait.done]);
        wait.cancel();
        continue;
      }
      let messages: DequeuedMessageItem[] = [];
      try {
        const response = await this.#queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: leaseSeconds,
          abortSignal: signal,
        });
        messages = response.receivedMessageItems;
        if (failingSince !== undefined) this.#log(`receiving from "${this.#opts.queueName}" works again`, 'info');
        failingSince = undefined;
      } catch (error) {
        if (signal.aborted) break;
        if (failingSince === undefined) {
          failingSince = Date.now();
          this.#log(`cannot receive from queue "${this.#opts.queueName}": ${errorMessage(error)}`, 'warn');
        }
        if ((error as { statusCode?: number }).statusCode === 404) await this.#queue.createIfNotExists().catch(() => undefined);
      }
      if (messages.length > 0) {
        delay = minPollingIntervalMs;
        for (const message of messages) {
          const work = this.#process(message).finally(() => this.#inFlight.delete(work));
          this.#inFlight.add(work);
        }
        continue;
      }
      await nap(delay, signal).done;
      delay = Math.min(delay * 2, settings.maxPollingIntervalMs);
    }
  }

  async #process(received: DequeuedMessageItem): Promise<void> {
    const { settings } = this.#opts;
    let text = received.messageText;
    if (settings.messageEncoding === 'base64') {
      if (!isBase64(text)) {
        // The decoding-failed handler sends the raw message to the poison queue, if there is one.
        this.#log(`message ${received.messageId} is not valid base64 (host.json messageEncoding is "base64")`, 'error');
        await this.#handlePoison(received);
        return;
      }
      text = Buffer.from(text, 'base64').toString('utf8');
    }
    if (received.dequeueCount > settings.maxDequeueCount) {
      // Dequeued more often than allowed (a host that crashed, or a queue without a poison queue):
      // QueueProcessor.BeginProcessingMessageAsync does not run the function.
      this.#log(`message ${received.messageId} has been dequeued ${received.dequeueCount} times`, 'warn');
      await this.#handlePoison(received);
      return;
    }
    // While the function runs, the lease is renewed at half-time (QueueListener's visibility timer).
    const lease = { popReceipt: received.popReceipt };
    const renewal = setInterval(
      () => {
        this.#queue
          .updateMessage(received.messageId, lease.popReceipt, undefined, Math.ceil(this.#leaseMs / 1000))
          .then((updated) => {
            if (updated.popReceipt) lease.popReceipt = updated.popReceipt;
          })
          .catch((error: unknown) => this.#log(`could not renew the lease of message ${received.messageId}: ${errorMessage(error)}`, 'warn'));
      },
      Math.max(500, this.#leaseMs / 2),
    );
    let failed = false;
    try {
      await this.#opts.invoke(
        queueTriggerData(this.#opts.functionName, text, {
          id: received.messageId,
          dequeueCount: received.dequeueCount,
          insertedOn: received.insertedOn,
          expiresOn: received.expiresOn,
          nextVisibleOn: received.nextVisibleOn,
          popReceipt: received.popReceipt,
        }),
        received.dequeueCount,
      );
    } catch {
      failed = true; // the invoker has logged the error
    } finally {
      clearInterval(renewal);
    }
    const message = { ...received, popReceipt: lease.popReceipt };
    try {
      if (!failed) {
        await this.#queue.deleteMessage(message.messageId, message.popReceipt);
      } else if (!this.#poison) {
        // No poison queue: the message is not released, so it stays invisible until the lease ends
        // ("to prevent a fast infinite loop", QueueProcessor.CompleteProcessingMessageAsync).
        this.#log(
          `message ${message.messageId} failed (try ${message.dequeueCount}); "${this.#opts.queueName}" has no poison queue, so it comes back when its lease ends`,
          'warn',
        );
      } else if (message.dequeueCount >= settings.maxDequeueCount) {
        await this.#handlePoison(message);
      } else {
        await this.#queue.updateMessage(message.messageId, message.popReceipt, undefined, Math.ceil(settings.visibilityTimeoutMs / 1000));
      }
    } catch (error) {
      this.#log(`could not settle message ${message.messageId}: ${errorMessage(error)}`, 'warn');
    }
  }

  /** QueueProcessor.HandlePoisonMessageAsync: copy to the poison queue and delete; without one, nothing. */
  async #handlePoison(message: DequeuedMessageItem): Promise<void> {
    if (!this.#poison) return;
    this.#log(`Message has reached MaxDequeueCount of ${this.#opts.settings.maxDequeueCount}. Moving message to queue '${this.#poison.name}'.`, 'warn');
    if (!this.#poisonCreated) {
      await this.#poison.createIfNotExists();
      this.#poisonCreated = true;
    }
    // The message text goes over unchanged (still encoded as it was), as the runtime does.
    await this.#poison.sendMessage(message.messageText);
    await this.#queue.deleteMessage(message.messageId, message.popReceipt);
  }
}

/** The binding data for a message handed over by the admin endpoint rather than a queue. */
export function adminQueueTriggerData(functionName: string, text: string): TriggerData {
  const now = new Date();
  return queueTriggerData(functionName, text, {
    id: randomUUID(),
    dequeueCount: 1,
    insertedOn: now,
    expiresOn: new Date(now.getTime() + 7 * 24 * 3600_000),
    nextVisibleOn: now,
    popReceipt: '',
  });
}
