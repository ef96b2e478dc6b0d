import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from './functionsCore';
import { triggerOf, type InvocationResponse, type TypedData } from './invocation';
import { byPrecedence, compileRoute, type RouteMatcher } from './routes';

export interface HttpRoute {
  readonly fn: RegisteredFunction;
  readonly methods: readonly string[];
  readonly matcher: RouteMatcher;
}

/** The HTTP routes of the registered functions, most specific first. */
export function httpRoutes(functions: readonly RegisteredFunction[], routePrefix: string): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    const trigger = triggerOf(fn);
    if (trigger.type !== 'httpTrigger') continue;
    const route = typeof trigger.route === 'string' ? trigger.route : fn.name;
    const template = [routePrefix, route.replace(/^\/+|\/+$/g, '')].filter((s) => s !== '').join('/');
    const methods = Array.isArray(trigger.methods) && trigger.methods.length > 0 ? trigger.methods.map((m) => String(m).toUpperCase()) : ['GET', 'POST'];
    routes.push({ fn, methods, matcher: compileRoute(template) });
  }
  return routes.sort((a, b) => byPrecedence(a.matcher, b.matcher));
}

/** The route for a request, with its parameters; undefined when none matches (the host answers 404). */
export function findRoute(routes: readonly HttpRoute[], method: string, pathname: string): { route: HttpRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (!route.methods.includes(method.toUpperCase())) continue;
    const params = route.matcher.match(pathname);
    if (params) return { route, params };
  }
  return undefined;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body larger than ${limit} bytes`);
  }
}

/** Reads the request body, refusing (before reading it all) a body over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  // Events rather than `for await`: an async iterator costs a promise per chunk on every request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        finish();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onClose = (): void => {
      // 'close' before 'end': the client went away mid-body.
      finish();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    const onError = (error: Error): void => {
      finish();
      reject(error);
    };
    const finish = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onError);
  });
}

/**
 * The fetch Request behind the library's HttpRequest, for a body already read into memory.
 *
 * Without it the library wraps the body in a fetch Request, whose web stream costs more CPU than
 * everything else the host does for a small request. This one answers `arrayBuffer()`, `text()`,
 * `json()` and `blob()` straight from the buffer, with fetch's rules (one read; `bodyUsed`), and
 * builds the real Request only when a handler wants the stream (`body`), `formData()` or a clone
 * of a request whose body it already took over.
 */
export class BufferedRequest {
  #fetchRequest: Request | undefined;
  #used = false;

  constructor(
    readonly url: string,
    readonly method: string,
    readonly headers: Headers,
    private readonly bytes: Buffer | null,
  ) {}

  get body(): ReadableStream<Uint8Array> | null {
    return this.fetchRequest().body;
  }

  get bodyUsed(): boolean {
    return this.#fetchRequest ? this.#fetchRequest.bodyUsed : this.#used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#fetchRequest) return this.#fetchRequest.arrayBuffer();
    const bytes = this.take();
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    return copy;
  }

  async text(): Promise<string> {
    if (this.#fetchRequest) return this.#fetchRequest.text();
    // fetch decodes as UTF-8, replacing malformed sequences and dropping a BOM.
    return UTF8.decode(this.take());
  }

  async json(): Promise<unknown> {
    if (this.#fetchRequest) return this.#fetchRequest.json();
    return JSON.parse(UTF8.decode(this.take())) as unknown;
  }

  async blob(): Promise<Blob> {
    if (this.#fetchRequest) return this.#fetchRequest.blob();
    const bytes = this.take();
    return new Blob([new Uint8Array(bytes)], { type: this.headers.get('content-type') ?? '' });
  }

  formData(): Promise<FormData> {
    return this.fetchRequest().formData();
  }

  clone(): BufferedRequest | Request {
    if (this.#fetchRequest) return this.#fetchRequest.clone();
    if (this.#used) throw new TypeError('Request.clone: Body has already been consumed.');
    return new BufferedRequest(this.url, this.method, new Headers(this.headers), this.bytes);
  }

  private take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.bytes ?? Buffer.alloc(0);
  }

  private fetchRequest(): Request {
    if (!this.#fetchRequest) {
      const request = new Request(this.url, { method: this.method, headers: this.headers, ...(this.bytes ? { body: new Uint8Array(this.bytes) } : {}) });
      // Already read from the buffer: the real one must say so too.
      if (this.#used) void request.arrayBuffer().catch(() => undefined);
      this.#fetchRequest = request;
    }
    return this.#fetchRequest;
  }
}

const UTF8 = new TextDecoder('utf-8');

/**
 * The `RpcHttp` the host sends the worker for a request (azure-functions-host
 * src/WebJobs.Script.Grpc/MessageExtensions/GrpcMessageConversionExtensions.cs `ToRpcHttp`, with
 * the nullable dictionaries the Node worker asks for): header names in lower case, repeated
 * headers and repeated query parameters each joined with "," (`StringValues.ToString()`), so
 * `?a=1&a=2` reads as `"1,2"`; a body only when the request has a `Content-Length` above 0 (a
 * chunked body arrives empty in Azure too). The library builds its HttpRequest from this
 * (`fromRpcTypedData`); `nativeRequest` hands it the same request ready-made (see BufferedRequest).
 */
export function toRpcHttpRequest(req: IncomingMessage, url: URL, body: Buffer, params: Record<string, string>): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const distinct = req.headersDistinct;
  for (const name in distinct) {
    const values = distinct[name];
    if (values) headers[name] = values.length === 1 ? values[0]! : values.join(',');
  }
  // As App Service's front end does in Azure: `client-ip` is the socket's address and port, whatever
  // the client sent, and the same is appended to X-Forwarded-For. Handlers have no other way to see it.
  const remote = clientEndpoint(req.socket);
  delete headers['client-ip'];
  if (remote) {
    headers['client-ip'] = remote;
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${remote}` : remote;
  }
  const query: Record<string, { value: string }> = {};
  if (url.search !== '') for (const key of new Set(url.searchParams.keys())) query[key] = { value: url.searchParams.getAll(key).join(',') };
  const method = req.method ?? 'GET';
  const declared = Number(req.headers['content-length']);
  const hasBody = Number.isFinite(declared) && declared > 0 && body.length > 0;
  const nullable = (record: Record<string, string>) => {
    const values: Record<string, { value: string }> = {};
    for (const name in record) values[name] = { value: record[name]! };
    return values;
  };
  const bodyBytes = hasBody && method !== 'GET' && method !== 'HEAD' ? body : null;
  return {
    method,
    url: url.href,
    nullableHeaders: nullable(headers),
    nullableQuery: query,
    nullableParams: nullable(params),
    ...(hasBody ? { body: { bytes: body } } : {}),
    nativeRequest: new BufferedRequest(url.href, method, new Headers(headers), bodyBytes),
  };
}

