import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { readNotificationMessage } from '../queueMessages/notificationMessage';
import { failureReason } from '../services/notifier';

/** A message of ticket-notifications-poison: the failure recorded on the ticket, and operators alerted. */
export function handleFailedNotification(services: ServiceSource): StorageQueueHandler {
  return async (queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    const built = services();
    await built.ready();
    await built.notifier.recordFailure(message, failureReason(message.rejection));
  };
}
