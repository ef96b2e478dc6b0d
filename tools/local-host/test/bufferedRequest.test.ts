// The local host hands handlers the library's HttpRequest backed by a BufferedRequest (the body
// already in memory, no web stream). Handlers must not be able to tell it from a fetch Request.

import { HttpRequest, type HttpRequestInit } from '@azure/functions';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferedRequest, toRpcHttpRequest } from '../src/httpTrigger';

function incoming(method: string, headers: Record<string, string>): IncomingMessage {
  const headersDistinct = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  return { method, headers, headersDistinct, socket: { remoteAddress: '192.0.2.7', remotePort: 50123 } } as unknown as IncomingMessage;
}

/** The library's request from the host's RpcHttp, as `fromRpcTypedData` builds it in the worker. */
function toHttpRequest(req: IncomingMessage, url: URL, body: Buffer, params: Record<string, string>): HttpRequest {
  return new HttpRequest(toRpcHttpRequest(req, url, body, params) as unknown as HttpRequestInit);
}

const url = new URL('http://127.0.0.1:7071/api/echo?q=1&tag=a&tag=b');

function requestWith(body: string, contentType = 'application/json; charset=utf-8') {
  const bytes = Buffer.from(body, 'utf8');
  return toHttpRequest(incoming('POST', { 'content-type': contentType, 'content-length': String(bytes.length) }), url, bytes, { id: '7' });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the request a handler gets', () => {
  it('reads the body from the buffer, not through a fetch Request (the library honours the host’s request)', async () => {
    const json = vi.spyOn(BufferedRequest.prototype, 'json');
    const request = requestWith('{"a":"ü"}');
    expect(await request.json()).toEqual({ a: 'ü' });
    expect(json).toHaveBeenCalledTimes(1);
  });

  it('carries method, URL, query, route parameters, headers and the client address', () => {
    const request = requestWith('{}');
    expect(request.method).toBe('POST');
    expect(request.url).toBe(url.href);
    // One value per key, joined as the host joins StringValues (GrpcMessageConversionExtensions.ToRpcHttp).
    expect(request.query.getAll('tag')).toEqual(['a,b']);
    expect(request.params).toEqual({ id: '7' });
    expect(request.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(request.headers.get('client-ip')).toBe('192.0.2.7:50123');
    expect(request.headers.get('x-forwarded-for')).toBe('192.0.2.7:50123');
  });

  it('decodes text as UTF-8 the way fetch does: a BOM dropped, malformed bytes replaced', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße '), Buffer.from([0xff])]);
    const request = toHttpRequest(incoming('POST', { 'content-type': 'text/plain', 'content-length': String(bytes.length) }), url, bytes, {});
    expect(await request.text()).toBe(await new Request(url, { method: 'POST', body: new Uint8Array(bytes) }).text());
  });

  it('lets the body be read once, like fetch: bodyUsed turns true and a second read is refused', async () => {
    const request = requestWith('{"a":1}');
    expect(request.bodyUsed).toBe(false);
    expect(Buffer.from(await request.arrayBuffer()).toString('utf8')).toBe('{"a":1}');
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    await expect(request.json()).rejects.toThrow(TypeError);
    expect(() => request.clone()).toThrow(TypeError);
  });

  it('gives a copy from arrayBuffer(), so a handler writing to it cannot change a later clone', async () => {
    const request = requestWith('abc', 'text/plain');
    const copy = request.clone();
    new Uint8Array(await request.arrayBuffer()).fill(0x7a);
    expect(await copy.text()).toBe('abc');
  });

  it('rejects malformed JSON with a SyntaxError, as fetch does', async () => {
    await expect(requestWith('{"a":').json()).rejects.toThrow(SyntaxError);
  });

  it('gives a Blob typed by Content-Type', async () => {
    const blob = await requestWith('<p>x</p>', 'text/html').blob();
    expect(blob.type).toBe('text/html');
    expect(await blob.text()).toBe('<p>x</p>');
  });

  it('decodes a form body through formData()', async () => {
    const form = await requestWith('name=Ada+Lovelace&x=%3Cb%3E', 'application/x-www-form-urlencoded').formData();
    expect(form.get('name')).toBe('Ada Lovelace');
    expect(form.get('x')).toBe('<b>');
  });

  it('streams the body through `body` when a handler asks for the stream, and then counts it as used', async () => {
    const request = requestWith('streamed');
    const chunks: Uint8Array[] = [];
    for await (const chunk of request.body!) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('streamed');
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
  });

  it('clones an unread request into an independent one', async () => {
    const request = requestWith('{"n":1}');
    const clone = request.clone();
    expect(await clone.json()).toEqual({ n: 1 });
    expect(await request.json()).toEqual({ n: 1 });
    expect(clone.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('has no body without a Content-Length, as the host sends none for a chunked request (GrpcMessageConversionExtensions.ToRpcHttp: ContentLength > 0)', async () => {
    const request = toHttpRequest(incoming('POST', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }), url, Buffer.from('chunked body'), {});
    expect(await request.text()).toBe('');
  });

  it('has no body for GET, even when the client sent one', async () => {
    const request = toHttpRequest(incoming('GET', {}), url, Buffer.from('ignored'), {});
    expect(request.body).toBeNull();
    expect(await request.text()).toBe('');
  });
});
