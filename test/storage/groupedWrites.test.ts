// Grouped writes to one partition, against real Azurite behind a proxy that counts (and can fail)
// the requests: while one write is on its way, the writes that arrive for its partition go
// together afterwards as one transaction, and each caller still gets the answer its own write
// would have had alone.

import { randomUUID } from 'node:crypto';
import { TableClient, odata, type TableEntity } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage, type TestStorage } from '@security-event-intake/local-host/testing';
import { GroupedWrites } from '../../src/storage/groupedWrites';
import { isAlreadyExists, statusOf } from '../../src/storage/storageErrors';
import { connectionThrough, startFaultProxy, type FaultProxy } from '../support/faultProxy';

let storage: TestStorage;
let proxy: FaultProxy;
let table: TableClient;
let tableName: string;

beforeAll(async () => {
  storage = await startTestStorage();
  proxy = await startFaultProxy({ host: storage.host, port: storage.ports.table });
  const connectionString = connectionThrough(storage, { table: proxy });
  tableName = `grouped${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // The app's retry policy (storageClients.ts): two retries of a failed request.
  table = TableClient.fromConnectionString(connectionString, tableName, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
  });
  await table.createTable();
});
afterAll(async () => {
  await proxy?.stop();
  await storage?.stop();
});

const row = (partitionKey: string, rowKey: string, value = 'v'): TableEntity<{ Value: string }> => ({ partitionKey, rowKey, Value: value });

/** The requests `work` made to the table (entity writes and transactions). */
async function requestsOf(work: () => Promise<unknown>): Promise<string[]> {
  const from = proxy.seen.length;
  await work();
  return proxy.seen.slice(from);
}

async function valueOf(partitionKey: string, rowKey: string): Promise<string | null> {
  try {
    return (await table.getEntity<{ Value: string }>(partitionKey, rowKey)).Value;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

async function rowsOf(partitionKey: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const entity of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) rows.push(entity);
  return rows;
}

const isBatch = (method: string, path: string) => method === 'POST' && path.includes('$batch');

describe('GroupedWrites', () => {
  it('sends the first write at once and the twenty that came meanwhile as one transaction; every row is written', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();
    const requests = await requestsOf(() => Promise.all(Array.from({ length: 21 }, (_, i) => writes.create(row(p, `r${String(i).padStart(2, '0')}`)))));

    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatch(new RegExp(`^POST /\\w+/${tableName}`));
    expect(requests[1]).toMatch(/^POST .*\$batch/);
    const stored = await rowsOf(p);
    expect(stored).toHaveLength(21);
  });

  it('keeps partitions apart: each partition’s first write goes at once, and the rest of each is grouped on its own', async () => {
    const writes = new GroupedWrites(table);
    const [a, b] = [randomUUID(), randomUUID()];
    const requests = await requestsOf(() =>
      Promise.all([writes.upsert(row(a, '1')), writes.upsert(row(b, '1')), writes.upsert(row(a, '2')), writes.upsert(row(b, '2')), writes.upsert(row(a, '3'))]),
    );

    // a: 1 alone, then 2 and 3 as one transaction; b: 1 alone, then 2 alone (a round of one is no transaction)
    expect(requests.filter((r) => !r.includes('$batch'))).toHaveLength(3);
    expect(requests.filter((r) => r.includes('$batch'))).toHaveLength(1);
    expect(await Promise.all([valueOf(a, '1'), valueOf(a, '2'), valueOf(a, '3'), valueOf(b, '1'), valueOf(b, '2')])).toEqual(['v', 'v', 'v', 'v', 'v']);
  });

  it('a row that exists fails only its own create: the others of its transaction are written, and the row keeps what it held', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();
    await table.createEntity(row(p, 'taken', 'first'));

    const results = await Promise.allSettled([
      writes.create(row(p, 'a')),
      writes.create(row(p, 'b')),
      writes.create(row(p, 'taken', 'second')),
      writes.create(row(p, 'c')),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isAlreadyExists((results[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(await Promise.all([valueOf(p, 'a'), valueOf(p, 'b'), valueOf(p, 'c'), valueOf(p, 'taken')])).toEqual(['v', 'v', 'v', 'first']);
  });

  it('a transaction storage refuses (past its retries) leaves each write to a request of its own, and all succeed', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();
    proxy.failNext(3, isBatch, 503);
    const failedBefore = proxy.failed;

    const requests = await requestsOf(() =>
      Promise.all([writes.upsert(row(p, 'a')), writes.upsert(row(p, 'b')), writes.create(row(p, 'c')), writes.upsert(row(p, 'd'))]),
    );

    expect(proxy.failed - failedBefore).toBe(3);
    // a alone, the transaction three times, then b, c and d alone
    expect(requests.filter((r) => r.includes('$batch'))).toHaveLength(3);
    expect(requests.filter((r) => !r.includes('$batch'))).toHaveLength(4);
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((k) => valueOf(p, k)))).toEqual(['v', 'v', 'v', 'v']);
  });

  it('a write that fails alone rejects its own caller, and the writes waiting behind it still go', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();
    proxy.failNext(3, (method, path) => method === 'PUT' && path.includes(`PartitionKey='${p}'`) && path.includes(`RowKey='first'`), 503);

    const results = await Promise.allSettled([writes.upsert(row(p, 'first')), writes.upsert(row(p, 'x')), writes.upsert(row(p, 'y'))]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(statusOf((results[0] as PromiseRejectedResult).reason)).toBe(503);
    expect(await Promise.all([valueOf(p, 'first'), valueOf(p, 'x'), valueOf(p, 'y')])).toEqual([null, 'v', 'v']);
  });

  it('never puts one row twice in a transaction: the second write of a row goes in the next round, and the later value stands', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();

    const requests = await requestsOf(() =>
      Promise.all([
        writes.upsert(row(p, 'start')),
        writes.upsert(row(p, 'same', 'older')),
        writes.upsert(row(p, 'other')),
        writes.upsert(row(p, 'same', 'newer')),
      ]),
    );

    // start alone; then 'same' (older) with 'other' as one transaction; then 'same' (newer) alone
    expect(requests).toHaveLength(3);
    expect(requests[1]).toMatch(/\$batch/);
    expect(await valueOf(p, 'same')).toBe('newer');
    expect(await valueOf(p, 'other')).toBe('v');
  });

  it('sends at most 100 writes per transaction: 150 waiting take two', async () => {
    const writes = new GroupedWrites(table);
    const p = randomUUID();

    const requests = await requestsOf(() => Promise.all(Array.from({ length: 151 }, (_, i) => writes.upsert(row(p, `r${String(i).padStart(3, '0')}`)))));

    expect(requests).toHaveLength(3);
    expect(requests.slice(1).every((r) => r.includes('$batch'))).toBe(true);
    const stored = await rowsOf(p);
    expect(stored).toHaveLength(151);
  });

  describe('upsertAll', () => {
    it('writes the rows of one call together at once: one transaction when nothing waits, none of them alone', async () => {
      const writes = new GroupedWrites(table);
      const p = randomUUID();

      const requests = await requestsOf(() => writes.upsertAll([row(p, 'offer'), row(p, 'cve')]));

      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatch(/^POST .*\$batch/);
      expect(await Promise.all([valueOf(p, 'offer'), valueOf(p, 'cve')])).toEqual(['v', 'v']);
    });

    it('the rows of calls made while one is on its way go together in the next round', async () => {
      const writes = new GroupedWrites(table);
      const p = randomUUID();

      const requests = await requestsOf(() => Promise.all(Array.from({ length: 8 }, (_, i) => writes.upsertAll([row(p, `offer-${i}`), row(p, `cve-${i}`)]))));

      // the first call's two rows, then the other fourteen
      expect(requests).toHaveLength(2);
      expect(requests.every((r) => r.includes('$batch'))).toBe(true);
      expect(await rowsOf(p)).toHaveLength(16);
    });

    it('fails its caller when one of its rows fails, and the other row is still written', async () => {
      const writes = new GroupedWrites(table);
      const p = randomUUID();
      proxy.failNext(3, isBatch, 503);
      proxy.failNext(3, (method, path) => method === 'PUT' && path.includes(`PartitionKey='${p}'`) && path.includes(`RowKey='cve'`), 503);

      await expect(writes.upsertAll([row(p, 'offer'), row(p, 'cve')])).rejects.toSatisfy((error) => statusOf(error) === 503);
      expect(await Promise.all([valueOf(p, 'offer'), valueOf(p, 'cve')])).toEqual(['v', null]);
    });

    it('refuses rows of different partitions, writing none of them', async () => {
      const writes = new GroupedWrites(table);
      const [a, b] = [randomUUID(), randomUUID()];

      await expect(writes.upsertAll([row(a, '1'), row(b, '1')])).rejects.toThrow(/one partition/);
      expect(await Promise.all([valueOf(a, '1'), valueOf(b, '1')])).toEqual([null, null]);
    });
  });
});
