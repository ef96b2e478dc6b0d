// The app as the tests' entry (test/support/testEntry.ts) registers it: the production registration
// (src/registerApp.ts) over services a test can build again, through the production builder
// (createServices), with a clock, an environment or sinks of its choosing.
//
// The host loads the entry through vitest's transform in this same process, so the entry and the
// test file share this module: what useServices builds is what the registered functions run on.
// A test file imports this module, never the entry (registering before the host has started would
// register nothing).

import { createServices, type AppServices, type AppState, type ServiceOverrides } from '../../src/composition';
import { readSettings, SettingError, withLocalOperatorKey } from '../../src/settings';

/** The entry point that registers the app over these services: pass it to startTestHost's entryPoints. */
export const TEST_ENTRY = 'test/support/testEntry.ts';

export interface TestServiceOverrides extends ServiceOverrides {
  /** Default: process.env as it is when the services are built. */
  env?: Record<string, string | undefined>;
}

// Built on first use (the host's start), not at import: the host sets the environment first.
let state: AppState | undefined;

/** What the functions of the test entry run on now. */
export function testAppState(): AppState {
  state ??= build({});
  return state;
}

/** Builds the app's services again, with these overrides (none: as the entry builds them); the functions run on them from now on. */
export function useServices(overrides: TestServiceOverrides = {}): AppServices {
  state = build(overrides);
  if ('refusal' in state) throw state.refusal;
  return state.services;
}

function build({ env = process.env, ...overrides }: TestServiceOverrides): AppState {
  try {
    return { services: createServices(withLocalOperatorKey(readSettings(env), env), overrides) };
  } catch (error) {
    if (error instanceof SettingError) return { refusal: error };
    throw error;
  }
}
