import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEntryPoint, packageMain, resolveEntryPoints } from './entryPoints';
import {
  hasProgrammingModel,
  installFunctionsCore,
  registeredFunctions,
  registeredHooks,
  setSystemLogSink,
  type RegisteredFunction,
} from './functionsCore';
import { readHostConfig, resolveAppSettings, type HostConfig } from './hostConfig';
import { BodyTooLargeError, findRoute, httpRoutes, readBody, toHttpRequest, writeHttpResponse, type HttpRoute } from './httpTrigger';
import { defaultLogSink, errorDetail, errorMessage, formatFunctionLog, invokeFunction, triggerOf, type LogSink } from './invocation';
import { sendQueueOutputs, unsupportedBindings } from './outputBindings';
import { QueueListener, adminQueueMetadata, toTriggerInput } from './queueTrigger';
import { resolveStaticFile, serveStaticFile, staticHeadersFor } from './staticFiles';
import { ScheduleStatusStore, TimerListener, monitorsByDefault, parseSchedule, type TimerInfo } from './timerTrigger';

export type { RegisteredFunction } from './functionsCore';
export type { LogSink } from './invocation';

export interface LocalHostOptions {
  /** The app's root: where its package.json and host.json are. */
  appRoot: string;
  /** Entry-point files or globs, relative to appRoot; default: package.json `main`. */
  entryPoints?: string[];
  /** 0 picks a free port; default 7071. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Explicit connection string of the storage for queue triggers and timer status. */
  storageConnectionString: string;
  /** Served at / (index.html) for GET/HEAD paths outside the route prefix. */
  staticDir?: string;
  /**
   * Headers for every static file, on top of `X-Content-Type-Options: nosniff` and the
   * `globalHeaders` of `<staticDir>/staticwebapp.config.json` (read at start, as Static Web Apps does).
   */
  staticHeaders?: Record<string, string>;
  /** One line of output; `level` tells warnings and errors apart. Default: stdout, or stderr for warn/error. */
  log?: LogSink;
  /** Default true. */
  enableTimers?: boolean;
  /** Default true. */
  enableQueues?: boolean;
  /** Longest wait for work in flight on stop(); default 30 s. */
  drainTimeoutMs?: number;
}

export interface LocalHost {
  /** e.g. http://127.0.0.1:7071 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The app's registrations as `@azure/functions` made them (the live list). */
  readonly functions: readonly RegisteredFunction[];
  /** Runs a queue or timer function now, as `POST /admin/functions/{name}` does; rejects if it fails. */
  runFunction(name: string, input?: string): Promise<void>;
  /** Stops accepting work, drains HTTP, queue and timer work in flight, runs appTerminate hooks, closes. */
  stop(): Promise<void>;
}

/** An error thrown while loading the app's entry points (for example a settings validation error). */
export class AppLoadError extends Error {
  constructor(
    readonly entryPoint: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AppLoadError';
  }
}

/** Raised by runFunction for a name the app did not register. */
export class FunctionNotFoundError extends Error {
  constructor(name: string) {
    super(`No function named "${name}"`);
    this.name = 'FunctionNotFoundError';
  }
}

/** Raised by runFunction for an HTTP function, which runs through its route instead. */
export class NotRunnableError extends Error {
  constructor(name: string) {
    super(`"${name}" is an HTTP function: call its route instead`);
    this.name = 'NotRunnableError';
  }
}

const requestBodyLimit = 1024 * 1024;

let loadedApp: { root: string; entryPoints: string[] } | undefined;
let running = false;

async function loadApp(appRoot: string, entryPoints: string[]): Promise<void> {
  if (loadedApp && loadedApp.root !== appRoot) {
    throw new Error(`This process already hosts the app in ${loadedApp.root}; a process can host one app (modules are cached)`);
  }
  installFunctionsCore();
  for (const file of entryPoints) {
    if (loadedApp?.entryPoints.includes(file)) continue;
    try {
      await loadEntryPoint(file);
    } catch (error) {
      throw new AppLoadError(path.relative(appRoot, file), error);
    }
    loadedApp = { root: appRoot, entryPoints: [...(loadedApp?.entryPoints ?? []), file] };
  }
  loadedApp ??= { root: appRoot, entryPoints: [] };
}

function hostIdOf(appRoot: string): string {
  try {
    const name = (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { name?: string }).name;
    if (name) return name;
  } catch {
    // fall through to the folder name
  }
  return path.basename(appRoot);
}

function queueConnectionString(fn: RegisteredFunction, connection: unknown, storage: string): string {
  if (connection === undefined || connection === '' || connection === 'AzureWebJobsStorage') return storage;
  const name = String(connection);
  const value = process.env[name] ?? process.env[`AzureWebJobs${name}`];
  if (value) return value;
  if (process.env[`${name}__queueServiceUri`] || process.env[`${name}__serviceUri`]) {
    throw new Error(`Queue trigger "${fn.name}": identity-based connection "${name}" is not supported by the local host; set "${name}" to a connection string`);
  }
  throw new Error(`Queue trigger "${fn.name}": connection setting "${name}" is not set`);
}

