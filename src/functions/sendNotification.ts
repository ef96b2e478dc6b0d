import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { withInvocationServices } from '../invocationOutput';
import { readNotificationMessage } from '../queueMessages/notificationMessage';
import type { NotificationMessage } from '../services/notificationQueue';

/** A message of ticket-notifications: the email it stands for, sent once. */
export function sendNotification(services: ServiceSource): StorageQueueHandler {
  // Transient email or storage faults throw: the queue retries (host.json), then poisons.
  return notificationHandler(services, (built, message) => built.notifier.send(message));
}

/**
 * The handler of a notification queue, this one's and its poison queue's (handleFailedNotification.ts):
 * the message read (an unreadable one is dropped, as readNotificationMessage logs), storage made
 * ready, then `work` with the invocation's services.
 */
export function notificationHandler(
  services: ServiceSource,
  work: (built: AppServices, message: NotificationMessage) => Promise<unknown>,
): StorageQueueHandler {
  return withInvocationServices(services, async (built, queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    await built.ready();
    await work(built, message);
  });
}
