// The queue between a ticket change and its email. Messages are base64-encoded JSON, as host.json's
// `messageEncoding` says, so the Functions host and the local host decode them the same way.

import type { QueueClient } from '@azure/storage-queue';
import { asStorageFault } from './storageErrors';
import { deadline } from './storageClients';
import type { NotificationMessage, NotificationQueue } from '../services/notificationQueue';

// The port this adapter implements; its importers keep finding it here.
export { NOTIFICATION_QUEUE, NOTIFICATION_POISON_QUEUE } from '../services/notificationQueue';
export type { NotificationMessage, NotificationQueue } from '../services/notificationQueue';

export class StorageNotificationQueue implements NotificationQueue {
  constructor(private readonly queue: QueueClient) {}

  async enqueue(message: NotificationMessage, options: { visibleAfterSeconds?: number } = {}): Promise<void> {
    const text = Buffer.from(JSON.stringify(message), 'utf8').toString('base64');
    try {
      await this.queue.sendMessage(text, {
        abortSignal: deadline(),
        ...(options.visibleAfterSeconds ? { visibilityTimeout: options.visibleAfterSeconds } : {}),
      });
    } catch (error) {
      throw asStorageFault(error);
    }
  }
}
