// Making sure of the app's tables and queues against real Azurite: on empty storage every one is
// created; on storage that has them (Azure, where Bicep made them) only the two listings are sent
// and nothing is created; one that went missing is made again, the others left as they are.

import { randomBytes } from 'node:crypto';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { ensureProvisioned } from '../../src/storage/provisioning';

let connectionString: string;
beforeAll(async () => {
  ({ connectionString } = await startTestStorage());
});
afterAll(async () => (await startTestStorage()).stop());

/** Service clients that count the requests they send, by method. */
function countingServices(): { tables: TableServiceClient; queues: QueueServiceClient; requests: string[] } {
  const requests: string[] = [];
  const policy = {
    name: 'count',
    sendRequest: (request: { method: string; url: string }, next: (r: never) => Promise<unknown>) => {
      requests.push(`${request.method} ${new URL(request.url).pathname.split('/').slice(2).join('/') || '/'}`);
      return next(request as never);
    },
  };
  const tables = TableServiceClient.fromConnectionString(connectionString, {
    allowInsecureConnection: true,
    additionalPolicies: [{ policy, position: 'perCall' }],
  } as never);
  // The queue client takes no extra policy: its two calls are counted where they are made.
  const service = QueueServiceClient.fromConnectionString(connectionString);
  const queues = {
    listQueues: (options?: Parameters<QueueServiceClient['listQueues']>[0]) => {
      requests.push('GET queues');
      return service.listQueues(options);
    },
    getQueueClient: (name: string) => {
      const queue = service.getQueueClient(name);
      return {
        createIfNotExists: (options?: Parameters<typeof queue.createIfNotExists>[0]) => {
          requests.push(`PUT ${name}`);
          return queue.createIfNotExists(options);
        },
      };
    },
  } as unknown as QueueServiceClient;
  return { tables, queues, requests };
}

describe('ensureProvisioned', () => {
  const suffix = randomBytes(3).toString('hex');
  const wanted = { tables: [`alpha${suffix}`, `beta${suffix}`, `gamma${suffix}`], queues: [`q-${suffix}-main`, `q-${suffix}-main-poison`] };

  async function existing(): Promise<{ tables: string[]; queues: string[] }> {
    const tables: string[] = [];
    for await (const t of TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true }).listTables())
      if (t.name?.endsWith(suffix)) tables.push(t.name);
    const queues: string[] = [];
    for await (const q of QueueServiceClient.fromConnectionString(connectionString).listQueues({ prefix: `q-${suffix}` })) queues.push(q.name);
    return { tables: tables.sort(), queues: queues.sort() };
  }

  it('creates every table and queue on empty storage', async () => {
    const { tables, queues, requests } = countingServices();
    await ensureProvisioned({ tables, queues }, wanted);
    expect(await existing()).toEqual({ tables: [...wanted.tables].sort(), queues: [...wanted.queues].sort() });
    expect(requests.filter((r) => r.startsWith('POST Tables'))).toHaveLength(3);
  });

  it('on storage that has them, lists each service once and creates nothing', async () => {
    const row = { partitionKey: 'p', rowKey: 'r', kept: true };
    await TableClient.fromConnectionString(connectionString, wanted.tables[0]!, { allowInsecureConnection: true }).createEntity(row);
    const { tables, queues, requests } = countingServices();
    await ensureProvisioned({ tables, queues }, wanted);
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.startsWith('GET'))).toBe(true);
    const kept = await TableClient.fromConnectionString(connectionString, wanted.tables[0]!, { allowInsecureConnection: true }).getEntity('p', 'r');
    expect(kept.kept).toBe(true);
  });

  it('makes one that went missing again, and only that one', async () => {
    await TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true }).deleteTable(wanted.tables[1]!);
    await QueueServiceClient.fromConnectionString(connectionString).deleteQueue(wanted.queues[1]!);
    const { tables, queues, requests } = countingServices();
    await ensureProvisioned({ tables, queues }, wanted);
    expect(await existing()).toEqual({ tables: [...wanted.tables].sort(), queues: [...wanted.queues].sort() });
    expect(requests.filter((r) => !r.startsWith('GET'))).toHaveLength(2);
  });
});