/** `ip:port` (IPv6 in brackets) of the connection's other end; the address alone when the port is unknown. */
function clientEndpoint(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string | undefined {
  const address = socket.remoteAddress;
  if (!address) return undefined;
  if (socket.remotePort === undefined) return address;
  return address.includes(':') ? `[${address}]:${socket.remotePort}` : `${address}:${socket.remotePort}`;
}

/** The worker's HTTP response (FunctionRpc.proto `RpcHttp`) as `@azure/functions` `toRpcHttp` makes it. */
export interface RpcHttpResponse {
  statusCode?: string;
  headers?: Record<string, string>;
  cookies?: RpcHttpCookie[];
  body?: TypedData | null;
  enableContentNegotiation?: boolean;
}

export interface RpcHttpCookie {
  name: string;
  value: string;
  domain?: { value: string };
  path?: { value: string };
  expires?: { value: { seconds: number } };
  secure?: { value: boolean };
  httpOnly?: { value: boolean };
  sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone';
  maxAge?: { value: number };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Empty, or field-content characters (tab, visible ASCII and space, obs-text) neither starting nor ending with a tab or space.
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The response `@azure/functions` `toRpcHttp` would make of a plain `{ status, headers, body }`
 * with a string body and string headers, without building a fetch Response around it (which costs
 * more than everything else the host does for a small request). Undefined for anything else:
 * those go through the library's own conversion. test/http.test.ts checks that
 * both give the same response.
 */
export function plainHttpResponse(result: unknown): InvocationResponse | undefined {
  if (typeof result !== 'object' || result === null || Object.getPrototypeOf(result) !== Object.prototype) return undefined;
  const init = result as Record<string, unknown>;
  for (const key in init) if (key !== 'status' && key !== 'headers' && key !== 'body') return undefined;
  if (init.body !== undefined && typeof init.body !== 'string') return undefined;
  const status = init.status ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) return undefined;
  const given = init.headers ?? {};
  if (typeof given !== 'object' || given === null || Object.getPrototypeOf(given) !== Object.prototype) return undefined;
  const headers: Record<string, string> = {};
  const givenHeaders = given as Record<string, unknown>;
  for (const name in givenHeaders) {
    const value = givenHeaders[name];
    const lower = name.toLowerCase();
    if (typeof value !== 'string' || !TOKEN.test(name) || lower === 'set-cookie' || lower in headers) return undefined;
    // Only characters a header value may hold, and nothing the library would trim off its ends.
    if (!FIELD_VALUE.test(value)) return undefined;
    headers[lower] = value;
  }
  const body = NULL_BODY_STATUSES.has(status) ? undefined : (init.body as string | undefined);
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'text/plain;charset=UTF-8';
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) sorted[name] = headers[name]!;
  return {
    outputData: [],
    returnValue: {
      http: { statusCode: String(status), headers: sorted, cookies: [], enableContentNegotiation: false, body: { bytes: Buffer.from(body ?? '', 'utf8') } },
    },
  };
}

