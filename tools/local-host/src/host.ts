import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEntryPoint, packageMain, resolveEntryPoints } from './entryPoints';
import { checkedCorsPolicy, corsResult, type CorsPolicy } from './cors';
import {
  hasProgrammingModel,
  installFunctionsCore,
  programmingModel,
  registeredFunctions,
  registeredHooks,
  setSystemLogSink,
  type RegisteredFunction,
} from './functionsCore';
import { readHostConfig, resolveAppSettings, type HostConfig } from './hostConfig';
import { BodyTooLargeError, findRoute, httpRoutes, plainHttpResponse, readBody, toRpcHttpRequest, writeRpcHttpResponse, type HttpRoute } from './httpTrigger';
import {
  defaultLogSink,
  errorDetail,
  errorMessage,
  invokeFunction,
  logAs,
  triggerOf,
  type InvocationOptions,
  type InvocationResponse,
  type LogSink,
  type TriggerData,
} from './invocation';
import { sendQueueOutputs, unsupportedBindings } from './outputBindings';
import { QueueListener, adminQueueTriggerData } from './queueTrigger';
import { resolveStaticFile, serveStaticFile, staticHeadersFor } from './staticFiles';
import { ScheduleStatusStore, TimerListener, monitorsByDefault, parseSchedule, timerTriggerData, type TimerInfo } from './timerTrigger';

export type { RegisteredFunction } from './functionsCore';
export type { LogSink } from './invocation';
export type { CorsPolicy } from './cors';

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
  /**
   * Cross-origin requests to allow, as `func start` does with local.settings.json `Host.CORS`
   * and `Host.CORSCredentials` (and Azure with the site's CORS settings); default none.
   */
  cors?: CorsPolicy;
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

/**
 * The host's default body limit: Kestrel's MaxRequestBodySize as the Functions host sets it
 * (azure-functions-host src/WebJobs.Script/ScriptConstants.cs `DefaultMaxRequestBodySize`).
 */
const DEFAULT_REQUEST_BODY_LIMIT = 104_857_600;

/**
 * `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT` as HttpRequestBodySizeMiddleware reads it (a whole number
 * of bytes; anything else leaves the default).
 */
function requestBodyLimitOf(value: string | undefined, log: LogSink): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REQUEST_BODY_LIMIT;
  if (/^\s*\+?\d{1,18}\s*$/.test(value)) return Number(value);
  log(
    `${new Date().toISOString()} [host] warning: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT "${value}" is not a number of bytes; the host keeps its default of ${DEFAULT_REQUEST_BODY_LIMIT}`,
    'warn',
  );
  return DEFAULT_REQUEST_BODY_LIMIT;
}

let loadedApp: { root: string; entryPoints: string[] } | undefined;
let running = false;
/** What the app wrote into process.env while its entry points first loaded: no app setting, so the host never sees it. */
let appEnvWrites: Map<string, string | undefined> | undefined;

/**
 * The app settings as the Functions host sees them: the environment before the app's code ran
 * (app settings in Azure; local.settings.json `Values` and the shell under npm start). The host
 * process resolves `%NAME%` in bindings itself, so a default the app writes into its own
 * `process.env` never reaches it.
 */
function hostAppSettings(before: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = { ...before };
  for (const [name, written] of appEnvWrites ?? []) {
    if (settings[name] === written) delete settings[name];
  }
  return settings;
}

