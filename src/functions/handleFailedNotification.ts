import { app, type InvocationContext } from '@azure/functions';
import { appServices } from '../composition';
import { failureReason } from '../services/notifier';
import { NOTIFICATION_POISON_QUEUE } from '../services/notificationQueue';
import { readNotificationMessage } from './notificationMessage';

app.storageQueue('handleFailedNotification', {
  queueName: NOTIFICATION_POISON_QUEUE,
  connection: 'AzureWebJobsStorage',
  handler: async (queued: unknown, context: InvocationContext) => {
    const message = readNotificationMessage(queued, context);
    if (!message) return;
    const services = appServices();
    await services.ready();
    await services.notifier.recordFailure(message, failureReason(message.rejection));
  },
});
