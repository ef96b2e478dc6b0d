import type { TimerHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';

// No submission without its confirmation: a notification whose queue write was lost stays
// pending in the index, and this timer queues it again after a few minutes.
/** Queues again the emails still pending after a few minutes. */
export function requeueNotifications(services: ServiceSource): TimerHandler {
  return async () => {
    const built = services();
    await built.ready();
    await built.notifier.requeuePending();
  };
}
