// The app's Azure identity, built from @azure/identity when first asked for a token: the managed identity's
// endpoint (App Service's, as Flex Consumption gives it: IDENTITY_ENDPOINT and IDENTITY_HEADER) is stood in
// for by a local server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureCredential } from '../src/azureCredential';

let server: Server;
const requests: IncomingMessage[] = [];
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: `token-${requests.length}`, expires_on: String(Math.floor(Date.now() / 1000) + 3600), token_type: 'Bearer' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
  process.env.IDENTITY_HEADER = 'identity-header-secret';
});

afterAll(async () => {
  for (const [name, value] of [
    ['IDENTITY_ENDPOINT', saved.endpoint],
    ['IDENTITY_HEADER', saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('azureCredential', () => {
  it('asks nothing when built, and gets the user-assigned identity’s token from the managed identity endpoint when first asked', async () => {
    const clientId = '00000000-0000-4000-8000-000000000001';
    const credential = azureCredential({ clientId });
    expect(requests).toHaveLength(0);

    const token = await credential.getToken('https://storage.azure.com/.default');
    expect(token?.token).toBe('token-1');
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url!, 'http://127.0.0.1');
    expect(url.searchParams.get('resource')).toBe('https://storage.azure.com');
    expect(url.searchParams.get('client_id')).toBe(clientId);
    expect(requests[0]!.headers['x-identity-header']).toBe('identity-header-secret');

    // One real credential for the wrapper's life: its token cache answers the second request.
    expect((await credential.getToken('https://storage.azure.com/.default'))?.token).toBe('token-1');
    expect(requests).toHaveLength(1);
  });
});
