import { InvocationContext, type EffectiveFunctionOptions } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { registeredHooks, type BindingInfo, type RegisteredFunction } from './functionsCore';

export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

/**
 * One line of host output. `level` lets a sink send warnings and errors to stderr; `functionName` is
 * set for a line an invocation wrote with `context.log/info/warn/error`, and says whose.
 */
export type LogSink = (line: string, level: 'info' | 'warn' | 'error', functionName?: string) => void;

export const defaultLogSink: LogSink = (line, level) => {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
};

function sinkLevel(level: string): 'info' | 'warn' | 'error' {
  if (level === 'error' || level === 'critical') return 'error';
  if (level === 'warning') return 'warn';
  return 'info';
}

/** The trigger binding of a registration (the one `in` binding whose type ends in "Trigger"). */
export function triggerOf(fn: RegisteredFunction): BindingInfo & { name: string } {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'in' && /trigger$/i.test(binding.type)) return { ...binding, name };
  }
  throw new Error(`Function "${fn.name}" has no trigger binding`);
}

function effectiveOptions(fn: RegisteredFunction): Partial<EffectiveFunctionOptions> {
  const trigger = triggerOf(fn);
  const extraInputs: Array<BindingInfo & { name: string }> = [];
  const extraOutputs: Array<BindingInfo & { name: string }> = [];
  let returnBinding: (BindingInfo & { name: string }) | undefined;
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (name === trigger.name) continue;
    if (name === '$return') returnBinding = { ...binding, name };
    else if (binding.direction === 'in') extraInputs.push({ ...binding, name });
    else extraOutputs.push({ ...binding, name });
  }
  // The library's option types are unions of every binding kind; these objects are what it built itself.
  return { trigger, return: returnBinding, extraInputs, extraOutputs } as never;
}

export interface InvocationOptions {
  triggerMetadata?: Record<string, unknown>;
  log: LogSink;
  /** Shared by all invocation hooks of the app (the worker's `appHookData`). */
  appHookData: Record<string, unknown>;
  functionTimeoutMs: number;
  /** Carries out output bindings after a successful run (before postInvocation hooks see the result). */
  afterSuccess?: (context: InvocationContext, result: unknown) => Promise<void>;
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

/**
 * Invokes a registered handler as the Node.js worker does with the v4 programming model: builds
 * the library's own `InvocationContext`, runs `preInvocation` hooks (which may replace the
 * handler or inputs), calls `handler(...inputs, context)`, then runs `postInvocation` hooks
 * (which may replace the result or error). Resolves with the result, rejects with the error.
 */
export async function invokeFunction(fn: RegisteredFunction, triggerInput: unknown, opts: InvocationOptions): Promise<unknown> {
  const invocationId = randomUUID();
  const logHandler = (level: LogLevel, ...args: unknown[]): void => {
    if (level === 'none') return;
    const message = format(...args);
    for (const hook of registeredHooks('log')) {
      try {
        void hook({ hookData: {}, level, message, category: 'user', invocationContext: context });
      } catch {
        // A failing log hook must not break the invocation.
      }
    }
    opts.log(formatUserLog(fn.name, level, message), sinkLevel(level), fn.name);
  };
  const context = new InvocationContext({
    invocationId,
    functionName: fn.name,
    logHandler,
    triggerMetadata: opts.triggerMetadata,
    options: effectiveOptions(fn),
  });

  const hookData: Record<string, unknown> = {};
  const pre: Record<string, unknown> = {
    hookData,
    appHookData: opts.appHookData,
    invocationContext: context,
    inputs: [triggerInput],
    functionCallback: fn.handler,
  };
  let result: unknown;
  let error: unknown;
  let failed = false;
  const timer = setTimeout(() => {
    opts.log(formatFunctionLog(fn.name, 'warning', `still running after the host.json functionTimeout (${opts.functionTimeoutMs} ms); Azure would stop it`), 'warn');
  }, opts.functionTimeoutMs);
  timer.unref();
  try {
    for (const hook of registeredHooks('preInvocation')) await hook(pre);
    const handler = pre.functionCallback as (...args: unknown[]) => unknown;
    const inputs = pre.inputs as unknown[];
    result = await handler(...inputs, context);
    await opts.afterSuccess?.(context, result);
  } catch (err) {
    failed = true;
    error = err;
  } finally {
    clearTimeout(timer);
  }
  const post: Record<string, unknown> = {
    hookData,
    appHookData: opts.appHookData,
    invocationContext: context,
    inputs: pre.inputs,
    result,
    error,
  };
  for (const hook of registeredHooks('postInvocation')) {
    try {
      await hook(post);
    } catch (err) {
      failed = true;
      post.error = err;
    }
  }
  // A postInvocation hook may clear or set the error, or change the result.
  if (post.error !== undefined && post.error !== null) throw post.error;
  if (failed && post.error === error) throw new Error(`Function threw ${format(error)}`);
  return post.result;
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
