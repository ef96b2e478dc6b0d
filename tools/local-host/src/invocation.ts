import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { programmingModel, registeredHooks, type BindingInfo, type FunctionCallback, type RegisteredFunction } from './functionsCore';
import { formatTimeSpan, type LogFilter, type LogLevelName } from './hostConfig';

export type LogLevel = LogLevelName;

/**
 * One line of host output. `level` lets a sink send warnings and errors to stderr; `functionName` is
 * set for a line an invocation wrote with `context.log/info/warn/error`, and says whose.
 */
export type LogSink = (line: string, level: 'info' | 'warn' | 'error', functionName?: string) => void;

export const defaultLogSink: LogSink = (line, level) => {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
};

export function sinkLevel(level: string): 'info' | 'warn' | 'error' {
  if (level === 'error' || level === 'critical') return 'error';
  if (level === 'warning') return 'warn';
  return 'info';
}

/**
 * Typed data as the host sends it to the worker over gRPC (FunctionRpc.proto `TypedData`), the
 * cases this host uses. The library decodes it itself (`fromRpcTypedData`): a string that is JSON
 * arrives parsed, `json` always does.
 */
export type TypedData =
  { string: string } | { json: string } | { bytes: Uint8Array } | { http: Record<string, unknown> } | { int: number } | { double: number };

/** What the invocation's binding data carries, as the host sends it: the trigger's value and its metadata. */
export interface TriggerData {
  data: TypedData;
  triggerMetadata?: Record<string, TypedData>;
}

/** The worker's answer to one invocation (FunctionRpc.proto `InvocationResponse`), on success. */
export interface InvocationResponse {
  outputData: Array<{ name: string; data: TypedData }>;
  returnValue?: TypedData | null;
}

// A registration does not change once made; its trigger is looked up on every invocation.
const triggers = new WeakMap<RegisteredFunction, Readonly<BindingInfo & { name: string }>>();

/** The trigger binding of a registration (the one `in` binding whose type ends in "Trigger"). */
export function triggerOf(fn: RegisteredFunction): Readonly<BindingInfo & { name: string }> {
  const known = triggers.get(fn);
  if (known) return known;
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'in' && /trigger$/i.test(binding.type)) {
      const trigger = Object.freeze({ ...binding, name });
      triggers.set(fn, trigger);
      return trigger;
    }
  }
  throw new Error(`Function "${fn.name}" has no trigger binding`);
}

/** The invocation ran past host.json `functionTimeout` (azure-webjobs-sdk FunctionExecutor's FunctionTimeoutException). */
export class FunctionTimeoutError extends Error {
  constructor(functionName: string, timeoutMs: number) {
    super(`Timeout value of ${formatTimeSpan(timeoutMs)} was exceeded by function: ${functionName}`);
    this.name = 'FunctionTimeoutException';
  }
}

export interface InvocationOptions {
  log: LogSink;
  /** host.json `logging.logLevel`. */
  logFilter: LogFilter;
  /** Shared by all invocation hooks of the app (the worker's `appHookData`). */
  appHookData: Record<string, unknown>;
  /** host.json functionTimeout; null: unbounded. */
  functionTimeoutMs: number | null;
  /**
   * A faster conversion of the handler's result for this function, or undefined to use the
   * library's own `getResponse` (the HTTP fast path: same bytes, without a fetch Response).
   */
  fastResponse?: (result: unknown) => InvocationResponse | undefined;
}

/** Formats a log line as the host does: time, function, level, message. */
export function formatFunctionLog(functionName: string, level: string, message: string): string {
  return `${new Date().toISOString()} [${functionName}] ${level}: ${message}`;
}

/**
 * A line the app wrote with `context.log/info/warn/error`: formatted as formatFunctionLog does, except
 * that a message that is one JSON object (a structured log line) is printed as it is, whole on its
 * line, so that a reader, `jq` or a search for an alert's name meets the very text Application
 * Insights stores as the trace's message.
 */
export function formatUserLog(functionName: string, level: string, message: string): string {
  return isJsonObjectLine(message) ? message : formatFunctionLog(functionName, level, message);
}

