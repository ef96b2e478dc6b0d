import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { readNotificationMessage } from '../queueMessages/notificationMessage';

/** A message of ticket-notifications: the email it stands for, sent once. */
export function sendNotification(services: ServiceSource): StorageQueueHandler {
  return async (queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    const built = services();
    await built.ready();
    // Transient email or storage faults throw: the queue retries (host.json), then poisons.
    await built.notifier.send(message);
  };
}