/**
 * Starts the app's functions locally: loads its entry points with a stand-in for
 * `@azure/functions-core` that captures the registrations, then serves HTTP triggers, polls
 * queue triggers, schedules timer triggers and answers the admin endpoint.
 *
 * A process hosts one app, and one running host at a time: entry points are loaded once (module
 * cache); a later host for the same app in the same process reuses the registrations.
 */
export async function startLocalHost(opts: LocalHostOptions): Promise<LocalHost> {
  if (running) throw new Error('A local host is already running in this process; stop it first');
  running = true;
  try {
    return await start(opts);
  } catch (error) {
    running = false;
    throw error;
  }
}

async function start(opts: LocalHostOptions): Promise<LocalHost> {
  const appRoot = path.resolve(opts.appRoot);
  const log = opts.log ?? defaultLogSink;
  const config: HostConfig = readHostConfig(appRoot);
  const drainTimeoutMs = opts.drainTimeoutMs ?? 30_000;
  const entryPoints = resolveEntryPoints(appRoot, opts.entryPoints ?? [packageMain(appRoot)]);

  setSystemLogSink((level, _category, message) => log(`${new Date().toISOString()} [host] ${level}: ${message}`, level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'));
  await loadApp(appRoot, entryPoints);
  const functions = registeredFunctions();
  if (functions.length === 0 && !hasProgrammingModel()) {
    log(`${new Date().toISOString()} [host] warning: the app registered no functions (did it load @azure/functions before the host started?)`, 'warn');
  }

  const appHookData: Record<string, unknown> = {};
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return work;
  };

  const connectionFor = (fn: RegisteredFunction, connection: unknown): string => queueConnectionString(fn, connection, opts.storageConnectionString);
  const invoke = (fn: RegisteredFunction, input: unknown, triggerMetadata?: Record<string, unknown>): Promise<unknown> =>
    invokeFunction(fn, input, {
      triggerMetadata,
      log,
      appHookData,
      functionTimeoutMs: config.functionTimeoutMs,
      afterSuccess: (context, result) => sendQueueOutputs(fn, context, result, { connectionFor, settings: config.queues }),
    });
  for (const problem of functions.flatMap(unsupportedBindings)) {
    log(`${new Date().toISOString()} [host] warning: ${problem}`, 'warn');
  }

  /** Non-HTTP runs log like the host: Executing / Executed with outcome and duration. */
  const invokeLogged = async (fn: RegisteredFunction, input: unknown, reason: string, triggerMetadata?: Record<string, unknown>): Promise<unknown> => {
    const started = performance.now();
    log(formatFunctionLog(fn.name, 'information', `Executing (${reason})`), 'info');
    try {
      const result = await invoke(fn, input, triggerMetadata);
      log(formatFunctionLog(fn.name, 'information', `Executed (Succeeded, ${Math.round(performance.now() - started)} ms)`), 'info');
      return result;
    } catch (error) {
      log(formatFunctionLog(fn.name, 'error', `Executed (Failed, ${Math.round(performance.now() - started)} ms): ${errorDetail(error)}`), 'error');
      throw error;
    }
  };

  for (const hook of registeredHooks('appStart')) {
    await hook({ hookData: appHookData, appHookData, functionAppDirectory: appRoot });
  }

  const routes: HttpRoute[] = httpRoutes(functions, config.routePrefix);
  const staticHeaders = opts.staticDir ? staticHeadersFor(opts.staticDir, opts.staticHeaders) : {};

  // Queue triggers.
  const queueListeners = new Map<string, QueueListener>();
  const timerListeners = new Map<string, TimerListener>();
  const stopListeners = async (): Promise<void> => {
    await Promise.allSettled([...queueListeners.values()].map((l) => l.stop()));
    await Promise.allSettled([...timerListeners.values()].map((l) => l.stop()));
  };

  const statusStore = new ScheduleStatusStore(opts.storageConnectionString, hostIdOf(appRoot));
  try {
    for (const fn of functions) {
      const trigger = triggerOf(fn);
      if (trigger.type === 'queueTrigger' && opts.enableQueues !== false) {
        const queueName = resolveAppSettings(String(trigger.queueName), process.env, `Queue trigger "${fn.name}"`).toLowerCase();
        const listener = new QueueListener({
          functionName: fn.name,
          queueName,
          connectionString: connectionFor(fn, trigger.connection),
          settings: config.queues,
          functionTimeoutMs: config.functionTimeoutMs,
          log,
          invoke: (input, metadata) => track(invokeLogged(fn, input, `queue "${queueName}", dequeueCount ${String(metadata.dequeueCount)}`, metadata)),
        });
        await listener.start();
        queueListeners.set(fn.name, listener);
      } else if (trigger.type === 'timerTrigger' && opts.enableTimers !== false) {
        const schedule = parseSchedule(resolveAppSettings(String(trigger.schedule), process.env, `Timer trigger "${fn.name}"`), fn.name);
        const listener = new TimerListener({
          functionName: fn.name,
          schedule,
          runOnStartup: trigger.runOnStartup === true,
          useMonitor: typeof trigger.useMonitor === 'boolean' ? trigger.useMonitor : monitorsByDefault(schedule),
          store: statusStore,
          log,
          invoke: (timer: TimerInfo) => invokeLogged(fn, timer, timer.isPastDue ? 'timer, past due' : 'timer'),
        });
        timerListeners.set(fn.name, listener);
      }
    }
    for (const listener of timerListeners.values()) await listener.start();
  } catch (error) {
    await stopListeners();
    throw error;
  }

  const findFunction = (name: string): RegisteredFunction | undefined => functions.find((f) => f.name.toLowerCase() === name.toLowerCase());

  const runFunction = async (name: string, input = ''): Promise<void> => {
    const fn = findFunction(name);
    if (!fn) throw new FunctionNotFoundError(name);
    const trigger = triggerOf(fn);
    if (trigger.type === 'httpTrigger') throw new NotRunnableError(fn.name);
    if (trigger.type === 'timerTrigger') {
      const listener = timerListeners.get(fn.name);
      if (listener) {
        await track(listener.run(false));
        return;
      }
      const now = new Date().toISOString();
      await track(invokeLogged(fn, { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: now, next: now, lastUpdated: now } }, 'admin'));
      return;
    }
    if (trigger.type === 'queueTrigger') {
      await track(invokeLogged(fn, toTriggerInput(input), 'admin', adminQueueMetadata(input)));
      return;
    }
    await track(invokeLogged(fn, input, 'admin'));
  };

  let stopping = false;
  const sendEmpty = (res: ServerResponse, status: number, headers: Record<string, string> = {}): number => {
    res.writeHead(status, headers);
    res.end();
    return status;
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown): number => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return status;
  };

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
      return sendJson(res, 200, { state: stopping ? 'Stopping' : 'Running' });
    }
    const run = /^\/admin\/functions\/([^/]+)\/?$/i.exec(pathname);
    if (!run || method !== 'POST') return sendEmpty(res, 404);
    const name = decodeURIComponent(run[1]!);
    const fn = findFunction(name);
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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let pathname = '/';
    let status = 500;
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : `127.0.0.1:${port}`}`);
      pathname = url.pathname;
      if (stopping) {
        status = sendEmpty(res, 503, { Connection: 'close', 'Retry-After': '1' });
        return;
      }
      if (/^\/admin(\/|$)/i.test(pathname)) {
        // No key locally, so refuse what a browser sends from another site (it always sends Origin).
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
          status = sendEmpty(res, 403);
          return;
        }
        status = await handleAdmin(req, res, pathname);
        return;
      }
      const found = findRoute(routes, method, pathname);
      if (found) {
        const body = await readBody(req, requestBodyLimit);
        const request = toHttpRequest(req, url, body, found.params);
        let result: unknown;
        try {
          result = await invoke(found.route.fn, request);
        } catch (error) {
          log(formatFunctionLog(found.route.fn.name, 'error', `Executed (Failed): ${errorDetail(error)}`), 'error');
          status = sendEmpty(res, 500);
          return;
        }
        status = await writeHttpResponse(res, result, method);
        return;
      }
      if (opts.staticDir && (method === 'GET' || method === 'HEAD')) {
        const file = await resolveStaticFile(opts.staticDir, pathname);
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
    void track(handle(req, res));
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  const hostname = opts.hostname ?? '127.0.0.1';
  let port = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 7071, hostname, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await stopListeners();
    throw new Error(`Cannot listen on ${hostname}:${opts.port ?? 7071}: ${errorMessage(error)}`);
  }
  port = (server.address() as AddressInfo).port;
  const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = (async () => {
        await stopListeners();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      })();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drained,
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            timedOut = true;
            resolve();
          }, drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) log(`${new Date().toISOString()} [host] warning: work still in flight after ${drainTimeoutMs} ms; stopping anyway`, 'warn');
      for (const hook of registeredHooks('appTerminate')) {
        try {
          await hook({ hookData: appHookData, appHookData });
        } catch (error) {
          log(`${new Date().toISOString()} [host] error: appTerminate hook failed: ${errorMessage(error)}`, 'error');
        }
      }
      server.closeAllConnections();
      await closed;
      running = false;
    })();
    return stopped;
  };

  return {
    url,
    port,
    get functions() {
      return functions;
    },
    runFunction,
    stop,
  };
}

