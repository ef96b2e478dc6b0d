import { startHostForTests, type HostForTests, type HostForTestsOptions } from '../../src/hostForTests';

export interface TestHostOptions extends Pick<HostForTestsOptions, 'env' | 'staticDir' | 'enableTimers' | 'enableQueues'> {
  /** The fixture app's folder (its package.json and host.json). */
  appRoot: string;
}

/** The host, its storage and logs, `fetch` against it and `stop()`, which restores the environment. */
export type TestHost = HostForTests;

/**
 * Starts a fixture app's TypeScript entry points (`src/functions/*.ts`, through vitest's transform)
 * on a free port against the file's shared in-memory Azurite. Timers are off unless a test asks
 * for them; `DEBUG_HOST=1` prints the host's lines.
 */
export function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  return startHostForTests({ ...opts, entryPoints: ['src/functions/*.ts'] });
}
