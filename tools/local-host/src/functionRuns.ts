import type { RegisteredFunction } from './functionsCore';
import type { InFlightWork } from './inFlightWork';
import { triggerOf, type TriggerData } from './invocation';
import { adminQueueTriggerData } from './queueTrigger';
import type { TriggerListeners } from './triggerListeners';
import { timerTriggerData, type TimerInfo } from './timerTrigger';

/** Raised by runFunction for a name the app did not register. */
export class FunctionNotFoundError extends Error {
  constructor(name: string) {
    super(`No function named "${name}"`);
    this.name = 'FunctionNotFoundError';
  }
}

/** Raised by runFunction for an HTTP function, which runs through its route instead. */
export class NotRunnableError extends Error {
  constructor(name: string) {
    super(`"${name}" is an HTTP function: call its route instead`);
    this.name = 'NotRunnableError';
  }
}

/** The function of that name, matched case-insensitively as the host matches function names. */
export function findFunction(functions: readonly RegisteredFunction[], name: string): RegisteredFunction | undefined {
  return functions.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

export interface FunctionRunnerOptions {
  functions: readonly RegisteredFunction[];
  listeners: TriggerListeners;
  work: InFlightWork;
  invokeLogged(fn: RegisteredFunction, trigger: TriggerData, reason: string): Promise<unknown>;
}

/**
 * Runs a queue or timer function now, as `POST /admin/functions/{name}` does: a queue function with
 * `input` as its message, a timer function as its timer would (or, with timers off, as one occurrence
 * due now). Rejects if it fails.
 */
export function functionRunner(opts: FunctionRunnerOptions): (name: string, input?: string) => Promise<void> {
  const { functions, listeners, work, invokeLogged } = opts;
  return async (name, input = '') => {
    const fn = findFunction(functions, name);
    if (!fn) throw new FunctionNotFoundError(name);
    const trigger = triggerOf(fn);
    if (trigger.type === 'httpTrigger') throw new NotRunnableError(fn.name);
    if (trigger.type === 'timerTrigger') {
      const listener = listeners.timer(fn.name);
      if (listener) {
        await work.track(listener.run(false));
        return;
      }
      const now = new Date().toISOString();
      const timer: TimerInfo = { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: '', next: now, lastUpdated: now } };
      await work.track(invokeLogged(fn, timerTriggerData(timer), 'admin'));
      return;
    }
    if (trigger.type === 'queueTrigger') {
      await work.track(invokeLogged(fn, adminQueueTriggerData(fn.name, input), 'admin'));
      return;
    }
    await work.track(invokeLogged(fn, { data: { string: input } }, 'admin'));
  };
}
