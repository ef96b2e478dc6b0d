// The record of sent emails against Azurite, in a table of its own: one partition, so a burst's
// rows go in grouped transactions; rows of the earlier layout (a partition per id) still found.

import { randomBytes, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedTableClient } from '../support/countedTables';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { TableSentEmailLog } from '../../src/storage/sentEmailLog';
import { StorageUnavailable } from '../../src/storage/storageErrors';

let log: TableSentEmailLog;
let table: TableClient;
let connectionString: string;

beforeAll(async () => {
  connectionString = (await startTestStorage()).connectionString;
  table = TableClient.fromConnectionString(connectionString, `sentemails${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });
  await table.createTable();
  log = new TableSentEmailLog(table);
});
afterAll(async () => (await startTestStorage()).stop());

describe('TableSentEmailLog', () => {
  it('finds the ticket event an email was sent about by its operation id, in either case', async () => {
    const id = randomUUID();
    await log.remember(id, { confirmationNumber: 'SE-ABC123-X', event: 'acknowledged', eventId: 'e1' });

    expect(await log.find(id)).toEqual({ confirmationNumber: 'SE-ABC123-X', event: 'acknowledged', eventId: 'e1' });
    expect(await log.find(id.toUpperCase())).toEqual({ confirmationNumber: 'SE-ABC123-X', event: 'acknowledged', eventId: 'e1' });
  });

  it('reads a row written before events had ids: its history row key is the event id', async () => {
    const id = randomUUID();
    await table.createEntity({ partitionKey: id, rowKey: 'email', ConfirmationNumber: 'SE-OLD123-Q', Event: 'resolved', EventKey: 'h-0003' });

    expect(await log.find(id)).toEqual({ confirmationNumber: 'SE-OLD123-Q', event: 'resolved', eventId: 'h-0003' });
  });

  it('reads a row of the layout before one partition (a partition per id, with its event id)', async () => {
    const id = randomUUID();
    await table.createEntity({
      partitionKey: id,
      rowKey: 'email',
      ConfirmationNumber: 'SE-PRE123-R',
      Event: 'acknowledged',
      EventId: 'e2',
      Audience: 'operators',
    });

    expect(await log.find(id.toUpperCase())).toEqual({ confirmationNumber: 'SE-PRE123-R', event: 'acknowledged', eventId: 'e2', audience: 'operators' });
  });

  it('remembers a burst of sixteen emails with two requests, and finds each of them', async () => {
    const { client: counted, requests } = countedTableClient(connectionString, table.tableName);
    const burst = new TableSentEmailLog(counted);
    const ids = Array.from({ length: 16 }, () => randomUUID());

    await Promise.all(ids.map((id, i) => burst.remember(id, { confirmationNumber: `SE-BURST${i}-A`, event: 'submitted', eventId: 'e0' })));

    // the first row alone, then the fifteen that came while it was on its way, as one transaction
    expect(requests()).toBe(2);
    expect((await Promise.all(ids.map((id) => log.find(id)))).map((email) => email?.confirmationNumber)).toEqual(ids.map((_, i) => `SE-BURST${i}-A`));
  });

  it('answers null for an id it never saw', async () => {
    expect(await log.find(randomUUID())).toBeNull();
  });

  it('takes the same email twice (a redelivered send) without complaint', async () => {
    const id = randomUUID();
    const email = { confirmationNumber: 'SE-DEF456-Y', event: 'submitted', eventId: 'e0' } as const;
    await log.remember(id, email);
    await log.remember(id, email);

    expect(await log.find(id)).toEqual(email);
  });

  it('reports a table it cannot reach as StorageUnavailable', async () => {
    const missing = new TableSentEmailLog(TableClient.fromConnectionString(connectionString, 'nosuchtable', { allowInsecureConnection: true }));

    await expect(missing.remember(randomUUID(), { confirmationNumber: 'SE-GHI789-Z', event: 'submitted', eventId: 'e0' })).rejects.toBeInstanceOf(
      StorageUnavailable,
    );
  });
});
