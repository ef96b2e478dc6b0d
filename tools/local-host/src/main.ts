/**
 * The package's command, `local-functions-host` (bin/, which `npm start` runs): runs the app in the current directory (or `--app <dir>`) like `func start`,
 * without Azure Functions Core Tools: embedded Azurite when AzureWebJobsStorage is
 * `UseDevelopmentStorage=true` (the default), the app's functions, and web/dist at /.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { standardPorts, startAzurite, type Azurite, type AzuritePorts } from './azurite';
import { AppLoadError, startLocalHost, type CorsPolicy, type LocalHost } from './host';
import { triggerOf } from './invocation';
import { readHostConfig } from './hostConfig';
import { nodeVersionNotice } from './nodeVersionNotice';

interface CliOptions {
  appRoot: string;
  /** Where the embedded Azurite keeps its data; default <app>/.data/azurite. */
  azuriteData?: string;
  azuritePorts: AzuritePorts;
}

const usage = [
  'Usage: local-functions-host [--app <dir>] [--azurite-data <dir>] [--azurite-ports <blob>,<queue>,<table>]',
  '  --azurite-data   where the embedded Azurite keeps its data (default <app>/.data/azurite)',
  '  --azurite-ports  its ports (default 10000,10001,10002; 0 lets it pick a free one)',
  'Settings: local.settings.json Values, PORT (default 7071), AzureWebJobsStorage (default UseDevelopmentStorage=true).',
  '',
].join('\n');

function parseAzuritePorts(value: string): AzuritePorts {
  const ports = value.split(',').map((port) => parsePort(port, '--azurite-ports'));
  if (ports.length !== 3) throw new Error(`--azurite-ports needs three ports (blob,queue,table), got "${value}"`);
  const [blob, queue, table] = ports as [number, number, number];
  return { blob, queue, table };
}

function parseArgs(argv: readonly string[]): CliOptions {
  let appRoot = process.cwd();
  let azuriteData: string | undefined;
  let azuritePorts = standardPorts;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (!next) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--app') {
      appRoot = path.resolve(value());
    } else if (arg === '--azurite-data') {
      azuriteData = path.resolve(value());
    } else if (arg === '--azurite-ports') {
      azuritePorts = parseAzuritePorts(value());
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage);
      process.exit(0);
    } else {
      throw new Error(`Unknown argument "${arg}"`);
    }
  }
  return { appRoot, ...(azuriteData !== undefined ? { azuriteData } : {}), azuritePorts };
}

interface LocalSettings {
  localHttpPort?: number;
  cors?: CorsPolicy;
  /** Keys the local host does not honour, named at start. */
  notHonoured: string[];
}

/**
 * Applies local.settings.json as `func start` does: `Values` become environment variables
 * (settings already in the environment win), `Host.LocalHttpPort` the port, `Host.CORS` (origins
 * separated by commas) and `Host.CORSCredentials` the CORS policy. Anything else is named.
 */
function applyLocalSettings(appRoot: string): LocalSettings {
  let file = path.join(appRoot, 'local.settings.json');
  if (!existsSync(file)) {
    // A fresh clone has no local.settings.json (it is the developer's own, never committed); its
    // sample holds the local defaults, so `npm start` works before anyone copies it.
    const sample = path.join(appRoot, 'local.settings.sample.json');
    if (!existsSync(sample)) return { notHonoured: [] };
    process.stdout.write(`No local.settings.json: using the values of local.settings.sample.json (copy it to change them)\n`);
    file = sample;
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path.basename(file)} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const notHonoured: string[] = [];
  for (const key of Object.keys(json)) {
    if (key === 'Values' || key === 'Host') continue;
    // IsEncrypted: false says what the local host assumes anyway.
    if (key === 'IsEncrypted' && json.IsEncrypted === false) continue;
    notHonoured.push(key === 'IsEncrypted' ? 'IsEncrypted (the Values are used as they are, never decrypted)' : key);
  }
  const values = (json.Values ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(values)) {
    if (process.env[name] === undefined && value !== null && value !== undefined) process.env[name] = String(value);
  }
  const host = (json.Host ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(host)) {
    if (!['LocalHttpPort', 'CORS', 'CORSCredentials'].includes(key)) notHonoured.push(`Host.${key}`);
  }
  const cors =
    typeof host.CORS === 'string' && host.CORS.trim() !== '' ? { origins: host.CORS.split(','), credentials: host.CORSCredentials === true } : undefined;
  return { ...(typeof host.LocalHttpPort === 'number' ? { localHttpPort: host.LocalHttpPort } : {}), ...(cors ? { cors } : {}), notHonoured };
}