function envChanges(before: NodeJS.ProcessEnv, after: NodeJS.ProcessEnv): Map<string, string | undefined> {
  const changes = new Map<string, string | undefined>();
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) changes.set(name, after[name]);
  }
  return changes;
}

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

  setSystemLogSink((level, _category, message) =>
    log(`${new Date().toISOString()} [host] ${level}: ${message}`, level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'),
  );
  const envBefore = { ...process.env };
  const firstLoad = loadedApp === undefined;
  await loadApp(appRoot, entryPoints);
  if (firstLoad) appEnvWrites = envChanges(envBefore, process.env);
  const appSettings = hostAppSettings(envBefore);
  // After the app has loaded, so that an app that fails to load still says so in one line.
  for (const warning of config.warnings) log(`${new Date().toISOString()} [host] warning: ${warning}`, 'warn');
  if (config.notHonoured.length > 0) {
    // A note, not a warning: the repository's own host.json names Application Insights' sampling, which only Azure has.
    log(`${new Date().toISOString()} [host] note: host.json settings the local host does not carry out (Azure does): ${config.notHonoured.join(', ')}`, 'info');
  }
  const requestBodyLimit = requestBodyLimitOf(appSettings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, log);
  const functions = registeredFunctions();
  if (functions.length === 0 && !hasProgrammingModel()) {
    log(`${new Date().toISOString()} [host] warning: the app registered no functions (did it load @azure/functions before the host started?)`, 'warn');
  }
  // The worker asks the programming model for its capabilities once the app has loaded; the
  // library locks app.setup() then and, with HTTP streaming on, would wait for a proxy the local
  // host does not run.
  const capabilities = await programmingModel()?.getCapabilities({});
  if (capabilities?.HttpUri) throw new Error('The app enables HTTP streaming (app.setup({ enableHttpStream: true })), which the local host does not support');

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
  const logs = { log, logFilter: config.logFilter };
  const invocationOptions = (fn: RegisteredFunction): InvocationOptions => {
    // Only a function whose one output is its HTTP answer can take the fast conversion.
    const httpOnly = Object.entries(fn.metadata.bindings).every(([name, b]) => b.direction !== 'out' || (name === '$return' && b.type === 'http'));
    return {
      ...logs,
      appHookData,
      functionTimeoutMs: config.functionTimeoutMs,
      ...(httpOnly && triggerOf(fn).type === 'httpTrigger' ? { fastResponse: plainHttpResponse } : {}),
    };
  };
  const invoke = async (fn: RegisteredFunction, trigger: TriggerData): Promise<InvocationResponse> => {
    const response = await invokeFunction(fn, trigger, invocationOptions(fn));
    // The host binds outputs once the worker has answered.
    await sendQueueOutputs(fn, response, { connectionFor, settings: config.queues, appSettings });
    return response;
  };
  for (const problem of functions.flatMap(unsupportedBindings)) {
    log(`${new Date().toISOString()} [host] warning: ${problem}`, 'warn');
  }

  /** Non-HTTP runs log like the host (category Function.<name>): Executing / Executed with outcome and duration. */
  const invokeLogged = async (fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown> => {
    const started = performance.now();
    const category = `Function.${fn.name}`;
    logAs(logs, category, fn.name, 'information', `Executing (${reason})`);
    try {
      const result = await invoke(fn, trigger);
      logAs(logs, category, fn.name, 'information', `Executed (Succeeded, ${Math.round(performance.now() - started)} ms)`);
      return result;
    } catch (error) {
      logAs(logs, category, fn.name, 'error', `Executed (Failed, ${Math.round(performance.now() - started)} ms): ${errorDetail(error)}`);
      throw error;
    }
  };

  for (const hook of registeredHooks('appStart')) {
    await hook({ hookData: appHookData, appHookData, functionAppDirectory: appRoot });
  }

  const routes: HttpRoute[] = httpRoutes(functions, config.routePrefix);
  const corsPolicy = opts.cors ? checkedCorsPolicy(opts.cors) : undefined;
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
        const queueName = resolveAppSettings(String(trigger.queueName), appSettings, `Queue trigger "${fn.name}"`).toLowerCase();
        const listener = new QueueListener({
          functionName: fn.name,
          queueName,
          connectionString: connectionFor(fn, trigger.connection),
          settings: config.queues,
          log,
          invoke: (data, dequeueCount) => track(invokeLogged(fn, data, `queue "${queueName}", dequeueCount ${dequeueCount}`)),
        });
        await listener.start();
        queueListeners.set(fn.name, listener);
      } else if (trigger.type === 'timerTrigger' && opts.enableTimers !== false) {
        const schedule = parseSchedule(resolveAppSettings(String(trigger.schedule), appSettings, `Timer trigger "${fn.name}"`), fn.name);
        const listener = new TimerListener({
          functionName: fn.name,
          schedule,
          runOnStartup: trigger.runOnStartup === true,
          useMonitor: typeof trigger.useMonitor === 'boolean' ? trigger.useMonitor : monitorsByDefault(schedule),
          store: statusStore,
          log,
          invoke: (timer: TimerInfo) => invokeLogged(fn, timerTriggerData(timer), timer.isPastDue ? 'timer, past due' : 'timer'),
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
      const timer: TimerInfo = { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: '', next: now, lastUpdated: now } };
      await track(invokeLogged(fn, timerTriggerData(timer), 'admin'));
      return;
    }
    if (trigger.type === 'queueTrigger') {
      await track(invokeLogged(fn, adminQueueTriggerData(fn.name, input), 'admin'));
      return;
    }
    await track(invokeLogged(fn, { data: { string: input } }, 'admin'));
  };

  let stopping = false;
  /** The Host values of a request made to this host by its local name (filled in once listening). */
  const localHosts = new Set<string>();
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
      const url = new URL(
        req.url ?? '/',
        `http://${req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : `127.0.0.1:${port}`}`,
      );
      pathname = url.pathname;
      if (stopping) {
        status = sendEmpty(res, 503, { Connection: 'close', 'Retry-After': '1' });
        return;
      }
      if (/^\/admin(\/|$)/i.test(pathname)) {
        // No key locally, so the admin endpoint answers only requests made to this machine by
        // name: a page that reaches 127.0.0.1 through DNS rebinding still sends its own Host
        // (and an Origin that matches it), so both must be the local address.
        const host = (req.headers.host ?? '').toLowerCase();
        const origin = req.headers.origin;
        if (!localHosts.has(host) || (origin !== undefined && origin.toLowerCase() !== `http://${host}`)) {
          status = sendEmpty(res, 403);
          return;
        }
        status = await handleAdmin(req, res, pathname);
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
    throw new Error(`Cannot listen on ${hostname}:${opts.port ?? 7071}: ${errorMessage(error)}`, { cause: error });
  }
  port = (server.address() as AddressInfo).port;
  localHosts
    .add(`127.0.0.1:${port}`)
    .add(`localhost:${port}`)
    .add(`[::1]:${port}`)
    .add(`${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`.toLowerCase());
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
