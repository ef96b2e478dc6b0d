import { startAzurite, type Azurite } from './azurite';

export type TestStorage = Azurite;

let shared: Promise<Azurite> | undefined;

/**
 * For tests: an in-memory Azurite on free ports, shared by every test in this file (vitest runs each test
 * file in its own process). Azurite binds port 0 itself and reports the ports, so parallel test
 * files never race for a port. Its `stop()` ends it; it is also killed when the process exits.
 */
export function startTestStorage(): Promise<TestStorage> {
  shared ??= startAzurite({ inMemory: true, ports: { blob: 0, queue: 0, table: 0 } }).then((azurite) => ({
    ...azurite,
    stop: async () => {
      shared = undefined;
      await azurite.stop();
    },
  }));
  return shared;
}
