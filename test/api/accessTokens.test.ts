// Access tokens are kept only as hashes and never travel in a queue message; a reporter's token is
// checked without reading the report, so a wrong token and an unknown number cost the same.
// The app talks to Table Storage through a recording proxy (test/support/faultProxy.ts): what it
// asks storage for is what this file asserts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage } from '@security-event-intake/local-host/testing';
import { newConfirmationNumber } from '../../src/domain/confirmationNumber';
import { aSubmission } from '../support/builders';
import { connectionThrough, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startTestHost, type TestHost } from '../support/testHost';
import { OPS_KEY, eventually, queue, submit } from './notifications.support';

let t: TestHost;
let tables: FaultProxy;

beforeAll(async () => {
  const storage = await startTestStorage();
  tables = await startFaultProxy({ host: storage.host, port: storage.ports.table });
  const proxied = connectionThrough(storage, { table: tables });
  // No worker: the confirmation message stays on the queue to be read.
  t = await startTestHost({ env: { AzureWebJobsStorage: proxied, OPS_API_KEY: OPS_KEY }, enableQueues: false });
});
afterAll(async () => {
  await t?.stop();
  await tables?.stop();
});

/** The table requests the app makes while `work` runs. */
async function tableRequestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const from = tables.seen.length;
  await work();
  return tables.seen.slice(from);
}

describe('access tokens', () => {
  it('checks a wrong token with one read of its hash’s rows and never reads the report', async () => {
    const ticket = await submit(t, aSubmission({ description: 'x'.repeat(20_000) }));
    const read = (token: string, number = ticket.confirmationNumber) => t.fetch(`/api/tickets/${number}`, { headers: { authorization: `Bearer ${token}` } });

    const wrong = await tableRequestsDuring(async () => expect((await read('not-the-token-0123456789')).status).toBe(404));
    const unknown = await tableRequestsDuring(async () =>
      expect(
        (
          await read(
            ticket.accessToken,
            newConfirmationNumber((n) => new Uint8Array(n).fill(7)),
          )
        ).status,
      ).toBe(404),
    );

    // The same single request for both: the submission's history row and the claim of its
    // announcement (which hold the submission's and the confirmation's tokens) and the token's own
    // row, with only the columns the check needs; neither touches the ticket row.
    expect(wrong).toHaveLength(1);
    expect(unknown).toHaveLength(1);
    for (const request of [...wrong, ...unknown]) {
      expect(request).toMatch(/^GET \/devstoreaccount1\/tickets\(\)\?/);
      expect(request).toMatch(/PartitionKey eq 'SE-[A-Z0-9-]+' and \(RowKey eq 'h-0000' or RowKey eq 'o-0000~announced' or RowKey eq 't-[0-9a-f]{64}'\)/);
      expect(request).toMatch(/\$select=RowKey,ExpiresAt,TokenHash(&|$)/);
      expect(request).not.toContain("'ticket'");
    }

    // The right token reads the ticket.
    expect((await read(ticket.accessToken)).status).toBe(200);
  });

  it('puts no token into the confirmation message, and stores the token only as a hash', async () => {
    const q = queue(t, 'ticket-notifications');
    await q.clearMessages();
    const ticket = await submit(t, aSubmission());

    // The message becomes visible a moment after the 201 (it waits for the ticket's write).
    const mine = await eventually('the confirmation message', async () => {
      const { peekedMessageItems } = await q.peekMessages({ numberOfMessages: 32 });
      const found = peekedMessageItems
        .map((m) => Buffer.from(m.messageText, 'base64').toString('utf8'))
        .filter((text) => text.includes(ticket.confirmationNumber));
      return found.length > 0 ? found : undefined;
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toContain(ticket.accessToken);
    expect(Object.keys(JSON.parse(mine[0]!) as object).sort()).toEqual(['confirmationNumber', 'event', 'eventId', 'queuedAt', 'withoutPendingRow']);

    const { TableClient, odata } = await import('@azure/data-tables');
    const rows = TableClient.fromConnectionString(t.connectionString, 'tickets', { allowInsecureConnection: true });
    for await (const row of rows.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${ticket.confirmationNumber}` } })) {
      expect(JSON.stringify(row)).not.toContain(ticket.accessToken);
    }
  });
});
