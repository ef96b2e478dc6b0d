// Makes sure the app's tables and queues exist before it uses them: Azurite starts empty, while in
// Azure Bicep made them. One listing of each service answers for all of them, and only what is
// missing is created, so a start against provisioned storage (every start in Azure, and a cold
// one's first request) costs two requests instead of one create (and its 409) per table and queue.

import { odata, type TableServiceClient } from '@azure/data-tables';
import type { QueueServiceClient } from '@azure/storage-queue';
import { deadline } from './storageClients';

/** Creates those of `tables` and `queues` that the account does not have. */
export async function ensureProvisioned(
  services: { tables: TableServiceClient; queues: QueueServiceClient },
  wanted: { tables: readonly string[]; queues: readonly string[] },
): Promise<void> {
  await Promise.all([ensureTables(services.tables, wanted.tables), ensureQueues(services.queues, wanted.queues)]);
}

async function ensureTables(service: TableServiceClient, wanted: readonly string[]): Promise<void> {
  const have = new Set<string>();
  // Only the names we ask for: the account may hold other tables (the Functions host's, say).
  const filter = wanted.map((name) => odata`TableName eq ${name}`).join(' or ');
  for await (const table of service.listTables({ queryOptions: { filter }, abortSignal: deadline() })) if (table.name) have.add(table.name);
  // createTable treats "already exists" as done: another instance may create one at the same time.
  await Promise.all(wanted.filter((name) => !have.has(name)).map((name) => service.createTable(name, { abortSignal: deadline() })));
}

async function ensureQueues(service: QueueServiceClient, wanted: readonly string[]): Promise<void> {
  const have = new Set<string>();
  // Only the names that begin as ours do: the Functions host keeps queues of its own in the account.
  for await (const queue of service.listQueues({ prefix: commonPrefix(wanted), abortSignal: deadline() })) have.add(queue.name);
  await Promise.all(wanted.filter((name) => !have.has(name)).map((name) => service.getQueueClient(name).createIfNotExists({ abortSignal: deadline() })));
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
