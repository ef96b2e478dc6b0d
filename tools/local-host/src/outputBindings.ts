import type { BindingInfo, RegisteredFunction } from './functionsCore';
import type { QueueSettings } from './hostConfig';
import { resolveAppSettings } from './hostConfig';
import type { InvocationResponse, TypedData } from './invocation';
import { storageQueue } from './queueTrigger';

/** Binding types the local host carries out; others are reported once at start. */
const supportedOutputs = new Set(['http', 'queue']);

/** A line per binding of the app that the local host cannot carry out (so it is never silently ignored). */
export function unsupportedBindings(fn: RegisteredFunction): string[] {
  const problems: string[] = [];
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'in' && /trigger$/i.test(binding.type)) {
      if (!['httpTrigger', 'queueTrigger', 'timerTrigger'].includes(binding.type)) problems.push(`${fn.name}: trigger "${binding.type}" is not run locally`);
    } else if (binding.direction === 'in') {
      problems.push(`${fn.name}: input binding "${name}" (${binding.type}) is not supported locally`);
    } else if (!supportedOutputs.has(binding.type)) {
      problems.push(`${fn.name}: output binding "${name}" (${binding.type}) is not supported locally`);
    }
  }
  return problems;
}

export interface QueueOutputContext {
  connectionFor(fn: RegisteredFunction, connection: unknown): string;
  settings: QueueSettings;
  /** The app settings as the host sees them, for `%NAME%` queue names. */
  appSettings: Readonly<Record<string, string | undefined>>;
}

/**
 * The messages one output value stands for, as the host turns the worker's typed data into queue
 * messages: a string as it is, JSON as its text, an array (JSON) as one message per element.
 */
function messagesOf(data: TypedData): Buffer[] {
  if ('string' in data) return [Buffer.from(data.string, 'utf8')];
  if ('bytes' in data) return [Buffer.from(data.bytes)];
  if ('int' in data) return [Buffer.from(String(data.int))];
  if ('double' in data) return [Buffer.from(String(data.double))];
  if ('json' in data) {
    const value: unknown = JSON.parse(data.json);
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => Buffer.from(typeof item === 'string' ? item : JSON.stringify(item), 'utf8'));
  }
  return [];
}

/**
 * Sends what a successful invocation put in its storage-queue output bindings (`return:
 * output.storageQueue(...)` or `extraOutputs`), from the worker's response as the library made it
 * (`getResponse`: `returnValue` for `$return`, `outputData` for the others), as the queue
 * extension does after the function returns.
 */
export async function sendQueueOutputs(fn: RegisteredFunction, response: InvocationResponse, opts: QueueOutputContext): Promise<void> {
  for (const [name, binding] of Object.entries(fn.metadata.bindings) as Array<[string, BindingInfo]>) {
    if (binding.direction !== 'out' || binding.type !== 'queue') continue;
    const data = name === '$return' ? response.returnValue : response.outputData.find((o) => o.name === name)?.data;
    if (data === undefined || data === null) continue;
    const messages = messagesOf(data);
    if (messages.length === 0) continue;
    const queueName = resolveAppSettings(String(binding.queueName), opts.appSettings, `Queue output of "${fn.name}"`).toLowerCase();
    const queue = new (storageQueue().QueueClient)(opts.connectionFor(fn, binding.connection), queueName);
    await queue.createIfNotExists();
    for (const message of messages) {
      await queue.sendMessage(opts.settings.messageEncoding === 'base64' ? message.toString('base64') : message.toString('utf8'));
    }
  }
}
