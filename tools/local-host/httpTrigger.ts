import { HttpRequest, HttpResponse, type Cookie, type HttpResponseInit } from '@azure/functions';
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
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Builds the library's public HttpRequest for an incoming request, as the host and worker would. */
export function toHttpRequest(req: IncomingMessage, url: URL, body: Buffer, params: Record<string, string>): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // In Azure the front end appends the client's address to X-Forwarded-For; handlers have no other way to see it.
  const remote = req.socket.remoteAddress;
  if (remote) headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${remote}` : remote;
  return new HttpRequest({
    method: req.method ?? 'GET',
    url: url.href,
    headers,
    params,
    body: body.length > 0 ? { bytes: body } : undefined,
  });
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
