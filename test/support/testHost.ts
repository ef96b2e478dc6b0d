import path from 'node:path';
import { startLocalHost, type CorsPolicy, type LocalHost, type LogSink } from '@security-event-intake/local-host';
import { startTestStorage, type TestStorage } from '@security-event-intake/local-host/testing';

export interface TestHostOptions {
  /** App settings for this host; set before the app loads, restored by stop(). */
  env?: Record<string, string>;
  /**
   * Entry points relative to appRoot. Default: this app's own entry, `src/index.ts` (its TypeScript
   * source); a test that builds the services again (useServices) passes TEST_ENTRY (test/support/app.ts).
   * With another appRoot (the local host's fixture apps), their TypeScript sources, `src/functions/*.ts`.
   */
  entryPoints?: string[];
  /** Default: the repository root (vitest's working directory). */
  appRoot?: string;
  staticDir?: string;
  /** Extra headers for static files (besides nosniff and staticwebapp.config.json `globalHeaders`). */
  staticHeaders?: Record<string, string>;
  /** Default false: timers firing during unrelated tests make them flaky. */
  enableTimers?: boolean;
  /** Default true. */
  enableQueues?: boolean;
  /** Mirror host output to the console (also when the environment has DEBUG_HOST set). */
  verbose?: boolean;
  /** Origins allowed cross-origin, as local.settings.json `Host.CORS` under npm start. */
  cors?: CorsPolicy;
}

export interface TestHost {
  readonly host: LocalHost;
  readonly url: string;
  readonly storage: TestStorage;
  /** The explicit connection string, also in process.env.AzureWebJobsStorage while the host runs. */
  readonly connectionString: string;
  /** Every line the host logged (HTTP lines, context.log output, failures). */
  readonly logs: string[];
  /** fetch() against the host: `testHost.fetch('/api/health')`. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Runs a queue or timer function now, as the admin endpoint does. */
  runFunction(name: string, input?: string): Promise<void>;
  /** Stops the host (drains work in flight) and restores the environment; the shared storage keeps running. */
  stop(): Promise<void>;
}

export type HostLogListener = (line: string, level: 'info' | 'warn' | 'error', functionName?: string) => void;

const hostLogListeners = new Set<HostLogListener>();

/**
 * Hears every line the test hosts of this process log from now on (as `npm start` would print it, with
 * its level); the returned function stops that. captureConsole() reads the app's lines this way.
 */
export function onHostLog(listener: HostLogListener): () => void {
  hostLogListeners.add(listener);
  return () => hostLogListeners.delete(listener);
}

/**
 * Starts the app through the local host on a free port, against the file's shared in-memory
 * Azurite. The entry points are TypeScript, loaded through vitest's own transform. A test file
 * hosts one app: the module cache keeps the first registrations, so a second startTestHost in
 * the same file reuses them (src/index.ts reads the settings as it loads, at the first start, and
 * not again: a test that needs other settings later builds the services again with TEST_ENTRY and
 * useServices; schedules and queue names with %SETTING% are resolved at each start).
 */
export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const storage = await startTestStorage();
  const saved = new Map<string, string | undefined>();
  const setEnv = (name: string, value: string): void => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    process.env[name] = value;
  };
  setEnv('AzureWebJobsStorage', storage.connectionString);
  // Every test submits from 127.0.0.1, some files hundreds of times a minute: the limit's highest
  // setting keeps its path in every integration test without any of them reaching it.
  setEnv('SUBMISSION_LIMIT_PER_CLIENT_MINUTE', '1000');
  // The builders' reporter is always the same address: tests of other things must not meet the
  // per-recipient limit (its own test sets a small one).
  setEnv('EMAIL_HOURLY_LIMIT_PER_RECIPIENT', '100');
  for (const [name, value] of Object.entries(opts.env ?? {})) setEnv(name, value);
  const restoreEnv = (): void => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };

  const logs: string[] = [];
  const verbose = opts.verbose ?? Boolean(process.env.DEBUG_HOST);
  const log: LogSink = (line, level, functionName) => {
    logs.push(line);
    for (const listener of hostLogListeners) listener(line, level, functionName);
    if (verbose) (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
  };

  let host: LocalHost;
  try {
    host = await startLocalHost({
      appRoot: path.resolve(opts.appRoot ?? process.cwd()),
      entryPoints: opts.entryPoints ?? (opts.appRoot === undefined ? ['src/index.ts'] : ['src/functions/*.ts']),
      port: 0,
      storageConnectionString: storage.connectionString,
      ...(opts.staticDir !== undefined ? { staticDir: opts.staticDir } : {}),
      ...(opts.staticHeaders !== undefined ? { staticHeaders: opts.staticHeaders } : {}),
      enableTimers: opts.enableTimers ?? false,
      ...(opts.enableQueues !== undefined ? { enableQueues: opts.enableQueues } : {}),
      ...(opts.cors ? { cors: opts.cors } : {}),
      log,
    });
  } catch (error) {
    restoreEnv();
    throw error;
  }

  return {
    host,
    url: host.url,
    storage,
    connectionString: storage.connectionString,
    logs,
    fetch: (pathAndQuery, init) => fetch(new URL(pathAndQuery, host.url), init),
    runFunction: (name, input) => host.runFunction(name, input),
    stop: async () => {
      try {
        await host.stop();
      } finally {
        restoreEnv();
      }
    },
  };
}
