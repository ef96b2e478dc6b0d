// Builds the Table and Queue clients from settings: a connection string (Azurite, or an account
// key) or the managed identity in Azure. Every client has a bounded retry policy; callers add a
// per-operation deadline, so an outage becomes a 503 in seconds, never a hang.

import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { StorageSettings } from '../settings';

/** The deadline for one storage operation, retries included. */
export const STORAGE_DEADLINE_MS = 5_000;

const tableOptions = (): TableServiceClientOptions => ({
  allowInsecureConnection: true,
  retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
});

const queueOptions = (): StoragePipelineOptions => ({
  retryOptions: { maxTries: 3, tryTimeoutInMs: 3_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
});

export interface StorageClients {
  table(name: string): TableClient;
  queue(name: string): QueueClient;
}

export function createStorageClients(settings: StorageSettings): StorageClients {
  if (settings.kind === 'connectionString') {
    return {
      table: (name) => TableClient.fromConnectionString(settings.connectionString, name, tableOptions()),
      queue: (name) => new QueueClient(settings.connectionString, name, queueOptions()),
    };
  }
  const credential: TokenCredential = settings.clientId
    ? new ManagedIdentityCredential({ clientId: settings.clientId })
    : new DefaultAzureCredential();
  return {
    table: (name) => new TableClient(settings.tableServiceUri, name, credential, tableOptions()),
    queue: (name) => new QueueClient(`${settings.queueServiceUri.replace(/\/+$/, '')}/${name}`, credential, queueOptions()),
  };
}

/** An abort signal for one storage operation. */
export function deadline(ms = STORAGE_DEADLINE_MS): AbortSignal {
  return AbortSignal.timeout(ms);
}
