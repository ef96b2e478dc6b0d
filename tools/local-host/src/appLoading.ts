import path from 'node:path';
import { loadEntryPoint } from './entryPoints';
import { hasProgrammingModel, installFunctionsCore, programmingModel, registeredFunctions, setSystemLogSink, type RegisteredFunction } from './functionsCore';
import type { LogSink } from './invocation';

/** An error thrown while loading the app's entry points (for example a settings validation error). */
export class AppLoadError extends Error {
  constructor(
    readonly entryPoint: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'AppLoadError';
  }
}

/** The app as the host knows it once its entry points have run. */
export interface LoadedApp {
  /** Its registrations as `@azure/functions` made them (the live list). */
  readonly functions: readonly RegisteredFunction[];
  /**
   * The app settings as the Functions host sees them: the environment before the app's code ran
   * (app settings in Azure; local.settings.json `Values` and the shell under npm start). The host
   * process resolves `%NAME%` in bindings itself, so a default the app writes into its own
   * `process.env` never reaches it.
   */
  readonly appSettings: Record<string, string | undefined>;
}

let loadedApp: { root: string; entryPoints: string[] } | undefined;
/** What the app wrote into process.env while its entry points first loaded: no app setting, so the host never sees it. */
let appEnvWrites: Map<string, string | undefined> | undefined;

function hostAppSettings(before: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = { ...before };
  for (const [name, written] of appEnvWrites ?? []) {
    if (settings[name] === written) delete settings[name];
  }
  return settings;
}

function envChanges(before: NodeJS.ProcessEnv, after: NodeJS.ProcessEnv): Map<string, string | undefined> {
  const changes = new Map<string, string | undefined>();
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) changes.set(name, after[name]);
  }
  return changes;
}

async function loadEntryPoints(appRoot: string, entryPoints: string[]): Promise<void> {
  if (loadedApp && loadedApp.root !== appRoot) {
    throw new Error(`This process already hosts the app in ${loadedApp.root}; a process can host one app (modules are cached)`);
  }
  installFunctionsCore();
  for (const file of entryPoints) {
    if (loadedApp?.entryPoints.includes(file)) continue;
    try {
      await loadEntryPoint(file);
    } catch (error) {
      throw new AppLoadError(path.relative(appRoot, file), error);
    }
    loadedApp = { root: appRoot, entryPoints: [...(loadedApp?.entryPoints ?? []), file] };
  }
  loadedApp ??= { root: appRoot, entryPoints: [] };
}

/**
 * Runs the app's entry points with the stand-in for `@azure/functions-core` in place, which
 * records what they register. A process hosts one app: each entry point runs once (module cache),
 * and a later load for the same app reuses the registrations.
 */
export async function loadApp(appRoot: string, entryPoints: string[], log: LogSink): Promise<LoadedApp> {
  setSystemLogSink((level, _category, message) =>
    log(`${new Date().toISOString()} [host] ${level}: ${message}`, level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'info'),
  );
  const envBefore = { ...process.env };
  const firstLoad = loadedApp === undefined;
  await loadEntryPoints(appRoot, entryPoints);
  if (firstLoad) appEnvWrites = envChanges(envBefore, process.env);
  return { functions: registeredFunctions(), appSettings: hostAppSettings(envBefore) };
}

/**
 * What the worker does once the app has loaded: says when nothing registered, and asks the
 * programming model for its capabilities. The library locks app.setup() then and, with HTTP
 * streaming on, would wait for a proxy the local host does not run, so such an app is refused.
 */
export async function checkProgrammingModel(app: LoadedApp, log: LogSink): Promise<void> {
  if (app.functions.length === 0 && !hasProgrammingModel()) {
    log(`${new Date().toISOString()} [host] warning: the app registered no functions (did it load @azure/functions before the host started?)`, 'warn');
  }
  const capabilities = await programmingModel()?.getCapabilities({});
  if (capabilities?.HttpUri) throw new Error('The app enables HTTP streaming (app.setup({ enableHttpStream: true })), which the local host does not support');
}
