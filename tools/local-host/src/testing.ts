// The package's entry for tests (`@security-event-intake/local-host/testing`): the shared in-memory
// Azurite a test file's hosts use, a host started on it for a test, and npm start's command run as a child process.
export { startTestStorage, type TestStorage } from './testStorage';
export { startHostForTests, type HostForTests, type HostForTestsOptions } from './hostForTests';
export { hostBin, requireBuiltHost, startMainProcess, waitForOutput, type MainProcess, type MainProcessOptions } from './mainProcess';
// An app's registrations without hosting it: the stand-in for `@azure/functions-core` and what it recorded.
export { installFunctionsCore, registeredFunctions, registeredHooks } from './functionsCore';
