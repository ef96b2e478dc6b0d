// The package's public entry: what the app's tests, npm start's main, the benchmarks and scripts use.
// Everything else in src/ is the host's own.
export { startLocalHost, AppLoadError, FunctionNotFoundError, NotRunnableError, type LocalHost, type LocalHostOptions } from './host';
export type { RegisteredFunction } from './functionsCore';
export { triggerOf, type LogSink } from './invocation';
export type { CorsPolicy } from './cors';
export { azuriteConnectionString, startAzurite, type Azurite, type AzuritePorts, type StartAzuriteOptions } from './azurite';
export { resolveStaticFile, serveStaticFile, staticHeadersFor } from './staticFiles';
export { AZURE_NODE_MAJOR } from './nodeVersionNotice';
