import path from 'node:path';
import { adminEndpoint, localHostNames } from './adminEndpoint';
import { checkProgrammingModel, loadApp } from './appLoading';
import { checkedCorsPolicy, type CorsPolicy } from './cors';
import { packageMain, resolveEntryPoints } from './entryPoints';
import { functionInvoker } from './functionInvoker';
import { functionRunner } from './functionRuns';
import { registeredHooks, type RegisteredFunction } from './functionsCore';
import { readHostConfig } from './hostConfig';
import { hostStop } from './hostStop';
import { httpRoutes } from './httpTrigger';
import { listenHttp, requestBodyLimitOf } from './httpServer';
import { InFlightWork } from './inFlightWork';
import { defaultLogSink, type LogSink } from './invocation';
import { unsupportedBindings } from './outputBindings';
import { queueConnectionString } from './queueListeners';
import { staticHeadersFor } from './staticFiles';
import { scheduleStatusStore } from './timerListeners';
import { TriggerListeners } from './triggerListeners';

export type { RegisteredFunction } from './functionsCore';
export type { LogSink } from './invocation';
export type { CorsPolicy } from './cors';
export { AppLoadError } from './appLoading';
export { FunctionNotFoundError, NotRunnableError } from './functionRuns';

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

let running = false;

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
  const config = readHostConfig(appRoot);
  const entryPoints = resolveEntryPoints(appRoot, opts.entryPoints ?? [packageMain(appRoot)]);

  const app = await loadApp(appRoot, entryPoints, log);
  const { functions, appSettings } = app;
  // After the app has loaded, so that an app that fails to load still says so in one line.
  for (const warning of config.warnings) log(`${new Date().toISOString()} [host] warning: ${warning}`, 'warn');
  if (config.notHonoured.length > 0) {
    // A note, not a warning: the repository's own host.json names Application Insights' sampling, which only Azure has.
    log(`${new Date().toISOString()} [host] note: host.json settings the local host does not carry out (Azure does): ${config.notHonoured.join(', ')}`, 'info');
  }
  const requestBodyLimit = requestBodyLimitOf(appSettings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, log);
  await checkProgrammingModel(app, log);

  const appHookData: Record<string, unknown> = {};
  const work = new InFlightWork();
  const connectionFor = (fn: RegisteredFunction, connection: unknown): string => queueConnectionString(fn, connection, opts.storageConnectionString);
  const invoker = functionInvoker({ config, log, appHookData, appSettings, connectionFor });
  for (const problem of functions.flatMap(unsupportedBindings)) {
    log(`${new Date().toISOString()} [host] warning: ${problem}`, 'warn');
  }
  for (const hook of registeredHooks('appStart')) {
    await hook({ hookData: appHookData, appHookData, functionAppDirectory: appRoot });
  }

  const routes = httpRoutes(functions, config.routePrefix);
  const corsPolicy = opts.cors ? checkedCorsPolicy(opts.cors) : undefined;
  const staticHeaders = opts.staticDir ? staticHeadersFor(opts.staticDir, opts.staticHeaders) : {};

  const listeners = await TriggerListeners.start(functions, {
    enableQueues: opts.enableQueues !== false,
    enableTimers: opts.enableTimers !== false,
    queues: { appSettings, settings: config.queues, log, connectionFor, run: (fn, trigger, reason) => work.track(invoker.invokeLogged(fn, trigger, reason)) },
    timers: { appSettings, store: scheduleStatusStore(opts.storageConnectionString, appRoot), log, run: invoker.invokeLogged },
  });
  const runFunction = functionRunner({ functions, listeners, work, invokeLogged: invoker.invokeLogged });

  let stopping = false;
  const isStopping = () => stopping;
  const localHosts = new Set<string>();
  const hostname = opts.hostname ?? '127.0.0.1';
  let listening: Awaited<ReturnType<typeof listenHttp>>;
  try {
    listening = await listenHttp({
      hostname,
      port: opts.port ?? 7071,
      routes,
      corsPolicy,
      staticDir: opts.staticDir,
      staticHeaders,
      requestBodyLimit,
      logs: invoker.logs,
      invoke: invoker.invoke,
      admin: adminEndpoint({ functions, runFunction, isStopping, requestBodyLimit, localHosts }),
      isStopping,
      work,
    });
  } catch (error) {
    await listeners.stop();
    throw error;
  }
  const { server, port } = listening;
  for (const name of localHostNames(hostname, port)) localHosts.add(name);

  return {
    url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`,
    port,
    get functions() {
      return functions;
    },
    runFunction,
    stop: hostStop({
      server,
      listeners,
      work,
      drainTimeoutMs: opts.drainTimeoutMs ?? 30_000,
      appHookData,
      log,
      onStopping: () => (stopping = true),
      onStopped: () => (running = false),
    }),
  };
}
