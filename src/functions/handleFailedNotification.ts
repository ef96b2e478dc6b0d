import type { StorageQueueHandler } from '@azure/functions';
import type { ServiceSource } from '../composition';
import { failureReason } from '../services/notifier';
import { notificationHandler } from './sendNotification';

/** A message of ticket-notifications-poison: the failure recorded on the ticket, and operators alerted. */
export function handleFailedNotification(services: ServiceSource): StorageQueueHandler {
  return notificationHandler(services, (built, message) => built.notifier.recordFailure(message, failureReason(message.rejection)));
}
