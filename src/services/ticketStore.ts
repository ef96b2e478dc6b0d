// The port the use cases store tickets through (the Table adapter is src/storage/ticketStore.ts): a
// ticket, its history and its access tokens, and one outcome row per event's email.

import type { HistoryEntry, Ticket } from '../domain/ticket';

export interface StoredTicket {
  ticket: Ticket;
  etag: string;
  /** how many history rows the lifecycle has written; the next row key follows from it */
  historyCount: number;
}

export interface StoredHistoryEntry extends HistoryEntry {
  key: string;
}

export class TicketAlreadyExists extends Error {
  constructor() {
    super('a ticket with this confirmation number exists');
    this.name = 'TicketAlreadyExists';
  }
}

/** Row key of the n-th lifecycle history row: zero-padded so rows sort in order. */
export function historyKey(index: number): string {
  return `h-${String(index).padStart(4, '0')}`;
}

/** What became of one event's email: sent, failed for good, or held back by the recipient limit. */
export type NotificationOutcome = 'sent' | 'failed' | 'held-back';

/** The port the services use; the Table adapter below is the only implementation. */
export interface TicketStore {
  create(ticket: Ticket, entry: HistoryEntry, tokenHash: string): Promise<void>;
  get(confirmationNumber: string): Promise<StoredTicket | null>;
  /** Takes back what create() wrote (the ticket, its first history row and token), in one transaction. */
  remove(confirmationNumber: string, tokenHash: string): Promise<void>;
  history(confirmationNumber: string): Promise<StoredHistoryEntry[]>;
  /** Writes a lifecycle change; throws ConcurrencyConflict when the ticket changed since `stored` was read. */
  update(stored: StoredTicket, ticket: Ticket, entry: HistoryEntry): Promise<string>;
  /** Adds an access token (by its hash) to a ticket; adding the same one twice is harmless. */
  addTokenHash(confirmationNumber: string, tokenHash: string): Promise<void>;
  /** Whether a token with this hash was given for this ticket: one point read, whatever the answer. */
  hasTokenHash(confirmationNumber: string, tokenHash: string): Promise<boolean>;
  /** Records the email outcome of one event; false when an outcome was already recorded. */
  recordNotification(confirmationNumber: string, eventKey: string, outcome: NotificationOutcome, entry: HistoryEntry): Promise<boolean>;
  notificationOutcome(confirmationNumber: string, eventKey: string): Promise<NotificationOutcome | null>;
  /** Every ticket still awaiting acknowledgement: a filter over the whole table, for the nightly reconciliation only. */
  submittedTickets(): AsyncIterable<StoredTicket>;
  /** The event recorded in the history row `eventKey`, or null when there is no such row. */
  historyEvent(confirmationNumber: string, eventKey: string): Promise<HistoryEntry['event'] | null>;
}