/** `Uri.EscapeDataString`: everything but the unreserved characters, as ASP.NET writes a cookie value. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A cookie as the host writes it: RpcHttpCookieConverter (GrpcMessageExtensionUtilities.cs) to
 * ASP.NET's CookieOptions (Path "/" unless set; SameSite left out unless the app chose one), then
 * `Response.Cookies.Append`, which escapes the value and writes the attributes in lower case.
 */
function setCookieHeader(cookie: RpcHttpCookie): string {
  let text = `${cookie.name}=${escapeDataString(cookie.value)}`;
  if (cookie.expires) text += `; expires=${new Date(cookie.expires.value.seconds * 1000).toUTCString()}`;
  if (cookie.maxAge) text += `; max-age=${Math.trunc(cookie.maxAge.value)}`;
  if (cookie.domain) text += `; domain=${cookie.domain.value}`;
  text += `; path=${cookie.path?.value ?? '/'}`;
  if (cookie.secure?.value) text += '; secure';
  const sameSite = { strict: 'strict', lax: 'lax', explicitNone: 'none', none: undefined }[cookie.sameSite ?? 'none'];
  if (sameSite) text += `; samesite=${sameSite}`;
  if (cookie.httpOnly?.value) text += '; httponly';
  return text;
}

function bodyBytes(body: TypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if ('bytes' in body) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  if ('string' in body) return Buffer.from(body.string, 'utf8');
  if ('json' in body) return Buffer.from(body.json, 'utf8');
  if ('int' in body) return Buffer.from(String(body.int));
  if ('double' in body) return Buffer.from(String(body.double));
  return Buffer.alloc(0);
}

/**
 * Writes the worker's HTTP answer as the host does: no return value is `200` with an empty body
 * (FunctionInvocationMiddleware's `OkResult`); otherwise status, headers (one value per name: the
 * library keeps the last of repeated headers, so only the last `Set-Cookie` of `headers`
 * survives), the `cookies` list as `Set-Cookie` headers and the body bytes (RawScriptResult);
 * `overriding` headers last. Returns the status written.
 */
export function writeRpcHttpResponse(
  res: ServerResponse,
  returnValue: TypedData | null | undefined,
  method: string,
  overriding: Record<string, string> = {},
): number {
  const http = returnValue && 'http' in returnValue ? (returnValue.http as RpcHttpResponse) : undefined;
  if (!http) {
    res.writeHead(200, { 'Content-Length': 0 });
    res.end();
    return 200;
  }
  const parsed = Number.parseInt(http.statusCode ?? '', 10);
  const status = Number.isInteger(parsed) && /^\s*[+-]?\d+\s*$/.test(http.statusCode ?? '') ? parsed : 200;
  for (const [name, value] of Object.entries(http.headers ?? {})) res.setHeader(name, value);
  // Headers the host sets as the answer starts (CORS), over the function's own.
  for (const [name, value] of Object.entries(overriding)) res.setHeader(name, value);
  const cookies = (http.cookies ?? []).map(setCookieHeader);
  if (cookies.length > 0)
    res.setHeader('Set-Cookie', [...(res.getHeader('set-cookie') === undefined ? [] : [String(res.getHeader('set-cookie'))]), ...cookies]);
  res.statusCode = status;
  const bytes = bodyBytes(http.body);
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    res.end();
    return status;
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
  return status;
}
