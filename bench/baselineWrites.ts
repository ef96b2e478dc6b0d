// The minimum durable work of a submission, shared by the two baselines (the warm one, a bare
// node:http server, and the cold one, a minimal Functions app): one entity-group transaction
// (ticket row + first history row, the same shape and size the app writes) and one queue message.

import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';

export const BASELINE_TABLE = 'benchbaseline';
export const BASELINE_QUEUE = 'bench-baseline';

export interface BaselineWrites {
  /** creates the table and the queue (once, before the first submission) */
  ready(): Promise<void>;
  /** writes one submission; answers the body of its 201 and its Location */
  submit(body: Record<string, unknown>): Promise<{ text: string; location: string }>;
}

export function baselineWrites(connectionString: string): BaselineWrites {
  // The same client options as the app (src/storage/storageClients.ts), so neither side gets a
  // cheaper pipeline.
  const table = TableClient.fromConnectionString(connectionString, BASELINE_TABLE, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
  });
  const queue = new QueueClient(connectionString, BASELINE_QUEUE, {
    retryOptions: { maxTries: 3, tryTimeoutInMs: 3_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
  });
  return {
    ready: async () => {
      await table.createTable();
      await queue.createIfNotExists();
    },
    submit: async (body) => {
      const id = `SE-${randomBytes(8).toString('hex').toUpperCase()}`;
      const token = randomBytes(32).toString('base64url');
      const now = new Date().toISOString();
      const signal = AbortSignal.timeout(5_000);
      await table.submitTransaction(
        [
          [
            'create',
            {
              partitionKey: id,
              rowKey: 'ticket',
              Core: JSON.stringify({ ...body, description: undefined, confirmationNumber: id, status: 'submitted' }),
              Description: String(body.description ?? ''),
              Status: 'submitted',
              SlaBreached: false,
              SubmittedAt: now,
              AcknowledgeBy: now,
              TokenHashes: JSON.stringify([randomBytes(32).toString('hex')]),
              HistoryCount: 1,
            },
          ],
          ['create', { partitionKey: id, rowKey: 'h-0000', At: now, Event: 'submitted', Status: 'submitted' }],
        ],
        { abortSignal: signal },
      );
      const message = { confirmationNumber: id, event: 'submitted', eventId: 'e0', token };
      await queue.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'), { abortSignal: signal });
      const text = JSON.stringify({ confirmationNumber: id, status: 'submitted', submittedAt: now, accessToken: token });
      return { text, location: `/api/tickets/${id}` };
    },
  };
}
