// The intake baseline: a bare node:http server that does only the minimum durable work of a
// submission, straight through the SDKs — one entity-group transaction (ticket row + first history
// row, the same shape and size the app writes) and one queue message. No validation, no index
// rows, no framework. The app's number includes HTTP, so the baseline is measured over HTTP too.

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';

export const BASELINE_TABLE = 'benchbaseline';
export const BASELINE_QUEUE = 'bench-baseline';

export interface BaselineServer {
  url: string;
  stop(): Promise<void>;
}

export async function startBaselineServer(connectionString: string): Promise<BaselineServer> {
  // The same client options as the app (src/storage/storageClients.ts), so neither side gets a
  // cheaper pipeline.
  const table = TableClient.fromConnectionString(connectionString, BASELINE_TABLE, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
  });
  const queue = new QueueClient(connectionString, BASELINE_QUEUE, {
    retryOptions: { maxTries: 3, tryTimeoutInMs: 3_000, retryDelayInMs: 100, maxRetryDelayInMs: 1_000 },
  });
  await table.createTable();
  await queue.createIfNotExists();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
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
          res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Location: `/api/tickets/${id}` });
          res.end(text);
        } catch {
          res.writeHead(503);
          res.end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
