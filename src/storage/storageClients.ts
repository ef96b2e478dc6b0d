// Builds the Table, Queue and Blob clients from settings: a connection string (Azurite, or an account
// key) or the managed identity in Azure. Every client has a bounded retry policy; callers add a
// per-operation deadline, so an outage becomes a 503 in seconds, never a hang.

import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { QueueClient, QueueServiceClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { ContainerClient, type StoragePipelineOptions as BlobPipelineOptions } from '@azure/storage-blob';
import { azureCredential } from '../azureCredential';
import type { StorageSettings } from '../settings';

/** The deadline for one storage operation, retries included. */
export const STORAGE_DEADLINE_MS = 5_000;

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const LINE_SEPARATORS = /[\u2028\u2029]/g;

/**
 * Writes U+2028 and U+2029 in request bodies as JSON escapes (`\u2028`). Azurite's batch parser
 * finds each operation's JSON with a regular expression whose `.` stops at these two characters
 * (line terminators to JavaScript), so a transaction with a pasted line separator in a
 * description failed with 500 locally. Table bodies are JSON, where the two can only stand inside
 * strings and the escape means the same character to every reader, Table Storage included.
 */
const escapeLineSeparatorsPolicy: PipelinePolicy = {
  name: 'escapeLineSeparators',
  sendRequest(request, next) {
    if (typeof request.body === 'string' && (request.body.includes('\u2028') || request.body.includes('\u2029'))) {
      request.body = request.body.replace(LINE_SEPARATORS, (ch) => (ch === '\u2028' ? '\\u2028' : '\\u2029'));
    }
    return next(request);
  },
};

const tableOptions = (): TableServiceClientOptions => ({
  allowInsecureConnection: true,
  retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
  additionalPolicies: [{ policy: escapeLineSeparatorsPolicy, position: 'perCall' }],
});

const queueOptions = (): StoragePipelineOptions => ({
  retryOptions: { maxTries: 3, tryTimeoutInMs: 3_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
});

// Blob requests carry up to a block (4 MiB) each: a longer try than a queue message's.
const blobOptions = (): BlobPipelineOptions => ({
  retryOptions: { maxTries: 3, tryTimeoutInMs: 30_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
});

export interface StorageClients {
  table(name: string): TableClient;
  queue(name: string): QueueClient;
  container(name: string): ContainerClient;
  /** the account's Table service: which tables there are */
  tableService(): TableServiceClient;
  /** the account's Queue service: which queues there are */
  queueService(): QueueServiceClient;
}

export function createStorageClients(settings: StorageSettings): StorageClients {
  if (settings.kind === 'connectionString') {
    return {
      table: (name) => TableClient.fromConnectionString(settings.connectionString, name, tableOptions()),
      queue: (name) => new QueueClient(settings.connectionString, name, queueOptions()),
      container: (name) => new ContainerClient(settings.connectionString, name, blobOptions()),
      tableService: () => TableServiceClient.fromConnectionString(settings.connectionString, tableOptions()),
      queueService: () => QueueServiceClient.fromConnectionString(settings.connectionString, queueOptions()),
    };
  }
  // @azure/identity loads on the first token request (src/azureCredential.ts).
  const credential = azureCredential(settings.clientId ? { clientId: settings.clientId } : {});
  return {
    table: (name) => new TableClient(settings.tableServiceUri, name, credential, tableOptions()),
    queue: (name) => new QueueClient(`${settings.queueServiceUri.replace(/\/+$/, '')}/${name}`, credential, queueOptions()),
    container: (name) => new ContainerClient(`${settings.blobServiceUri.replace(/\/+$/, '')}/${name}`, credential, blobOptions()),
    tableService: () => new TableServiceClient(settings.tableServiceUri, credential, tableOptions()),
    queueService: () => new QueueServiceClient(settings.queueServiceUri, credential, queueOptions()),
  };
}

/**
 * How long operations share one deadline signal. AbortSignal.timeout's timer fires even after the
 * operation it guarded has ended, building a DOMException and an abort event each time; at
 * hundreds of submissions a second that was about 1 % of each one's CPU. Operations that start
 * within this window of each other share a signal, so each gets between `ms - 100` and `ms`.
 */
const DEADLINE_SHARING_MS = 100;

const sharedDeadlines = new Map<number, { signal: AbortSignal; until: number }>();

/** An abort signal that fires `ms` (at most DEADLINE_SHARING_MS less) after one storage operation starts. */
export function deadline(ms = STORAGE_DEADLINE_MS): AbortSignal {
  const now = performance.now();
  const shared = sharedDeadlines.get(ms);
  if (shared && now < shared.until && !shared.signal.aborted) return shared.signal;
  const signal = AbortSignal.timeout(ms);
  // Each operation in flight listens on the one signal and lets go when it ends; more than Node's ten
  // listeners is normal here, not a leak, so no MaxListenersExceededWarning.
  setMaxListeners(0, signal);
  sharedDeadlines.set(ms, { signal, until: now + Math.min(DEADLINE_SHARING_MS, ms / 10) });
  return signal;
}
