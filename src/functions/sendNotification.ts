import type { StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { notificationHandler } from './notificationHandler';

/** A message of ticket-notifications: the email it stands for, sent once. */
export function sendNotification(services: ServiceSource): StorageQueueHandler {
  // Transient email or storage faults throw: the queue retries (host.json), then poisons.
  return notificationHandler(services, (built, message) => built.notifier.send(message));
}
