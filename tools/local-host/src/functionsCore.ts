import Module from 'node:module';

/**
 * A stand-in for the module `@azure/functions-core`, which the Azure Functions Node.js worker
 * provides to `@azure/functions` at run time. The library requires it lazily on the first
 * `app.*` call and hands it every registration and hook; this stand-in records them. The record
 * below is the one list of the app's functions: the host reads it, it never keeps another.
 *
 * Module caching makes this process-wide: once an entry point has been loaded, its
 * `app.http(...)` calls have run and will not run again. So a process hosts one app.
 */

export const CORE_MODULE_NAME = '@azure/functions-core';

export interface BindingInfo {
  type: string;
  direction: 'in' | 'out' | 'inout';
  [property: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  bindings: Record<string, BindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: Record<string, unknown>) => unknown;
export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';

export interface RegisteredFunction {
  readonly name: string;
  readonly metadata: FunctionMetadata;
  readonly handler: FunctionCallback;
}

interface Disposable {
  dispose(): void;
}

/** Where the library's own system logs (`coreApi.log`) go; set by the running host. */
export type SystemLogSink = (level: string, category: string, message: string) => void;

interface CapturedApp {
  programmingModel: unknown;
  readonly functions: RegisteredFunction[];
  readonly hooks: Map<HookName, HookCallback[]>;
  systemLog: SystemLogSink;
}

const captured: CapturedApp = {
  programmingModel: undefined,
  functions: [],
  hooks: new Map(),
  systemLog: (level, _category, message) => {
    (level === 'error' || level === 'warning' ? process.stderr : process.stdout).write(`${message}\n`);
  },
};

function disposable(dispose: () => void): Disposable {
  return { dispose };
}

const hookNames: readonly string[] = ['appStart', 'appTerminate', 'preInvocation', 'postInvocation', 'log'];

const coreApi = {
  version: '3.10.1-local',
  hostVersion: '4.0.0-local',
  setProgrammingModel(model: unknown): void {
    captured.programmingModel = model;
  },
  getProgrammingModel(): unknown {
    return captured.programmingModel;
  },
  registerHook(hookName: string, callback: HookCallback): Disposable {
    if (!hookNames.includes(hookName)) {
      // The worker answers an unknown hook with a RangeError; the library relies on that.
      const error = new RangeError(`Unrecognized hook "${hookName}"`) as RangeError & { isAzureFunctionsSystemError: boolean };
      error.isAzureFunctionsSystemError = true;
      throw error;
    }
    const name = hookName as HookName;
    const callbacks = captured.hooks.get(name) ?? [];
    callbacks.push(callback);
    captured.hooks.set(name, callbacks);
    return disposable(() => {
      const list = captured.hooks.get(name);
      const index = list?.indexOf(callback) ?? -1;
      if (list && index >= 0) list.splice(index, 1);
    });
  },
  registerFunction(metadata: FunctionMetadata, handler: FunctionCallback): Disposable {
    const name = metadata.name;
    if (captured.functions.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`A function with name "${name}" already exists.`);
    }
    const registration: RegisteredFunction = Object.freeze({ name, metadata, handler });
    captured.functions.push(registration);
    return disposable(() => {
      const index = captured.functions.indexOf(registration);
      if (index >= 0) captured.functions.splice(index, 1);
    });
  },
  log(level: string, category: string, message: string): void {
    captured.systemLog(level, category, message);
  },
};

type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: ModuleLoad;
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
}

let installed = false;

/**
 * Answers `require('@azure/functions-core')` with the stand-in from now on. Idempotent; must run
 * before the app (or anything else) first calls `app.http`, `app.storageQueue`, ... because the
 * library caches the answer, and without the module it switches to "test mode" for good.
 */
export function installFunctionsCore(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as ModuleInternals;
  const originalLoad = internals._load;
  internals._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    if (request === CORE_MODULE_NAME) return coreApi;
    return originalLoad.call(this, request, parent, isMain);
  };
  const originalResolve = internals._resolveFilename;
  internals._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    // require.resolve('@azure/functions-core') must not fail: the module "exists" in a Functions worker.
    if (request === CORE_MODULE_NAME) return CORE_MODULE_NAME;
    return originalResolve.call(this, request, ...rest);
  };
}

/** The functions the app has registered so far (the live list, not a copy). */
export function registeredFunctions(): readonly RegisteredFunction[] {
  return captured.functions;
}

/** The hooks the app has registered for one hook type, in registration order. */
export function registeredHooks(name: HookName): readonly HookCallback[] {
  return captured.hooks.get(name) ?? [];
}

export function setSystemLogSink(sink: SystemLogSink): void {
  captured.systemLog = sink;
}

/** Whether the app has called `setProgrammingModel`, i.e. `@azure/functions` found the stand-in. */
export function hasProgrammingModel(): boolean {
  return captured.programmingModel !== undefined;
}

/**
 * The programming model `@azure/functions` handed over with `setProgrammingModel`: the worker
 * invokes every function through its `getInvocationModel(coreContext)`, and so does the local host.
 */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: unknown): InvocationModel | Promise<InvocationModel>;
  getCapabilities(workerCapabilities: Record<string, string>): Promise<Record<string, string>> | Record<string, string>;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: FunctionCallback): Promise<unknown>;
  getResponse(
    context: unknown,
    result: unknown,
  ): Promise<{ invocationId?: string; outputData?: Array<{ name?: string; data?: unknown }>; returnValue?: unknown }>;
}

export function programmingModel(): ProgrammingModel | undefined {
  return captured.programmingModel as ProgrammingModel | undefined;
}
