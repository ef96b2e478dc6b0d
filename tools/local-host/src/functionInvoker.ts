import { performance } from 'node:perf_hooks';
import type { RegisteredFunction } from './functionsCore';
import type { HostConfig, LogFilter } from './hostConfig';
import { plainHttpResponse } from './httpTrigger';
import { errorDetail, invokeFunction, logAs, triggerOf, type InvocationOptions, type InvocationResponse, type LogSink, type TriggerData } from './invocation';
import { sendQueueOutputs } from './outputBindings';

/** How the host runs one invocation of the app's functions, whatever its trigger. */
export interface FunctionInvoker {
  /** The sink and the host.json filter for the functions' log categories. */
  readonly logs: { log: LogSink; logFilter: LogFilter };
  /** Runs one invocation through the app's programming model, then binds its queue outputs. */
  invoke(fn: RegisteredFunction, trigger: TriggerData): Promise<InvocationResponse>;
  /** A non-HTTP run, logged as the host logs it (category Function.<name>): Executing / Executed with outcome and duration. */
  invokeLogged(fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown>;
}

export interface FunctionInvokerOptions {
  config: HostConfig;
  log: LogSink;
  /** Shared by every hook of the app, from appStart to appTerminate. */
  appHookData: Record<string, unknown>;
  appSettings: Record<string, string | undefined>;
  /** The connection string a queue binding's `connection` names. */
  connectionFor(fn: RegisteredFunction, connection: unknown): string;
}

export function functionInvoker(opts: FunctionInvokerOptions): FunctionInvoker {
  const { config, log, appHookData, appSettings, connectionFor } = opts;
  const logs = { log, logFilter: config.logFilter };
  // Made once per function: they follow from its registration, which does not change.
  const optionsByFunction = new WeakMap<RegisteredFunction, InvocationOptions>();
  const invocationOptions = (fn: RegisteredFunction): InvocationOptions => {
    const known = optionsByFunction.get(fn);
    if (known) return known;
    // Only a function whose one output is its HTTP answer can take the fast conversion.
    const httpOnly = Object.entries(fn.metadata.bindings).every(([name, b]) => b.direction !== 'out' || (name === '$return' && b.type === 'http'));
    const options: InvocationOptions = {
      ...logs,
      appHookData,
      functionTimeoutMs: config.functionTimeoutMs,
      ...(httpOnly && triggerOf(fn).type === 'httpTrigger' ? { fastResponse: plainHttpResponse } : {}),
    };
    optionsByFunction.set(fn, options);
    return options;
  };
  const invoke = async (fn: RegisteredFunction, trigger: TriggerData): Promise<InvocationResponse> => {
    const response = await invokeFunction(fn, trigger, invocationOptions(fn));
    // The host binds outputs once the worker has answered.
    await sendQueueOutputs(fn, response, { connectionFor, settings: config.queues, appSettings });
    return response;
  };
  const invokeLogged = async (fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown> => {
    const started = performance.now();
    const category = `Function.${fn.name}`;
    logAs(logs, category, fn.name, 'information', `Executing (${reason})`);
    try {
      const result = await invoke(fn, trigger);
      logAs(logs, category, fn.name, 'information', `Executed (Succeeded, ${Math.round(performance.now() - started)} ms)`);
      return result;
    } catch (error) {
      logAs(logs, category, fn.name, 'error', `Executed (Failed, ${Math.round(performance.now() - started)} ms): ${errorDetail(error)}`);
      throw error;
    }
  };
  return { logs, invoke, invokeLogged };
}