function parsePort(value: string, name = 'PORT'): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a TCP port number, got "${value}"`);
  return port;
}

/** Where storage is, without the account key. */
function describeStorage(connectionString: string, azurite: Azurite | undefined, azuriteData: string): string {
  if (azurite) {
    const ports = `${azurite.ports.blob},${azurite.ports.queue},${azurite.ports.table}`;
    const relative = path.relative(process.cwd(), azuriteData);
    const data = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? azuriteData : relative;
    return azurite.started ? `Azurite on ${azurite.host}:${ports}, data in ${data}` : `Azurite already running on ${azurite.host}:${ports}`;
  }
  const endpoint = /(?:QueueEndpoint|TableEndpoint|BlobEndpoint)=([^;]+)/i.exec(connectionString)?.[1];
  const account = /AccountName=([^;]+)/i.exec(connectionString)?.[1];
  return endpoint ? `storage at ${endpoint}` : account ? `storage account ${account}` : 'the configured storage';
}

function describeFunctions(host: LocalHost, routePrefix: string): string[] {
  return host.functions.map((fn) => {
    const trigger = triggerOf(fn);
    if (trigger.type === 'httpTrigger') {
      const methods = Array.isArray(trigger.methods) ? trigger.methods.join(',') : 'GET,POST';
      const route = [routePrefix, typeof trigger.route === 'string' ? trigger.route : fn.name].filter(Boolean).join('/');
      return `  ${fn.name}: [${methods}] ${host.url}/${route}`;
    }
    if (trigger.type === 'queueTrigger') return `  ${fn.name}: queue ${String(trigger.queueName)}`;
    if (trigger.type === 'timerTrigger') {
      const schedule = String(trigger.schedule);
      const resolved = schedule.replace(/%([^%]+)%/g, (match, name: string) => process.env[name] ?? match);
      return `  ${fn.name}: timer ${resolved}${resolved === schedule ? '' : ` (${schedule})`} UTC`;
    }
    return `  ${fn.name}: ${trigger.type} (not run by the local host)`;
  });
}

/** A line the app wrote to stderr while it started that the Functions host would record at Error. */
class StartupError extends Error {
  constructor(line: string) {
    let message = line;
    try {
      const parsed = JSON.parse(line) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message; // the app's structured log line
    } catch {
      // a plain line: as it is
    }
    super(message);
    this.name = 'StartupError';
  }
}

// The Functions host records a worker's stderr line at Warning when it contains "warn", else at Error
// when it contains "error", "fail", "severe" or "unhandled exception" (WorkerProcess.ParseErrorMessageAndLog).
const isErrorLine = (line: string): boolean => !/warn/i.test(line) && /error|fail|severe|unhandled exception/i.test(line);

/**
 * Holds back what is written to stderr while the app starts. An app that logs an error as it starts
 * (a setting with an invalid value, say) goes on in Azure, answering 503 and failing its runs, with
 * that error at the top of its log; npm start stops instead, with that one line and no banner, so that
 * it cannot be missed (README, "Configuration": an invalid setting stops start-up with one clear line naming it).
 */
function holdStderr(holdMs = 10_000): { errorLines(): string[]; release(withheld?: string): void; discard(): void } {
  const write = process.stderr.write.bind(process.stderr);
  let seen = '';
  let held = '';
  let passing = false;
  const flush = (text: string): void => {
    if (text.trim() !== '') write(text.endsWith('\n') ? text : `${text}\n`);
  };
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    seen += text;
    if (passing) return write(text);
    held += text;
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  }) as typeof process.stderr.write;
  // A start that takes long (storage not answering, say) must not keep its warnings to itself.
  const passThrough = setTimeout(() => {
    passing = true;
    flush(held);
    held = '';
  }, holdMs);
  passThrough.unref();
  return {
    errorLines: () => seen.split('\n').filter(isErrorLine),
    /** Writes what is still held, but for `withheld` (printed differently), and lets stderr through again. */
    release: (withheld) => {
      clearTimeout(passThrough);
      process.stderr.write = write;
      flush(
        held
          .split('\n')
          .filter((line) => line !== withheld)
          .join('\n'),
      );
    },
    /** Lets stderr through again and drops what it held: a start that failed says so in its one line. */
    discard: () => {
      clearTimeout(passThrough);
      process.stderr.write = write;
    },
  };
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const { localHttpPort, cors, notHonoured } = applyLocalSettings(cli.appRoot);
  const port = process.env.PORT !== undefined && process.env.PORT !== '' ? parsePort(process.env.PORT) : (localHttpPort ?? 7071);

  let storage = process.env.AzureWebJobsStorage?.trim() || 'UseDevelopmentStorage=true';
  let azurite: Azurite | undefined;
  const azuriteData = cli.azuriteData ?? path.join(cli.appRoot, '.data', 'azurite');
  if (/^UseDevelopmentStorage=true;?$/i.test(storage)) {
    azurite = await startAzurite({
      location: azuriteData,
      ports: cli.azuritePorts,
      // After start-up Azurite prints only its stop messages and errors.
      onOutput: (line) => process.stdout.write(`${new Date().toISOString()} [azurite] ${line}\n`),
    });
    storage = azurite.connectionString;
  }
  // The app (and its SDK clients) see the explicit connection string, never the shorthand.
  process.env.AzureWebJobsStorage = storage;

  const staticDir = path.join(cli.appRoot, 'web', 'dist');
  let host: LocalHost;
  const startOutput = holdStderr();
  try {
    host = await startLocalHost({
      appRoot: cli.appRoot,
      port,
      storageConnectionString: storage,
      ...(existsSync(staticDir) ? { staticDir } : {}),
      ...(cors ? { cors } : {}),
    });
  } catch (error) {
    startOutput.release();
    await azurite?.stop();
    throw error;
  }
  const startupError = startOutput.errorLines()[0];
  if (startupError === undefined) startOutput.release();
  else startOutput.discard();
  if (startupError !== undefined) {
    await host.stop();
    await azurite?.stop();
    throw new StartupError(startupError);
  }

  // The first SIGINT or SIGTERM drains the work in flight; a second one stops waiting for it. Either
  // way Azurite then gets its one request to stop, and the host exits only once Azurite has saved the
  // writes it still holds in memory and exited: whatever was answered 201 is on disk.
  let signals = 0;
  let stopWaitingForWork: () => void = () => undefined;
  const workGivenUp = new Promise<void>((resolve) => (stopWaitingForWork = resolve));
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals === 2) {
      process.stderr.write(
        `${signal} again: no longer waiting for work in flight${azurite?.started ? '; Azurite still saves its data before the host exits' : ''}\n`,
      );
      stopWaitingForWork();
    }
    if (signals > 1) return;
    process.stdout.write(`${signal}: finishing work in flight (${signal} again to stop waiting)\n`);
    void (async () => {
      let code = 0;
      try {
        const drained = await Promise.race([host.stop().then(() => true), workGivenUp.then(() => false)]);
        if (!drained) code = 130;
      } catch (error) {
        process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
        code = 1;
      }
      try {
        await azurite?.stop();
      } catch (error) {
        process.stderr.write(`Error while stopping Azurite: ${(error as Error).message}\n`);
        code = 1;
      }
      process.exit(code);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  // The banner only once the handlers are in place: whoever reads it may signal at once, and a signal before them
  // would end the process by default, with no drain and no Azurite save.
  if (notHonoured.length > 0) {
    process.stderr.write(
      `${new Date().toISOString()} [host] warning: local.settings.json settings the local host does not carry out: ${notHonoured.join(', ')}\n`,
    );
  }
  const routePrefix = readHostConfig(cli.appRoot).routePrefix;
  // npm start runs on whatever Node.js is installed (20 still works); one line says when that is not what Azure runs.
  const runtimeNotice = nodeVersionNotice(process.versions.node);
  process.stdout.write(
    [
      '',
      `Functions host running at ${host.url}`,
      ...(runtimeNotice ? [runtimeNotice] : []),
      `  Storage: ${describeStorage(storage, azurite, azuriteData)}`,
      existsSync(staticDir) ? `  Web: ${path.relative(cli.appRoot, staticDir)} at ${host.url}/` : '  Web: (web/dist not built)',
      ...(cors ? [`  CORS: ${cors.origins.join(', ')}${cors.credentials ? ' (with credentials)' : ''}`] : []),
      'Functions:',
      ...describeFunctions(host, routePrefix),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n') + '\n',
  );
}

// The Node worker ends its process on an uncaught exception, and Node turns an unhandled rejection
// into one (azure-functions-nodejs-worker src/Worker.ts: "Worker uncaught exception ...", then
// process.exit(1)); the host then restarts the worker, and every invocation in flight on it fails.
// The local host cannot restart its own process (modules are cached, the app's registrations run
// once per process), so it logs the line the worker logs and exits 1: the crash shows at once
// instead of being forgiven. The embedded Azurite sees its stdin close and saves before it stops.
function workerUncaughtException(error: unknown): never {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `${new Date().toISOString()} [host] error: Worker uncaught exception (learn more: https://go.microsoft.com/fwlink/?linkid=2097909 ): ${detail}\n` +
      `${new Date().toISOString()} [host] error: In Azure the worker process exits here and the host restarts it, failing every invocation in flight; the local host exits 1.\n`,
  );
  process.exit(1);
}
process.on('uncaughtException', workerUncaughtException);
process.on('unhandledRejection', (reason) => workerUncaughtException(reason));

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof AppLoadError ? `The app failed to load (${error.entryPoint})` : 'Cannot start';
  process.stderr.write(`${prefix}: ${message}\n`);
  if (process.env.DEBUG)
    process.stderr.write(`${error instanceof AppLoadError && error.cause instanceof Error ? error.cause.stack : (error as Error).stack}\n`);
  process.exit(1);
});
