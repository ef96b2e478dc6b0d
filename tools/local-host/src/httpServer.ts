import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { corsResult, type CorsPolicy } from './cors';
import type { RegisteredFunction } from './functionsCore';
import type { LogFilter } from './hostConfig';
import { sendEmpty } from './httpResponses';
import { BodyTooLargeError, findRoute, readBody, toRpcHttpRequest, writeRpcHttpResponse, type HttpRoute } from './httpTrigger';
import type { InFlightWork } from './inFlightWork';
import { errorDetail, errorMessage, logAs, type InvocationResponse, type LogSink, type TriggerData } from './invocation';
import { resolveStaticFile, serveStaticFile } from './staticFiles';

/**
 * The host's default body limit: Kestrel's MaxRequestBodySize as the Functions host sets it
 * (azure-functions-host src/WebJobs.Script/ScriptConstants.cs `DefaultMaxRequestBodySize`).
 */
const DEFAULT_REQUEST_BODY_LIMIT = 104_857_600;

/**
 * `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT` as HttpRequestBodySizeMiddleware reads it (a whole number
 * of bytes; anything else leaves the default).
 */
export function requestBodyLimitOf(value: string | undefined, log: LogSink): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REQUEST_BODY_LIMIT;
  if (/^\s*\+?\d{1,18}\s*$/.test(value)) return Number(value);
  log(
    `${new Date().toISOString()} [host] warning: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT "${value}" is not a number of bytes; the host keeps its default of ${DEFAULT_REQUEST_BODY_LIMIT}`,
    'warn',
  );
  return DEFAULT_REQUEST_BODY_LIMIT;
}

export interface HttpServerOptions {
  hostname: string;
  port: number;
  /** The app's HTTP functions by route, under host.json's route prefix. */
  routes: readonly HttpRoute[];
  /** Already checked (checkedCorsPolicy); undefined: no cross-origin request is allowed. */
  corsPolicy: CorsPolicy | undefined;
  staticDir: string | undefined;
  staticHeaders: Record<string, string>;
  requestBodyLimit: number;
  logs: { log: LogSink; logFilter: LogFilter };
  invoke(fn: RegisteredFunction, trigger: TriggerData): Promise<InvocationResponse>;
  /** Answers a request under /admin; returns the status. */
  admin(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<number>;
  isStopping(): boolean;
  work: InFlightWork;
}

/**
 * Listens on `hostname:port` (0: a free port) and answers as the host's HTTP pipeline does: 503
 * while stopping, the admin endpoint, CORS preflights, the app's routes, static files, else 404;
 * one log line per request. Resolves with the server and the port it listens on.
 */
export async function listenHttp(opts: HttpServerOptions): Promise<{ server: Server; port: number }> {
  const { routes, corsPolicy, staticDir, staticHeaders, requestBodyLimit, logs, invoke, admin, isStopping, work } = opts;
  const log = logs.log;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let pathname = '/';
    let status = 500;
    try {
      const url = new URL(
        req.url ?? '/',
        `http://${req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : `127.0.0.1:${port}`}`,
      );
      pathname = url.pathname;
      if (isStopping()) {
        status = sendEmpty(res, 503, { Connection: 'close', 'Retry-After': '1' });
        return;
      }
      if (/^\/admin(\/|$)/i.test(pathname)) {
        status = await admin(req, res, pathname);
        return;
      }
      const cors = corsResult(corsPolicy, req);
      if (cors?.preflight) {
        // ASP.NET Core's CorsMiddleware answers every preflight itself, before routing.
        status = sendEmpty(res, 204, cors.headers);
        return;
      }
      for (const [name, value] of Object.entries(cors?.headers ?? {})) res.setHeader(name, value);
      const found = findRoute(routes, method, pathname);
      if (found) {
        const body = await readBody(req, requestBodyLimit);
        const fn = found.route.fn;
        let response: InvocationResponse;
        try {
          response = await invoke(fn, { data: { http: toRpcHttpRequest(req, url, body, found.params) } });
        } catch (error) {
          // The host answers a failed invocation with 500 and no body (ExceptionMiddleware).
          logAs(logs, `Function.${fn.name}`, fn.name, 'error', `Executed (Failed): ${errorDetail(error)}`);
          status = sendEmpty(res, 500);
          return;
        }
        status = writeRpcHttpResponse(res, response.returnValue, method, cors?.headers);
        return;
      }
      if (staticDir && (method === 'GET' || method === 'HEAD')) {
        const file = await resolveStaticFile(staticDir, pathname);
        if (file) {
          status = await serveStaticFile(res, file, method, staticHeaders);
          return;
        }
      }
      status = sendEmpty(res, 404);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        status = 413;
        if (!res.headersSent) sendEmpty(res, 413, { Connection: 'close' });
        // Discard (never buffer) the rest; drop clients that keep sending.
        req.resume();
        setTimeout(() => req.socket.destroy(), 5_000).unref();
        return;
      }
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || req.destroyed) {
        // The client went away (or stopped reading): nothing to answer, nothing broken here.
        status = res.headersSent ? res.statusCode : 499;
        return;
      }
      log(`${new Date().toISOString()} [host] error: ${method} ${pathname}: ${errorDetail(error)}`, 'error');
      if (!res.headersSent) status = sendEmpty(res, 500);
      else res.destroy();
    } finally {
      // The path only: a query string may carry secrets (tokens). Never headers.
      log(`${new Date().toISOString()} [http] ${method} ${pathname} ${status} ${Math.round(performance.now() - started)}ms`, status >= 500 ? 'error' : 'info');
    }
  };

  const server: Server = createServer((req, res) => {
    void work.track(handle(req, res));
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw new Error(`Cannot listen on ${opts.hostname}:${opts.port}: ${errorMessage(error)}`, { cause: error });
  }
  port = (server.address() as AddressInfo).port;
  return { server, port };
}
