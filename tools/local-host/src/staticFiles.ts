import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The Azure Static Web Apps configuration file; its `globalHeaders` and `routes` headers apply here too, and it is never served. */
export const staticWebAppConfigFile = 'staticwebapp.config.json';

/** A route of staticwebapp.config.json as far as the local host follows it: the headers it adds. */
interface HeaderRoute {
  route: string;
  headers: Record<string, string>;
}

// The config's routes travel with the headers staticHeadersFor made, so whoever passes those on to
// serveStaticFile (the host's server, a test's own server) gets the routes' headers too.
const routesOfHeaders = new WeakMap<Record<string, string>, readonly HeaderRoute[]>();

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

function headerRoutesOf(configFile: string, routes: unknown): HeaderRoute[] {
  if (routes === undefined) return [];
  if (!Array.isArray(routes)) throw new Error(`${configFile}: routes must be an array`);
  return routes.map((rule: unknown, i) => {
    const { route, headers = {} } = (typeof rule === 'object' && rule !== null ? rule : {}) as { route?: unknown; headers?: unknown };
    if (typeof route !== 'string' || !route.startsWith('/')) throw new Error(`${configFile}: routes[${i}].route must be a path starting with /`);
    if (!isStringMap(headers)) throw new Error(`${configFile}: routes[${i}].headers must map header names to strings`);
    return { route, headers };
  });
}

/**
 * Whether a route pattern of Static Web Apps matches a URL path: an exact path (`/index.html` also
 * stands for its folder, `/`), or a wildcard at the end (`/assets/*`), which may be filtered by
 * file extension (`/images/*.png`, `/images/*.{png,jpg}`).
 */
export function staticRouteMatches(route: string, pathname: string): boolean {
  const star = route.indexOf('*');
  if (star < 0) {
    if (route === pathname) return true;
    if (!route.endsWith('/index.html')) return false;
    const folder = route.slice(0, -'index.html'.length);
    return pathname === folder || (folder !== '/' && pathname === folder.slice(0, -1));
  }
  if (!pathname.startsWith(route.slice(0, star))) return false;
  const filter = route.slice(star + 1);
  if (filter === '') return true;
  const braces = /^\.\{([^}]*)\}$/.exec(filter);
  const extensions = braces ? (braces[1] ?? '').split(',').map((e) => `.${e.trim()}`) : [filter];
  return extensions.some((extension) => pathname.endsWith(extension));
}

/**
 * Headers for every static file: `nosniff`, then the `globalHeaders` of the folder's
 * staticwebapp.config.json (as Static Web Apps applies them), then `extra` (the host's option).
 * The config's `routes` come along: serveStaticFile adds the first matching route's headers.
 */
export function staticHeadersFor(root: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
  let routes: HeaderRoute[] = [];
  const configFile = path.join(root, staticWebAppConfigFile);
  if (existsSync(configFile)) {
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (error) {
      throw new Error(`${configFile} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const globalHeaders = (config as { globalHeaders?: unknown } | null)?.globalHeaders;
    if (globalHeaders !== undefined) {
      if (typeof globalHeaders !== 'object' || globalHeaders === null || Object.values(globalHeaders).some((v) => typeof v !== 'string')) {
        throw new Error(`${configFile}: globalHeaders must map header names to strings`);
      }
      Object.assign(headers, globalHeaders);
    }
    routes = headerRoutesOf(configFile, (config as { routes?: unknown } | null)?.routes);
  }
  Object.assign(headers, extra);
  routesOfHeaders.set(headers, routes);
  return headers;
}

/**
 * The file under `root` that a URL path names, or undefined: `/` and directories give their
 * `index.html`; `..`, encoded separators, NUL and symlinks out of `root` give undefined.
 */
export async function resolveStaticFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((s) => s === '..')) return undefined;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return undefined;
  }
  let candidate = path.resolve(realRoot, `.${decoded}`);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + path.sep)) return undefined;
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      info = await stat(candidate);
    }
    if (!info.isFile()) return undefined;
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + path.sep)) return undefined;
    if (real === path.join(realRoot, staticWebAppConfigFile)) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The encoding to answer `Accept-Encoding` with: brotli before gzip, as Static Web Apps prefers; none for q=0 or neither. */
export function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (token) accepted.set(token, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string): number => accepted.get(name) ?? (accepted.has('*') ? (accepted.get('*') ?? 0) : 0);
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

/**
 * Serves a GET/HEAD for a static file with the given headers and those of the first config route
 * matching the request's path (an empty value removes a header, as in Static Web Apps). Text is
 * compressed (brotli or gzip) when the request's Accept-Encoding asks, as Static Web Apps does.
 * Returns the status written.
 */
export async function serveStaticFile(res: ServerResponse, file: string, method: string, headers: Record<string, string>): Promise<number> {
  const info = await stat(file);
  const contentType = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const pathname = new URL(res.req.url ?? '/', 'http://local').pathname;
  const route = routesOfHeaders.get(headers)?.find((r) => staticRouteMatches(r.route, pathname));
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache');
  for (const [name, value] of Object.entries({ ...headers, ...route?.headers })) {
    if (value === '') res.removeHeader(name);
    else res.setHeader(name, value);
  }
  if (COMPRESSIBLE.test(contentType)) {
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = preferredEncoding(res.req.headers['accept-encoding']);
    if (encoding) {
      // Read whole: the local host's files are a web form's, small enough; Content-Length stays exact.
      const raw = await readFile(file);
      const body = encoding === 'br' ? await brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : await gzipped(raw);
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Content-Length', body.length);
      res.end(method === 'HEAD' ? undefined : body);
      return 200;
    }
  }
  res.setHeader('Content-Length', info.size);
  if (method === 'HEAD') {
    res.end();
    return 200;
  }
  await pipeline(createReadStream(file), res);
  return 200;
}
