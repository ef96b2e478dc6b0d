import type { RegisteredFunction } from './functionsCore';
import { resolveAppSettings, type QueueSettings } from './hostConfig';
import type { LogSink, TriggerData } from './invocation';
import { QueueListener } from './queueTrigger';

/**
 * The connection string a queue binding's `connection` names: AzureWebJobsStorage's (`storage`) when
 * it names none, else the app setting it names (or `AzureWebJobs<name>`). Identity-based connections
 * are refused with what to set instead.
 */
export function queueConnectionString(fn: RegisteredFunction, connection: unknown, storage: string): string {
  if (connection === undefined || connection === '' || connection === 'AzureWebJobsStorage') return storage;
  const name = String(connection);
  const value = process.env[name] ?? process.env[`AzureWebJobs${name}`];
  if (value) return value;
  if (process.env[`${name}__queueServiceUri`] || process.env[`${name}__serviceUri`]) {
    throw new Error(`Queue trigger "${fn.name}": identity-based connection "${name}" is not supported by the local host; set "${name}" to a connection string`);
  }
  throw new Error(`Queue trigger "${fn.name}": connection setting "${name}" is not set`);
}

export interface QueueListenerContext {
  appSettings: Record<string, string | undefined>;
  /** host.json `extensions.queues`. */
  settings: QueueSettings;
  log: LogSink;
  connectionFor(fn: RegisteredFunction, connection: unknown): string;
  /** Runs the function for one message; `reason` is what its Executing line says. */
  run(fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown>;
}

/** Starts polling the queue a queue-triggered function names (`%SETTING%` resolved, lower-cased as the host does). */
export async function startQueueListener(fn: RegisteredFunction, trigger: Record<string, unknown>, ctx: QueueListenerContext): Promise<QueueListener> {
  const queueName = resolveAppSettings(String(trigger.queueName), ctx.appSettings, `Queue trigger "${fn.name}"`).toLowerCase();
  const listener = new QueueListener({
    functionName: fn.name,
    queueName,
    connectionString: ctx.connectionFor(fn, trigger.connection),
    settings: ctx.settings,
    log: ctx.log,
    invoke: (data, dequeueCount) => ctx.run(fn, data, `queue "${queueName}", dequeueCount ${dequeueCount}`),
  });
  await listener.start();
  return listener;
}
