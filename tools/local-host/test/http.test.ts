import fc from 'fast-check';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmingModel, registeredFunctions } from '../src/functionsCore';
import { plainHttpResponse, type RpcHttpResponse } from '../src/httpTrigger';
import { startTestHost, type TestHost } from './support/testHost';
import { startTestStorage } from '../src/testStorage';
import { recorded } from './fixtures/sample-app/src/recorder';
import { formatUserLog } from '../src/invocation';

const appRoot = path.join(__dirname, 'fixtures/sample-app');
const staticDir = path.join(appRoot, 'static');

let t: TestHost;

beforeAll(async () => {
  t = await startTestHost({ appRoot, staticDir });
});

afterAll(async () => {
  await t?.stop();
  await (await startTestStorage()).stop();
});

/** A raw request, for what fetch cannot send (an oversized body, a path with `..`). */
function rawRequest(options: {
  method: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: Buffer;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.host.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('HTTP triggers', () => {
  it('passes route parameters, query values and the route prefix through', async () => {
    const response = await t.fetch('/api/hello/ada?q=1&tag=a&tag=b');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // A repeated parameter is one value joined with ",", as the host sends its query dictionary
    // (azure-functions-host GrpcMessageConversionExtensions.ToRpcHttp: StringValues.ToString()).
    expect(await response.json()).toEqual({ hello: 'ada', q: '1', tags: ['a,b'] });
  });

  it('gives the handler the full URL and the client address and port in client-ip and X-Forwarded-For, as the Azure front end does', async () => {
    const response = await t.fetch('/api/hello/ada?q=2');
    expect(response.headers.get('x-seen-url')).toBe(`${t.url}/api/hello/ada?q=2`);
    expect(response.headers.get('x-seen-client-ip')).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(response.headers.get('x-seen-forwarded-for')).toBe(response.headers.get('x-seen-client-ip'));
  });

  it("overwrites a client-ip the client sent and appends the socket's address to its X-Forwarded-For", async () => {
    const response = await t.fetch('/api/hello', { headers: { 'client-ip': '198.51.100.1:1', 'x-forwarded-for': '198.51.100.2' } });
    const clientIp = response.headers.get('x-seen-client-ip');
    expect(clientIp).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(response.headers.get('x-seen-forwarded-for')).toBe(`198.51.100.2, ${clientIp}`);
  });

  it('leaves an optional parameter out when the path omits it', async () => {
    const response = await t.fetch('/api/hello');
    expect(await response.json()).toEqual({ hello: 'world', q: null, tags: [] });
  });

  it('matches literal segments case-insensitively and before parameters', async () => {
    const special = await t.fetch('/API/items/SPECIAL');
    expect(await special.text()).toBe('special');
    const item = await t.fetch('/api/items/42');
    expect(await item.json()).toEqual({ id: '42' });
  });

  it('answers 404 when an {id:int} constraint does not hold, for unknown routes and for paths without the prefix', async () => {
    expect((await t.fetch('/api/items/abc')).status).toBe(404);
    expect((await t.fetch('/api/nothing-here')).status).toBe(404);
    expect((await t.fetch('/hello/ada')).status).toBe(404);
  });

  it('answers 404 for a method the function does not accept', async () => {
    expect((await t.fetch('/api/hello/ada', { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('gives a catch-all parameter the rest of the path', async () => {
    expect(await (await t.fetch('/api/files/a/b/c.txt')).json()).toEqual({ path: 'a/b/c.txt' });
    expect(await (await t.fetch('/api/files')).json()).toEqual({ path: null });
  });

  it('decodes an application/x-www-form-urlencoded body through request.formData()', async () => {
    const response = await t.fetch('/api/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reporter.name=Ada+Lovelace&summary=%3Cb%3E+%26+more&mitigation.available=on',
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/api/hello/form');
    expect(await response.json()).toEqual({ 'reporter.name': 'Ada Lovelace', summary: '<b> & more', 'mitigation.available': 'on' });
  });

  it('passes the body, method and headers through and writes status and headers back', async () => {
    const response = await t.fetch('/api/echo', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"a":"ü"}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-method')).toBe('PUT');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{"a":"ü"}');
  });

  it('keeps only the last Set-Cookie of the headers, adds the cookies list as the host writes cookies, and sends a byte body', async () => {
    // azure-functions-nodejs-library src/converters/toRpcHttp.ts copies headers.entries() into a
    // map (the last Set-Cookie wins); the host appends `cookies` with ASP.NET's CookieOptions
    // (azure-functions-host GrpcMessageExtensionUtilities.RpcHttpCookieConverter, RawScriptResult).
    const response = await t.fetch('/api/cookies');
    expect(response.headers.getSetCookie()).toEqual(['b=2; Path=/', 'session=abc; path=/; samesite=strict; httponly']);
    expect(await response.text()).toBe('ok');
  });

  it('streams a ReadableStream body', async () => {
    expect(await (await t.fetch('/api/stream')).text()).toBe('chunk-1;chunk-2');
  });

  it('answers 200 with an empty body when a handler returns nothing (azure-functions-host FunctionInvocationMiddleware: OkResult)', async () => {
    const response = await t.fetch('/api/items/7', { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 500 when a handler returns a string, which the library refuses (azure-functions-nodejs-library src/converters/toRpcHttp.ts)', async () => {
    const response = await t.fetch('/api/string-result');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(t.logs.some((line) => line.includes('[stringResult]') && line.includes('The HTTP response must be an object'))).toBe(true);
  });

  it('gives the handler no body for a chunked request, as the host reads a body only with a Content-Length (GrpcMessageConversionExtensions.ToRpcHttp)', async () => {
    const response = await rawRequest({
      method: 'POST',
      path: '/api/echo',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
      body: Buffer.from('sent in chunks'),
    });
    expect(response.status).toBe(201);
    expect(response.body).toBe('');
  });

  it('answers 500 with an empty body when a handler throws, and logs the error', async () => {
    const response = await t.fetch('/api/boom');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(t.logs.some((line) => line.includes('[boom]') && line.includes('secret internals'))).toBe(true);
    expect(t.logs.some((line) => line.includes('[boom] warning: about to fail'))).toBe(true);
  });

  it('prints a context.warn message that is one JSON object as it is, a whole line', async () => {
    expect((await t.fetch('/api/boom')).status).toBe(500);
    const structured = t.logs.filter((line) => line.includes('"structured":true'));
    expect(structured.at(-1)).toBe('{"level":"warn","message":"about to fail","structured":true}');
    expect(formatUserLog('f', 'warning', '{"a":1}')).toBe('{"a":1}');
    for (const notOneObject of ['[1,2]', '{"a":\n1}', '{not json}', 'a {"a":1}']) {
      expect(formatUserLog('f', 'warning', notOneObject)).toMatch(/^\S+ \[f\] warning: /);
    }
  });

  it("refuses a Content-Length over the host's 100 MB default with 413 before reading the body (azure-functions-host ScriptConstants.DefaultMaxRequestBodySize)", async () => {
    const response = await rawRequest({
      method: 'POST',
      path: '/api/echo',
      headers: { 'content-type': 'text/plain', 'content-length': 104_857_601 },
      body: Buffer.alloc(64 * 1024, 120),
    });
    expect(response.status).toBe(413);
  });

  it('logs a client that goes away in the middle of its body as 499, not as an error, and keeps serving', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: t.host.port, method: 'POST', path: '/api/echo', headers: { 'content-length': 1000 } });
      req.on('error', () => undefined);
      req.write(Buffer.alloc(10, 120), (error) => (error ? reject(error) : setTimeout(() => (req.destroy(), resolve()), 100)));
    });
    await expect.poll(() => t.logs.find((line) => line.includes('POST /api/echo 499')), { timeout: 5_000 }).toBeDefined();
    expect(t.logs.filter((line) => line.includes('/api/echo') && /error/i.test(line))).toEqual([]);
    expect((await t.fetch('/api/echo', { method: 'POST', body: 'still here' })).status).toBe(201);
  });

  it("takes a 2 MiB body to the handler: Azure buffers up to 100 MB before the app's own limits", async () => {
    const response = await t.fetch('/api/echo', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(201);
    expect((await response.text()).length).toBe(2 * 1024 * 1024);
  });

  it('logs method, path without the query string, status and duration, and no headers', async () => {
    await t.fetch('/api/hello/log-check?token=very-secret', { headers: { authorization: 'Bearer also-secret' } });
    const line = t.logs.find((l) => l.includes('/api/hello/log-check'));
    expect(line).toMatch(/GET \/api\/hello\/log-check 200 \d+ms$/);
    expect(t.logs.join('\n')).not.toMatch(/very-secret|also-secret/);
  });

  it('runs preInvocation and postInvocation hooks around each invocation, sharing hookData', async () => {
    recorded.hooks.length = 0;
    await t.fetch('/api/hello/hooks');
    expect(recorded.hooks).toEqual(['pre:hello', 'post:hello:paired', 'hookData:read-only', 'invocationContext:read-only']);
  });
});

describe('the fast conversion of a plain { status, headers, body }', () => {
  it("gives the same response as the library's own InvocationModel.getResponse (azure-functions-nodejs-library src/InvocationModel.ts, toRpcHttp)", async () => {
    const fn = registeredFunctions().find((f) => f.name === 'hello')!;
    const model = programmingModel()!;
    const headerName = fc.constantFrom('Content-Type', 'content-type', 'Location', 'Cache-Control', 'X-Custom', 'Retry-After');
    const headerValue = fc.oneof(
      fc.constantFrom('text/html', 'application/json; charset=utf-8', '/api/x?y=1', 'no-store', ' padded ', 'a, b'),
      fc.string({ maxLength: 12 }),
    );
    const init = fc.record(
      {
        status: fc.constantFrom(200, 201, 204, 303, 304, 400, 404, 409, 500, 503, 99, 600),
        headers: fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
        body: fc.string({ maxLength: 40, unit: 'grapheme' }),
      },
      { requiredKeys: [] },
    );
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(init, async (value) => {
        const fast = plainHttpResponse(value);
        if (!fast) return;
        compared++;
        const invocation = await model.getInvocationModel({
          invocationId: 'check',
          request: { invocationId: 'check', inputData: [], triggerMetadata: {} },
          metadata: fn.metadata,
          log: () => undefined,
        });
        const { context } = await invocation.getArguments();
        const expected = (await invocation.getResponse(context, value)).returnValue as unknown as { http: RpcHttpResponse & { body: { bytes: Uint8Array } } };
        const ours = fast.returnValue as unknown as { http: RpcHttpResponse & { body: { bytes: Uint8Array } } };
        expect({ ...ours.http, body: Buffer.from(ours.http.body.bytes).toString('hex') }).toEqual({
          ...expected.http,
          body: Buffer.from(expected.http.body.bytes).toString('hex'),
        });
      }),
      // About one draw in six takes the fast path: 1,000 draws compare well over 100 of them.
      { numRuns: 1000 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});

describe('static files', () => {
  it('serves index.html at / with a content type and nosniff', async () => {
    const response = await t.fetch('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>sample</title>');
  });

  it('serves other files with their content type', async () => {
    const response = await t.fetch('/app.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('adds the globalHeaders of staticwebapp.config.json to every file, and never serves that file', async () => {
    for (const file of ['/', '/app.js']) {
      const response = await t.fetch(file);
      expect(response.headers.get('content-security-policy'), file).toBe("default-src 'self'");
      expect(response.headers.get('referrer-policy'), file).toBe('no-referrer');
    }
    expect((await t.fetch('/staticwebapp.config.json')).status).toBe(404);
  });

  it('never serves files outside the static folder', async () => {
    for (const attempt of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%5cpackage.json']) {
      const response = await rawRequest({ method: 'GET', path: attempt });
      expect(response.status, attempt).toBe(404);
      expect(response.body).not.toContain('sample-app');
    }
  });

  it('answers 404 for a missing file', async () => {
    expect((await t.fetch('/missing.css')).status).toBe(404);
  });
});

describe('admin endpoint', () => {
  it('lists the functions with their triggers', async () => {
    const response = await t.fetch('/admin/functions');
    const list = (await response.json()) as Array<{ name: string; trigger: { type: string } }>;
    expect(list.find((f) => f.name === 'recordMessage')?.trigger.type).toBe('queueTrigger');
    expect(list.find((f) => f.name === 'hello')?.trigger.type).toBe('httpTrigger');
  });

  it('refuses a run requested by a page from another origin (no key guards it locally)', async () => {
    const response = await t.fetch('/admin/functions/recordMessage', { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{"input":"{}"}' });
    expect(response.status).toBe(403);
  });

  // In Azure the admin API needs the master key (azure-functions-host
  // src/WebJobs.Script.WebHost/Controllers/FunctionsController.cs, AdminAuthLevel); the local host
  // has none, so it answers only requests addressed to this machine by its local name.
  it("refuses a request whose Host is not this machine's local address, as a DNS-rebinding page sends it, even with a matching Origin", async () => {
    for (const host of [`attacker.example:${t.host.port}`, `127.0.0.1.nip.io:${t.host.port}`, '127.0.0.1:1']) {
      const response = await rawRequest({
        method: 'POST',
        path: '/admin/functions/recordMessage',
        headers: { host, origin: `http://${host}`, 'content-type': 'application/json' },
        body: Buffer.from('{"input":"{}"}'),
      });
      expect(response.status, host).toBe(403);
    }
    const list = await rawRequest({ method: 'GET', path: '/admin/functions', headers: { host: `attacker.example:${t.host.port}` } });
    expect(list.status).toBe(403);
    const local = await rawRequest({ method: 'GET', path: '/admin/functions', headers: { host: `localhost:${t.host.port}` } });
    expect(local.status).toBe(200);
  });

  it('answers 404 for an unknown function and 400 for an HTTP function', async () => {
    expect((await t.fetch('/admin/functions/nope', { method: 'POST', body: '{"input":""}' })).status).toBe(404);
    expect((await t.fetch('/admin/functions/hello', { method: 'POST', body: '{"input":""}' })).status).toBe(400);
  });
});