function isJsonObjectLine(message: string): boolean {
  if (!message.startsWith('{') || !message.endsWith('}') || /[\r\n]/.test(message)) return false;
  try {
    const value: unknown = JSON.parse(message);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Writes a host line of a category, if host.json `logging.logLevel` lets it through. */
export function logAs(opts: { log: LogSink; logFilter: LogFilter }, category: string, functionName: string, level: LogLevel, message: string): void {
  if (level === 'none' || !opts.logFilter(category, level)) return;
  opts.log(formatUserLog(functionName, level, message), sinkLevel(level), functionName);
}

function readOnly(name: string): never {
  throw new Error(`Cannot assign "${name}" because it is read-only.`);
}

type HookFields = {
  readonly hookData: Record<string, unknown>;
  readonly appHookData: Record<string, unknown>;
  readonly invocationContext: unknown;
};

/** What every invocation hook context carries: read as given, throwing on assignment, as the worker's hook contexts do (accessors in an object literal, as there). */
function hookFields(hookData: Record<string, unknown>, appHookData: Record<string, unknown>, invocationContext: unknown): HookFields {
  return {
    get hookData() {
      return hookData;
    },
    set hookData(_value) {
      readOnly('hookData');
    },
    get appHookData() {
      return appHookData;
    },
    set appHookData(_value) {
      readOnly('appHookData');
    },
    get invocationContext() {
      return invocationContext;
    },
    set invocationContext(_value) {
      readOnly('invocationContext');
    },
  };
}

/**
 * Invokes a registered function as the Node.js worker does (azure-functions-nodejs-worker
 * src/eventHandlers/InvocationHandler.ts): asks the app's own programming model (what
 * `@azure/functions` handed to `setProgrammingModel`) for an invocation model over a request shaped
 * as the host's `InvocationRequest`, takes the context and inputs from it (`getArguments`), runs
 * the `preInvocation` hooks (an error there ends the invocation), the handler
 * (`invokeFunction`), the `postInvocation` hooks, and converts the result (`getResponse`, where an
 * HTTP result that is not an object fails). Resolves with the response, rejects with the error.
 *
 * Like the host (azure-webjobs-sdk FunctionExecutor.OnFunctionTimeout), an invocation still
 * running at host.json `functionTimeout` fails with a timeout error; its handler cannot be
 * stopped and runs on, its later log lines dropped.
 */
export async function invokeFunction(fn: RegisteredFunction, trigger: TriggerData, opts: InvocationOptions): Promise<InvocationResponse> {
  const model = programmingModel();
  if (!model) throw new Error(`Function "${fn.name}" cannot run: @azure/functions never called setProgrammingModel`);
  const invocationId = randomUUID();
  const userCategory = `Function.${fn.name}.User`;
  let invocationContext: unknown;
  // The host drops a worker's log lines for an invocation it no longer runs (GrpcWorkerChannel.Log, "IgnoringRpcLog").
  let finished = false;
  const coreContext = {
    invocationId,
    request: {
      invocationId,
      functionId: fn.name,
      inputData: [{ name: triggerOf(fn).name, data: trigger.data }],
      triggerMetadata: trigger.triggerMetadata ?? {},
    },
    metadata: fn.metadata,
    state: undefined as string | undefined,
    log(level: LogLevel, category: string, message: string): void {
      if (finished) return;
      if (category === 'user') {
        for (const hook of registeredHooks('log')) {
          try {
            void hook({ hookData: {}, level, message, category, invocationContext });
          } catch {
            // A failing log hook must not break the invocation.
          }
        }
      }
      logAs(opts, userCategory, fn.name, level, message);
    },
  };

  const run = async (): Promise<InvocationResponse> => {
    const invocation = await model.getInvocationModel(coreContext);
    const args = await invocation.getArguments();
    const { context } = args;
    invocationContext = context;
    const hookData: Record<string, unknown> = {};
    // What every hook context carries, read-only as the worker makes it (the same in pre and post).
    const pre = Object.assign(hookFields(hookData, opts.appHookData, context), {
      functionCallback: fn.handler as FunctionCallback,
      inputs: args.inputs,
    });
    coreContext.state = 'preInvocationHooks';
    try {
      for (const hook of registeredHooks('preInvocation')) await hook(pre);
    } finally {
      coreContext.state = undefined;
    }
    const post = Object.assign(hookFields(hookData, opts.appHookData, context), {
      inputs: pre.inputs,
      result: null as unknown,
      error: null as unknown,
    });
    coreContext.state = 'invocation';
    try {
      post.result = await invocation.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (error) {
      post.error = error;
    } finally {
      coreContext.state = undefined;
    }
    coreContext.state = 'postInvocationHooks';
    try {
      for (const hook of registeredHooks('postInvocation')) await hook(post);
    } finally {
      coreContext.state = undefined;
    }
    if (post.error !== null && post.error !== undefined) throw post.error;
    const fast = opts.fastResponse?.(post.result);
    if (fast) return fast;
    const response = await invocation.getResponse(context, post.result);
    return {
      outputData: (response.outputData ?? []).filter(
        (o): o is { name: string; data: TypedData } => typeof o.name === 'string' && o.data !== undefined && o.data !== null,
      ),
      returnValue: (response.returnValue ?? null) as TypedData | null,
    };
  };

  const timeoutMs = opts.functionTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    if (timeoutMs === null) return await run();
    const running = run();
    return await Promise.race([
      running,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          logAs(
            opts,
            `Function.${fn.name}`,
            fn.name,
            'error',
            `Timeout value of ${formatTimeSpan(timeoutMs)} exceeded by function '${fn.name}' (Id: '${invocationId}'). Initiating cancellation.`,
          );
          opts.log(
            formatFunctionLog(
              fn.name,
              'warning',
              `A function timeout has occurred. In Azure the host now restarts the worker process executing invocationId '${invocationId}', failing every invocation in flight on it; the local host cannot stop this handler and lets it and the others run on.`,
            ),
            'warn',
          );
          running.catch(() => undefined);
          reject(new FunctionTimeoutError(fn.name, timeoutMs));
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    finished = true;
  }
}

/** The message (never the stack) of an error thrown by app code, for one log line. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return format(error);
}

/** The error with its stack, for the detailed log the developer reads. */
export function errorDetail(error: unknown): string {
  if (error instanceof Error && error.stack) return error.stack;
  return format(error);
}
