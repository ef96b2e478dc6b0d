// The notifier's net for emails that are not on the queue (the Table adapter is
// src/storage/ticketIndex.ts): a lifecycle change writes its row before the change, a submission
// only when its queue write failed, a deferral when its email is due; the re-queue timer queues
// again whatever is still pending after a while, and a sent email takes its row away.

import type { NotifiableEvent } from '../domain/ticket';

export interface PendingEmail {
  confirmationNumber: string;
  event: NotifiableEvent;
  /** the event's id, as the ticket store minted it */
  eventId: string;
  /** when the email became pending (ISO 8601) */
  since: string;
  /** the operators' copy of an event that goes to both sides (NotificationMessage.audience) */
  audience?: 'operators';
}

export interface PendingEmails {
  /** Writes the row, or restarts its clock (`since`) when it exists. */
  add(pending: PendingEmail): Promise<void>;
  remove(pending: Pick<PendingEmail, 'confirmationNumber' | 'eventId' | 'audience'>): Promise<void>;
  /** rows pending since before `before`, at most `limit` */
  pendingBefore(before: Date, limit: number): Promise<PendingEmail[]>;
}
