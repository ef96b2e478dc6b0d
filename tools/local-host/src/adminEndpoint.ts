import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from './functionsCore';
import { sendEmpty, sendJson } from './httpResponses';
import { readBody } from './httpTrigger';
import { triggerOf } from './invocation';
import { findFunction } from './functionRuns';

export interface AdminEndpointOptions {
  functions: readonly RegisteredFunction[];
  runFunction(name: string, input: string): Promise<void>;
  /** Whether the host is stopping (`GET /admin/host/status`). */
  isStopping(): boolean;
  requestBodyLimit: number;
  /** The `Host` values of a request made to this host by its local name (filled in once it listens). */
  localHosts: ReadonlySet<string>;
}

/** The `Host` values that name a host listening on `hostname:port` from this machine. */
export function localHostNames(hostname: string, port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`.toLowerCase()];
}

/**
 * Answers `/admin/...` as the host's admin API does: `GET /admin/functions`, `GET /admin/host/status`
 * and `POST /admin/functions/{name}` (runs a queue or timer function). Returns the status answered.
 */
export function adminEndpoint(opts: AdminEndpointOptions): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<number> {
  const { functions, runFunction, isStopping, requestBodyLimit, localHosts } = opts;

  const handleAdmin = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<number> => {
    const method = req.method ?? 'GET';
    if (/^\/admin\/functions\/?$/i.test(pathname) && method === 'GET') {
      return sendJson(
        res,
        200,
        functions.map((fn) => {
          const { name: _binding, direction: _direction, ...trigger } = triggerOf(fn);
          return { name: fn.name, trigger };
        }),
      );
    }
    if (/^\/admin\/host\/status\/?$/i.test(pathname) && method === 'GET') {
      return sendJson(res, 200, { state: isStopping() ? 'Stopping' : 'Running' });
    }
    const run = /^\/admin\/functions\/([^/]+)\/?$/i.exec(pathname);
    if (!run || method !== 'POST') return sendEmpty(res, 404);
    const name = decodeURIComponent(run[1]!);
    const fn = findFunction(functions, name);
    if (!fn) return sendEmpty(res, 404);
    if (triggerOf(fn).type === 'httpTrigger') return sendJson(res, 400, { error: `"${fn.name}" is an HTTP function: call its route instead` });
    const body = (await readBody(req, requestBodyLimit)).toString('utf8');
    let input = '';
    if (body.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'The body must be JSON: { "input": "..." }' });
      }
      const value = (parsed as { input?: unknown } | null)?.input;
      input = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    }
    // Azure answers 202 at once and runs in the background; locally the answer waits for the run,
    // so a caller (a test, a script) knows its effects are in place. The header tells the outcome.
    let outcome = 'succeeded';
    try {
      await runFunction(fn.name, input);
    } catch {
      outcome = 'failed';
    }
    return sendEmpty(res, 202, { 'X-Local-Host-Run': outcome });
  };

  return async (req, res, pathname) => {
    // No key locally, so the admin endpoint answers only requests made to this machine by
    // name: a page that reaches 127.0.0.1 through DNS rebinding still sends its own Host
    // (and an Origin that matches it), so both must be the local address.
    const host = (req.headers.host ?? '').toLowerCase();
    const origin = req.headers.origin;
    if (!localHosts.has(host) || (origin !== undefined && origin.toLowerCase() !== `http://${host}`)) return sendEmpty(res, 403);
    return handleAdmin(req, res, pathname);
  };
}
