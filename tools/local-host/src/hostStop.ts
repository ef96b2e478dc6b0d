import type { Server } from 'node:http';
import { registeredHooks } from './functionsCore';
import type { InFlightWork } from './inFlightWork';
import { errorMessage, type LogSink } from './invocation';
import type { TriggerListeners } from './triggerListeners';

export interface HostStopOptions {
  server: Server;
  listeners: TriggerListeners;
  work: InFlightWork;
  /** Longest wait for work in flight. */
  drainTimeoutMs: number;
  appHookData: Record<string, unknown>;
  log: LogSink;
  /** Called first: from then on new requests are answered 503. */
  onStopping(): void;
  /** Called last, once everything is closed. */
  onStopped(): void;
}

/**
 * The host's stop(), once however often it is called: stops accepting, stops polling and
 * scheduling, waits up to drainTimeoutMs for HTTP, queue and timer work in flight, runs the
 * app's appTerminate hooks (a failing one is logged), then closes every connection.
 */
export function hostStop(opts: HostStopOptions): () => Promise<void> {
  const { server, listeners, work, drainTimeoutMs, appHookData, log } = opts;
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= (async () => {
      opts.onStopping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = (async () => {
        await listeners.stop();
        await work.drained();
      })();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drained,
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            timedOut = true;
            resolve();
          }, drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) log(`${new Date().toISOString()} [host] warning: work still in flight after ${drainTimeoutMs} ms; stopping anyway`, 'warn');
      for (const hook of registeredHooks('appTerminate')) {
        try {
          await hook({ hookData: appHookData, appHookData });
        } catch (error) {
          log(`${new Date().toISOString()} [host] error: appTerminate hook failed: ${errorMessage(error)}`, 'error');
        }
      }
      server.closeAllConnections();
      await closed;
      opts.onStopped();
    })();
    return stopped;
  };
}
