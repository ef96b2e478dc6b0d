// The intake baseline: a bare node:http server that does only the minimum durable work of a
// submission, straight through the SDKs — one entity-group transaction (ticket row + first history
// row, the same shape and size the app writes) and one queue message. No validation, no index
// rows, no framework. The app's number includes HTTP, so the baseline is measured over HTTP too.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baselineWrites } from './baselineWrites';

export interface BaselineServer {
  url: string;
  stop(): Promise<void>;
}

export async function startBaselineServer(connectionString: string): Promise<BaselineServer> {
  const writes = baselineWrites(connectionString);
  await writes.ready();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          const { text, location } = await writes.submit(body);
          res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Location: location });
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
