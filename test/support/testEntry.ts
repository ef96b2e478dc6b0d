// The tests' entry point: the production registration over the services test/support/app.ts holds,
// which a test can build again (useServices). Loaded by the local host, never imported by a test.

import { registerApp } from '../../src/registerApp';
import { testAppState } from './app';

registerApp(testAppState);
