import type { InvocationContext, TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { runInInvocation } from '../invocationOutput';

// No submission without its confirmation: a notification whose queue write was lost stays
// pending in the index, and this timer queues it again after a few minutes.
/** Queues again the emails still pending after a few minutes. */
export function requeueNotifications(services: ServiceSource): TimerHandler {
  return (_timer: unknown, context: InvocationContext) =>
    runInInvocation(context, async (output) => {
      const built = services(output);
      await built.ready();
      await built.notifier.requeuePending();
    });
}
