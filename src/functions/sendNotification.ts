import { app, type InvocationContext } from '@azure/functions';
import { appServices } from '../composition';
import { NOTIFICATION_QUEUE } from '../storage/notificationQueue';
import { readNotificationMessage } from './notificationMessage';

app.storageQueue('sendNotification', {
  queueName: NOTIFICATION_QUEUE,
  connection: 'AzureWebJobsStorage',
  handler: async (queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    const services = appServices();
    await services.ready();
    // Transient email or storage faults throw: the queue retries (host.json), then poisons.
    await services.notifier.send(message);
  },
});
