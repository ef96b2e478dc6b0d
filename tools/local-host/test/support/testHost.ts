import path from 'node:path';
import { startLocalHost, type LocalHost } from '../../src/host';
import type { LogSink } from '../../src/invocation';
import { startTestStorage } from '../../src/testStorage';

export interface TestHostOptions {
  /** The fixture app's folder (its package.json and host.json). */
  appRoot: string;
  /** App settings for this host; set before the app loads, restored by stop(). */
  env?: Record<string, string>;
  staticDir?: string;
  /** Default false: a fixture's timers run only where a test asks for them. */
  enableTimers?: boolean;
  /** Default true. */
  enableQueues?: boolean;
}

export interface TestHost {
  readonly host: LocalHost;
  readonly url: string;
  /** The explicit connection string of the file's shared in-memory Azurite. */
  readonly connectionString: string;
  /** Every line the host logged. */
  readonly logs: string[];
  /** fetch() against the host: `t.fetch('/api/hello')`. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Stops the host and restores the environment; the shared storage keeps running. */
  stop(): Promise<void>;
}

/**
 * Starts a fixture app's TypeScript entry points (`src/functions/*.ts`, through vitest's transform)
 * on a free port against the file's shared in-memory Azurite. `DEBUG_HOST=1` prints the host's lines.
 */
export async function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  const storage = await startTestStorage();
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries({ AzureWebJobsStorage: storage.connectionString, ...opts.env })) {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    process.env[name] = value;
  }
  const restoreEnv = (): void => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  const logs: string[] = [];
  const log: LogSink = (line, level) => {
    logs.push(line);
    if (process.env.DEBUG_HOST) (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
  };
  let host: LocalHost;
  try {
    host = await startLocalHost({
      appRoot: path.resolve(opts.appRoot),
      entryPoints: ['src/functions/*.ts'],
      port: 0,
      storageConnectionString: storage.connectionString,
      ...(opts.staticDir !== undefined ? { staticDir: opts.staticDir } : {}),
      enableTimers: opts.enableTimers ?? false,
      ...(opts.enableQueues !== undefined ? { enableQueues: opts.enableQueues } : {}),
      log,
    });
  } catch (error) {
    restoreEnv();
    throw error;
  }
  return {
    host,
    url: host.url,
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
