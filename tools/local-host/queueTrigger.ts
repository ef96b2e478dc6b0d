import { QueueClient, type DequeuedMessageItem } from '@azure/storage-queue';
import { randomUUID } from 'node:crypto';
import type { QueueSettings } from './hostConfig';
import { errorMessage, type LogSink } from './invocation';

export interface QueueListenerOptions {
  functionName: string;
  queueName: string;
  connectionString: string;
  settings: QueueSettings;
  /** Runs the function for one message; rejects when the function fails. */
  invoke: (input: unknown, triggerMetadata: Record<string, unknown>) => Promise<unknown>;
  log: LogSink;
  /** Longest time one message may be in the hands of the function (host.json functionTimeout). */
  functionTimeoutMs: number;
}

const minPollingIntervalMs = 100;

/**
 * The queue message as the Functions runtime hands it to a Node.js function: a JSON object or
 * array is parsed, anything else (numbers, quoted strings, plain text) stays the string it is.
 */
export function toTriggerInput(text: string): unknown {
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, '')) && text.replace(/\s/g, '').length % 4 === 0;
}

function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
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
 * exponential back-off up to `maxPollingInterval` while the queue is empty; a message is deleted
 * when its function succeeds, made visible again after `visibilityTimeout` when it fails, and
 * moved unchanged to `<queue>-poison` after its `maxDequeueCount`-th failed try.
 */
export class QueueListener {
  readonly #opts: QueueListenerOptions;
  readonly #queue: QueueClient;
  readonly #poison: QueueClient;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #poisonCreated = false;

  constructor(opts: QueueListenerOptions) {
    this.#opts = opts;
    this.#queue = new QueueClient(opts.connectionString, opts.queueName);
    this.#poison = new QueueClient(opts.connectionString, `${opts.queueName}-poison`);
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
    // The message stays invisible to other receivers for as long as the function may run.
    const leaseSeconds = Math.min(7 * 24 * 3600, Math.max(600, Math.ceil(this.#opts.functionTimeoutMs / 1000) + 60));
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

  async #process(message: DequeuedMessageItem): Promise<void> {
    const { settings } = this.#opts;
    let text = message.messageText;
    if (settings.messageEncoding === 'base64') {
      if (!isBase64(text)) {
        this.#log(`message ${message.messageId} is not valid base64 (host.json messageEncoding is "base64"); moving it to "${this.#opts.queueName}-poison"`, 'error');
        await this.#moveToPoison(message);
        return;
      }
      text = Buffer.from(text, 'base64').toString('utf8');
    }
    if (message.dequeueCount > settings.maxDequeueCount) {
      // Dequeued more often than allowed without a recorded failure (e.g. a host that crashed).
      this.#log(`message ${message.messageId} has been dequeued ${message.dequeueCount} times; moving it to "${this.#opts.queueName}-poison"`, 'warn');
      await this.#moveToPoison(message);
      return;
    }
    const triggerMetadata = {
      id: message.messageId,
      dequeueCount: message.dequeueCount,
      insertionTime: iso(message.insertedOn),
      expirationTime: iso(message.expiresOn),
      nextVisibleTime: iso(message.nextVisibleOn),
      popReceipt: message.popReceipt,
      queueTrigger: text,
    };
    let failed = false;
    try {
      await this.#opts.invoke(toTriggerInput(text), triggerMetadata);
    } catch {
      failed = true; // the invoker has logged the error
    }
    try {
      if (!failed) {
        await this.#queue.deleteMessage(message.messageId, message.popReceipt);
      } else if (message.dequeueCount >= settings.maxDequeueCount) {
        this.#log(`message ${message.messageId} failed ${message.dequeueCount} times; moving it to "${this.#opts.queueName}-poison"`, 'warn');
        await this.#moveToPoison(message);
      } else {
        await this.#queue.updateMessage(message.messageId, message.popReceipt, undefined, Math.ceil(settings.visibilityTimeoutMs / 1000));
      }
    } catch (error) {
      this.#log(`could not settle message ${message.messageId}: ${errorMessage(error)}`, 'warn');
    }
  }

  async #moveToPoison(message: DequeuedMessageItem): Promise<void> {
    if (!this.#poisonCreated) {
      await this.#poison.createIfNotExists();
      this.#poisonCreated = true;
    }
    // The message text goes over unchanged (still encoded as it was), as the runtime does.
    await this.#poison.sendMessage(message.messageText);
    await this.#queue.deleteMessage(message.messageId, message.popReceipt);
  }
}

/** Trigger metadata for a message handed over by the admin endpoint rather than a queue. */
export function adminQueueMetadata(text: string): Record<string, unknown> {
  const now = new Date();
  return {
    id: randomUUID(),
    dequeueCount: 1,
    insertionTime: now.toISOString(),
    expirationTime: new Date(now.getTime() + 7 * 24 * 3600_000).toISOString(),
    nextVisibleTime: now.toISOString(),
    popReceipt: '',
    queueTrigger: text,
  };
}
