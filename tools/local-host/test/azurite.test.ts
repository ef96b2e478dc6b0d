import { QueueServiceClient } from '@azure/storage-queue';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../src/azurite';
import { startTestStorage } from '../src/testStorage';

afterAll(async () => {
  await (await startTestStorage()).stop();
});

describe('startAzurite', () => {
  it('starts on free ports and gives an explicit connection string that works', async () => {
    const storage = await startTestStorage();
    expect(storage.started).toBe(true);
    expect(storage.connectionString).toContain(`QueueEndpoint=http://127.0.0.1:${storage.ports.queue}/devstoreaccount1`);
    const queues = QueueServiceClient.fromConnectionString(storage.connectionString);
    await queues.createQueue('azurite-check');
    expect(await queues.getQueueClient('azurite-check').exists()).toBe(true);
  });

  it('reuses an Azurite already listening on the requested ports and leaves it running on stop', async () => {
    const storage = await startTestStorage();
    const reused = await startAzurite({ ports: storage.ports });
    expect(reused.started).toBe(false);
    expect(reused.connectionString).toBe(storage.connectionString);
    await reused.stop();
    await QueueServiceClient.fromConnectionString(storage.connectionString).getProperties();
  });

  it('refuses ports held by something that is not Azurite, saying which', async () => {
    const server = createServer((_req, res) => res.end('not azurite'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(startAzurite({ ports: { blob: port, queue: port + 1, table: port + 2 } })).rejects.toThrow(new RegExp(`blob 127.0.0.1:${port}`));
    } finally {
      server.close();
    }
  });
});
