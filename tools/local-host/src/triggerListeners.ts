import type { RegisteredFunction } from './functionsCore';
import { triggerOf } from './invocation';
import { startQueueListener, type QueueListenerContext } from './queueListeners';
import type { QueueListener } from './queueTrigger';
import { timerListenerFor, type TimerListenerContext } from './timerListeners';
import type { TimerListener } from './timerTrigger';

export interface TriggerListenerOptions {
  /** Default true. */
  enableQueues: boolean;
  /** Default true. */
  enableTimers: boolean;
  queues: QueueListenerContext;
  timers: TimerListenerContext;
}

/** The app's queue listeners and timers: what runs its functions besides HTTP requests. */
export class TriggerListeners {
  readonly #queues: ReadonlyMap<string, QueueListener>;
  readonly #timers: ReadonlyMap<string, TimerListener>;

  private constructor(queues: ReadonlyMap<string, QueueListener>, timers: ReadonlyMap<string, TimerListener>) {
    this.#queues = queues;
    this.#timers = timers;
  }

  /**
   * Starts a listener for every queue trigger and a timer for every timer trigger, in the order the
   * app registered them (timers once every queue listens). An unresolvable `%SETTING%` or an invalid
   * schedule stops everything started so far and rejects, naming the function.
   */
  static async start(functions: readonly RegisteredFunction[], opts: TriggerListenerOptions): Promise<TriggerListeners> {
    const queues = new Map<string, QueueListener>();
    const timers = new Map<string, TimerListener>();
    const listeners = new TriggerListeners(queues, timers);
    try {
      for (const fn of functions) {
        const trigger = triggerOf(fn);
        if (trigger.type === 'queueTrigger' && opts.enableQueues) {
          queues.set(fn.name, await startQueueListener(fn, trigger, opts.queues));
        } else if (trigger.type === 'timerTrigger' && opts.enableTimers) {
          timers.set(fn.name, timerListenerFor(fn, trigger, opts.timers));
        }
      }
      for (const timer of timers.values()) await timer.start();
    } catch (error) {
      await listeners.stop();
      throw error;
    }
    return listeners;
  }

  /** The running timer of a function, if its timer is on. */
  timer(functionName: string): TimerListener | undefined {
    return this.#timers.get(functionName);
  }

  /** Stops polling and scheduling; resolves once the runs they started have finished. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.#queues.values()].map((l) => l.stop()));
    await Promise.allSettled([...this.#timers.values()].map((l) => l.stop()));
  }
}
