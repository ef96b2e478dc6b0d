// The nightly reconciliation's steps stand on their own: a storage fault in the first (the
// reconciliation of submitted tickets) still leaves the later ones done that night (an expired
// console session removed, here), and the run is reported failed, naming the step.
//
// The app talks to Azurite through a fault-injecting proxy (test/support/faultProxy.ts).

import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { connectionThrough, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, captureConsole } from '../api/notifications.support';

let t: TestHost;
let tableProxy: FaultProxy;
let output: ReturnType<typeof captureConsole>;

beforeAll(async () => {
  const storage = await startTestStorage();
  tableProxy = await startFaultProxy({ host: storage.host, port: storage.ports.table });
  const proxied = connectionThrough(storage, { table: tableProxy });
  output = captureConsole();
  t = await startTestHost({ env: { AzureWebJobsStorage: proxied, OPS_API_KEY: OPS_KEY } });
  expect((await t.fetch('/api/health')).status).toBe(200);
});
afterAll(async () => {
  await t?.stop();
  await tableProxy?.stop();
  output?.restore();
});

async function sessionRows(): Promise<unknown[]> {
  const rows: unknown[] = [];
  const table = TableClient.fromConnectionString(t.connectionString, 'consolesessions', { allowInsecureConnection: true });
  for await (const row of table.listEntities()) rows.push(row);
  return rows;
}

describe('the nightly reconciliation', () => {
  it('removes expired console sessions even when reconciling the submitted tickets fails, and reports the run failed', async () => {
    const sessions = TableClient.fromConnectionString(t.connectionString, 'consolesessions', { allowInsecureConnection: true });
    // A session signed in long ago that nobody came back to.
    await sessions.createEntity({
      partitionKey: randomBytes(16).toString('hex'),
      rowKey: 'session',
      Operator: 'operator',
      CreatedAt: '2026-01-05T08:00:00.000Z',
      LastSeenAt: '2026-01-05T08:00:00.000Z',
    });
    expect(await sessionRows()).toHaveLength(1);
    // The scan of the submitted tickets cannot be read: every try of it (the SDK retries twice) is refused.
    tableProxy.failNext(3, (method, path) => method === 'GET' && path.includes('/tickets()'), 503);
    const failedBefore = tableProxy.failed;

    await expect(t.runFunction('reconcileTickets')).rejects.toThrow();

    expect(tableProxy.failed - failedBefore).toBe(3);
    expect(await sessionRows()).toEqual([]);
    const failed = output.lines.filter((line) => line.includes('nightly step failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('reconcile submitted tickets');
  });
});
