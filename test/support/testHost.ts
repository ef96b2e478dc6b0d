import { startHostForTests, type HostForTests, type HostForTestsOptions } from '@security-event-intake/local-host/testing';

export interface TestHostOptions extends Pick<HostForTestsOptions, 'staticDir' | 'staticHeaders' | 'enableTimers' | 'enableQueues' | 'verbose' | 'cors'> {
  /**
   * App settings for this host, over this app's test defaults (SUBMISSION_LIMIT_PER_CLIENT_MINUTE and
   * EMAIL_HOURLY_LIMIT_PER_RECIPIENT); set before the app loads, restored by stop().
   */
  env?: Record<string, string>;
  /**
   * Entry points relative to appRoot. Default: this app's own entry, `src/index.ts` (its TypeScript
   * source); a test that builds the services again (useServices) passes TEST_ENTRY (test/support/app.ts).
   * With another appRoot (the local host's fixture apps), their TypeScript sources, `src/functions/*.ts`.
   */
  entryPoints?: string[];
  /** Default: the repository root (vitest's working directory). */
  appRoot?: string;
}

export interface TestHost extends HostForTests {
  /** Runs a queue or timer function now, as the admin endpoint does. */
  runFunction(name: string, input?: string): Promise<void>;
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
  const { appRoot, entryPoints, env, ...hostOptions } = opts;
  const started = await startHostForTests({
    ...hostOptions,
    appRoot: appRoot ?? process.cwd(),
    entryPoints: entryPoints ?? (appRoot === undefined ? ['src/index.ts'] : ['src/functions/*.ts']),
    env: {
      // Every test submits from 127.0.0.1, some files hundreds of times a minute: the limit's highest
      // setting keeps its path in every integration test without any of them reaching it.
      SUBMISSION_LIMIT_PER_CLIENT_MINUTE: '1000',
      // The builders' reporter is always the same address: tests of other things must not meet the
      // per-recipient limit (its own test sets a small one).
      EMAIL_HOURLY_LIMIT_PER_RECIPIENT: '100',
      ...env,
    },
    log: (line, level, functionName) => {
      for (const listener of hostLogListeners) listener(line, level, functionName);
    },
  });
  return { ...started, runFunction: (name, input) => started.host.runFunction(name, input) };
}
