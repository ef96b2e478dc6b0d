import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { AppServices, ServiceSource } from '../composition';
import { runInInvocation } from '../invocationOutput';
import { readNotificationMessage } from '../queueMessages/notificationMessage';
import type { NotificationMessage } from '../services/notificationQueue';

/**
 * The handler of a notification queue: the message read (an unreadable one is dropped, as
 * readNotificationMessage logs), storage made ready, then `work` with the invocation's services.
 */
export function notificationHandler(
  services: ServiceSource,
  work: (built: AppServices, message: NotificationMessage) => Promise<unknown>,
): StorageQueueHandler {
  return (queued: unknown, context: InvocationContext) =>
    runInInvocation(context, async (output) => {
      const message = readNotificationMessage(queued, context);
      if (!message) return;
      const built = services(output);
      await built.ready();
      await work(built, message);
    });
}
