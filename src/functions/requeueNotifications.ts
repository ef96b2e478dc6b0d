import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { withInvocationServices } from '../invocationOutput';

// No submission without its confirmation: a notification whose queue write was lost stays
// pending in the index, and this timer queues it again after a few minutes.
/** Queues again the emails still pending after a few minutes. */
export function requeueNotifications(services: ServiceSource): TimerHandler {
  return withInvocationServices(services, async (built) => {
    await built.ready();
    await built.notifier.requeuePending();
  });
}
