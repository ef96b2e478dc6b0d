// A fault-injecting HTTP proxy in front of one Azurite service: the app talks to storage through
// it, and a test makes chosen requests fail (before they reach Azurite, so nothing is written)
// as an outage of the real service would. Everything else passes through unchanged.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { azuriteConnectionString } from '@security-event-intake/local-host';
import type { TestStorage } from '@security-event-intake/local-host/testing';

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The next `n` requests that `matches` are answered `status` without reaching storage. */
  failNext(n: number, matches: (method: string, path: string) => boolean, status?: number): void;
  /** requests failed so far */
  readonly failed: number;
  /** every request seen, as `METHOD path` (query included), in order */
  readonly seen: string[];
  stop(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const faults: Array<{ matches: (method: string, path: string) => boolean; status: number }> = [];
  let failed = 0;
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    seen.push(`${method} ${decodeURIComponent(url)}`);
    const index = faults.findIndex((f) => f.matches(method, url));
    if (index >= 0) {
      const [fault] = faults.splice(index, 1);
      failed += 1;
      req.resume();
      res.writeHead(fault!.status, { 'content-type': 'application/xml', 'x-ms-error-code': 'ServerBusy' });
      res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>Injected fault</Message></Error>');
      return;
    }
    const upstream = http.request({ host: target.host, port: target.port, method, path: url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    failNext(n, matches, status = 503) {
      for (let i = 0; i < n; i++) faults.push({ matches, status });
    },
    get failed() {
      return failed;
    },
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ENDPOINT_NAMES = { blob: 'BlobEndpoint', queue: 'QueueEndpoint', table: 'TableEndpoint' } as const;

/** The connection string of `storage` with each service named in `proxies` reached through its proxy. */
export function connectionThrough(storage: TestStorage, proxies: Partial<Record<keyof typeof ENDPOINT_NAMES, FaultProxy>>): string {
  let connectionString = azuriteConnectionString(storage.host, storage.ports);
  for (const [service, proxy] of Object.entries(proxies) as Array<[keyof typeof ENDPOINT_NAMES, FaultProxy]>) {
    const direct = `${ENDPOINT_NAMES[service]}=http://${storage.host}:${storage.ports[service]}`;
    // A test that meant to go through the proxy must not reach storage directly unnoticed.
    if (!connectionString.includes(direct)) throw new Error(`no ${direct} in the connection string to point at the proxy`);
    connectionString = connectionString.replace(direct, `${ENDPOINT_NAMES[service]}=${proxy.origin}`);
  }
  return connectionString;
}
