import path from 'node:path';
import { startLocalHost, type LocalHost, type LocalHostOptions } from './host';
import type { LogSink } from './invocation';
import { startTestStorage, type TestStorage } from './testStorage';

export interface HostForTestsOptions extends Omit<LocalHostOptions, 'entryPoints' | 'port' | 'storageConnectionString' | 'log'> {
  /** Entry points relative to appRoot: under vitest, the app's TypeScript sources (loaded through its transform). */
  entryPoints: string[];
  /** App settings for this host; set before the app loads (after AzureWebJobsStorage, so they may override it), restored by stop(). */
  env?: Record<string, string>;
  /** Hears every line the host logs, after it is kept in `logs`. */
  log?: LogSink;
  /** Mirror host output to the console; default: when the environment has DEBUG_HOST set. */
  verbose?: boolean;
  /** Default false: timers firing during unrelated tests make them flaky; a test runs them when it asks. */
  enableTimers?: boolean;
}

export interface HostForTests {
  readonly host: LocalHost;
  readonly url: string;
  readonly storage: TestStorage;
  /** The explicit connection string, also in process.env.AzureWebJobsStorage while the host runs. */
  readonly connectionString: string;
  /** Every line the host logged (HTTP lines, context.log output, failures). */
  readonly logs: string[];
  /** fetch() against the host: `t.fetch('/api/health')`. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Stops the host (drains work in flight) and restores the environment; the shared storage keeps running. */
  stop(): Promise<void>;
}

/**
 * For tests: starts an app through the local host on a free port against the test file's shared
 * in-memory Azurite (startTestStorage), with `AzureWebJobsStorage` and `env` set in process.env
 * while it runs (the app reads its settings there as it loads) and every line it logs kept.
 */
export async function startHostForTests(opts: HostForTestsOptions): Promise<HostForTests> {
  const { appRoot, env, log: listener, verbose = Boolean(process.env.DEBUG_HOST), enableTimers = false, ...hostOptions } = opts;
  const storage = await startTestStorage();
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries({ AzureWebJobsStorage: storage.connectionString, ...env })) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  const restoreEnv = (): void => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };

  const logs: string[] = [];
  const log: LogSink = (line, level, functionName) => {
    logs.push(line);
    listener?.(line, level, functionName);
    if (verbose) (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
  };

  let host: LocalHost;
  try {
    host = await startLocalHost({
      ...hostOptions,
      appRoot: path.resolve(appRoot),
      port: 0,
      storageConnectionString: storage.connectionString,
      enableTimers,
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
    stop: async () => {
      try {
        await host.stop();
      } finally {
        restoreEnv();
      }
    },
  };
}
