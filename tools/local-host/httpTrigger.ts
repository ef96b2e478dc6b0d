import { HttpRequest, HttpResponse, type Cookie, type HttpRequestInit, type HttpResponseInit } from '@azure/functions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from './functionsCore';
import { triggerOf } from './invocation';
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

/** Builds the library's public HttpRequest for an incoming request, as the host and worker would. */
export function toHttpRequest(req: IncomingMessage, url: URL, body: Buffer, params: Record<string, string>): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // As App Service's front end does in Azure: `client-ip` is the socket's address and port, whatever
  // the client sent, and the same is appended to X-Forwarded-For. Handlers have no other way to see it.
  const remote = clientEndpoint(req.socket);
  delete headers['client-ip'];
  if (remote) {
    headers['client-ip'] = remote;
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${remote}` : remote;
  }
  const method = req.method ?? 'GET';
  const hasBody = body.length > 0 && method !== 'GET' && method !== 'HEAD';
  const init: HttpRequestInit = { method, url: url.href, headers, params, body: hasBody ? { bytes: body } : undefined };
  // `nativeRequest` is how the library's own streaming path hands it a ready Request; a library
  // version that ignores it builds its own from the rest of `init`, which is the same request.
  const nativeRequest = new BufferedRequest(url.href, method, new Headers(headers), hasBody ? body : null);
  return new HttpRequest({ ...init, nativeRequest } as HttpRequestInit);
}

/** `ip:port` (IPv6 in brackets) of the connection's other end; the address alone when the port is unknown. */
function clientEndpoint(socket: { remoteAddress?: string; remotePort?: number }): string | undefined {
  const address = socket.remoteAddress;
  if (!address) return undefined;
  if (socket.remotePort === undefined) return address;
  return address.includes(':') ? `[${address}]:${socket.remotePort}` : `${address}:${socket.remotePort}`;
}

function serializeCookie(cookie: Cookie): string {
  let text = `${cookie.name}=${cookie.value}`;
  if (cookie.domain) text += `; Domain=${cookie.domain}`;
  if (cookie.path) text += `; Path=${cookie.path}`;
  if (cookie.expires !== undefined) text += `; Expires=${new Date(cookie.expires).toUTCString()}`;
  if (cookie.maxAge !== undefined) text += `; Max-Age=${Math.trunc(cookie.maxAge)}`;
  if (cookie.secure) text += '; Secure';
  if (cookie.httpOnly) text += '; HttpOnly';
  if (cookie.sameSite) text += `; SameSite=${cookie.sameSite}`;
  return text;
}

interface ResponseLike {
  status: number;
  headers: Headers;
  cookies?: Cookie[];
  // node:stream/web's ReadableStream (the library's type) or the DOM one (fetch Response).
  body: { cancel(): Promise<void> } | null;
}

function isResponseLike(value: unknown): value is ResponseLike {
  // Duck-typed: the app may hold another copy of @azure/functions (or return a fetch Response).
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ResponseLike).status === 'number' &&
    typeof (value as ResponseLike).headers?.get === 'function' &&
    typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function'
  );
}

/** The response a handler's result stands for: an HttpResponse as is, an HttpResponseInit converted. */
export function toHttpResponse(result: unknown): ResponseLike {
  if (isResponseLike(result)) return result;
  if (result === undefined || result === null) return new HttpResponse({ status: 204 }) as ResponseLike;
  if (typeof result !== 'object') return new HttpResponse({ body: String(result) }) as ResponseLike;
  return new HttpResponse(result as HttpResponseInit) as ResponseLike;
}

function plainTextResponse(result: unknown): { status: number; headers: Record<string, string>; body?: string } | null {
  if (typeof result !== 'object' || result === null || Object.getPrototypeOf(result) !== Object.prototype) return null;
  const init = result as HttpResponseInit & Record<string, unknown>;
  if (Object.keys(init).some((key) => !['status', 'headers', 'body'].includes(key))) return null;
  if (init.body !== undefined && typeof init.body !== 'string') return null;
  if (init.status !== undefined && typeof init.status !== 'number') return null;
  const headers = init.headers ?? {};
  if (typeof headers !== 'object' || Object.getPrototypeOf(headers) !== Object.prototype) return null;
  if (Object.entries(headers).some(([name, value]) => typeof value !== 'string' || name.toLowerCase() === 'set-cookie')) return null;
  return { status: init.status ?? 200, headers: headers as Record<string, string>, ...(init.body !== undefined ? { body: init.body } : {}) };
}

/** Writes a handler's result to the client. Returns the status written. */
export async function writeHttpResponse(res: ServerResponse, result: unknown, method: string): Promise<number> {
  const plain = plainTextResponse(result);
  if (plain) {
    // The common case, an HttpResponseInit with a string body and plain headers, is written as it
    // is (the real host marshals it the same way) without building a fetch Response around it.
    for (const [name, value] of Object.entries(plain.headers)) res.setHeader(name, value);
    if (plain.body !== undefined && !res.hasHeader('content-type')) res.setHeader('Content-Type', 'text/plain;charset=UTF-8');
    res.statusCode = plain.status;
    const bytes = plain.body === undefined || method === 'HEAD' || plain.status === 204 || plain.status === 304 ? undefined : Buffer.from(plain.body, 'utf8');
    if (bytes) res.setHeader('Content-Length', bytes.length);
    res.end(bytes);
    return plain.status;
  }
  const response = toHttpResponse(result);
  const setCookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = [...setCookies, ...(response.cookies ?? []).map(serializeCookie)];
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  res.statusCode = response.status;
  const body = response.body;
  if (!body || method === 'HEAD' || response.status === 204 || response.status === 304) {
    if (body) await body.cancel().catch(() => undefined);
    res.end();
    return response.status;
  }
  // Like the Functions host without HTTP streaming, the body is taken whole: one write with a
  // Content-Length is also far cheaper than piping a web stream for the small bodies of an API.
  const bytes = Buffer.from(await (response as unknown as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer());
  if (!res.hasHeader('content-length')) res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
  return response.status;
}
