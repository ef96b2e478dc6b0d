// The port between a ticket change and its email: the queue's names, its message and how a use case
// puts one on it (the Storage adapter is src/storage/notificationQueue.ts).

import type { NotifiableEvent } from '../domain/ticket';
import { describeError, type Logger } from './logger';

export const NOTIFICATION_QUEUE = 'ticket-notifications';

export const NOTIFICATION_POISON_QUEUE = `${NOTIFICATION_QUEUE}-poison`;

/** What an operators' email may be about besides the event itself. */
export type OperatorNotice = 'email-held-back';

export interface NotificationMessage {
  confirmationNumber: string;
  event: NotifiableEvent;
  /** the event's id, as the ticket store minted it (opaque): one email per event */
  eventId: string;
  /**
   * When the event was first queued (ISO 8601): emails leave in this order, and a deferral keeps
   * it. No access token travels in a message: the notifier gives each email a token of its own
   * at the moment it sends it, so neither this queue nor its poison queue ever holds one.
   */
  queuedAt: string;
  /**
   * `operators`: the operators' email about the event (OPS_NOTIFY_EMAIL), for an event that goes to
   * both sides (the submission; src/domain/audience.ts). Absent: the event's first audience.
   */
  audience?: 'operators';
  /**
   * With `audience: 'operators'`: the operators' email is not about the event but about what
   * became of the reporter's email about it (held back by the recipient limit).
   */
  notice?: OperatorNotice;
  /** Set on a message the notifier deferred: its handler already wrote the ticket's index rows. */
  deferred?: true;
  /**
   * Set by intake on a submission's message: no pending row was written for it (intake writes
   * none), so its handler has none to remove. A row the nightly reconciliation adds meanwhile is
   * removed by the re-queue timer once it finds the email sent.
   */
  withoutPendingRow?: true;
  /**
   * Only on the poison queue, set by the notifier: the email service's code for a permanent
   * rejection (e.g. `InvalidRecipient`). Absent when the runtime moved the message there after
   * its last failed try.
   */
  rejection?: string;
}

export interface NotificationQueue {
  /** `visibleAfterSeconds` holds the message back, e.g. while the write it announces completes. */
  enqueue(message: NotificationMessage, options?: { visibleAfterSeconds?: number }): Promise<void>;
}

/**
 * Queues the email of a change that is stored already; a failed queue write is only logged: the
 * change's pending row stays, and the re-queue timer sends the email within minutes.
 */
export async function enqueueOrLeavePending(queue: NotificationQueue, logger: Logger, message: NotificationMessage): Promise<void> {
  try {
    await queue.enqueue(message);
  } catch (error) {
    logger.warn('notification not queued; it will be re-queued', {
      confirmationNumber: message.confirmationNumber,
      event: message.event,
      error: describeError(error),
    });
  }
}
