import type { InvocationContext } from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';
import type { BindingInfo, RegisteredFunction } from './functionsCore';
import type { QueueSettings } from './hostConfig';
import { resolveAppSettings } from './hostConfig';

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
}

function messageText(value: unknown, encoding: QueueSettings['messageEncoding']): string {
  const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : JSON.stringify(value);
  return encoding === 'base64' ? Buffer.from(text, 'utf8').toString('base64') : text;
}

/**
 * Sends what a successful invocation put in its storage-queue output bindings (`return:
 * output.storageQueue(...)` or `extraOutputs`), as the queue extension does after the function
 * returns: one message per value, or per element of an array.
 */
export async function sendQueueOutputs(fn: RegisteredFunction, context: InvocationContext, result: unknown, opts: QueueOutputContext): Promise<void> {
  for (const [name, binding] of Object.entries(fn.metadata.bindings) as Array<[string, BindingInfo]>) {
    if (binding.direction !== 'out' || binding.type !== 'queue') continue;
    const value = name === '$return' ? result : context.extraOutputs.get(name);
    if (value === undefined || value === null) continue;
    const queueName = resolveAppSettings(String(binding.queueName), process.env, `Queue output of "${fn.name}"`).toLowerCase();
    const queue = new QueueClient(opts.connectionFor(fn, binding.connection), queueName);
    await queue.createIfNotExists();
    for (const item of Array.isArray(value) ? value : [value]) {
      await queue.sendMessage(messageText(item, opts.settings.messageEncoding));
    }
  }
}
