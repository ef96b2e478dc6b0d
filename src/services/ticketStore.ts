// The port the use cases store tickets through (the Table adapter is src/storage/ticketStore.ts): a
// ticket, its history and its access tokens, and one outcome row per event's email.

import type { Message } from '../domain/thread';
import type { HistoryEntry, Ticket } from '../domain/ticket';
import type { OperatorNotice } from './notificationQueue';

export interface StoredTicket {
  ticket: Ticket;
  etag: string;
  /** the ticket's version: how many lifecycle events it has had (1 for a new ticket) */
  historyCount: number;
}

export class TicketAlreadyExists extends Error {
  constructor() {
    super('a ticket with this confirmation number exists');
    this.name = 'TicketAlreadyExists';
  }
}

/** What became of one event's email: sent, failed for good, or held back by the recipient limit. */
export type NotificationOutcome = 'sent' | 'failed' | 'held-back';

/**
 * The port the services use; the Table adapter is the only implementation.
 *
 * A lifecycle event (a submission, an acknowledgement, a status change, a flagged breach) is named
 * by an event id that the store mints: services, queue messages and the other tables carry it as
 * an opaque string, one email per id, and never build or take apart a row key. Paired with its
 * ticket's confirmation number it names one event; an id the store did not mint names none.
 */
export interface TicketStore {
  create(ticket: Ticket, entry: HistoryEntry, tokenHash: string): Promise<void>;
  /** The id of a ticket's submission event, known before create() writes it: its message goes at the same time. */
  submissionEventId(confirmationNumber: string): string;
  /** The id the next update() of `stored` gives its event, known before the write: its pending row goes first. */
  nextEventId(stored: StoredTicket): string;
  get(confirmationNumber: string): Promise<StoredTicket | null>;
  /** Takes back what create() wrote (the ticket and its first history row, which holds the submission's token), in one transaction. */
  remove(confirmationNumber: string): Promise<void>;
  /** The ticket's history, in the order it happened. */
  history(confirmationNumber: string): Promise<HistoryEntry[]>;
  /**
   * Writes a lifecycle change and returns its event id (nextEventId(stored)); throws
   * ConcurrencyConflict when the ticket changed since `stored` was read.
   */
  update(stored: StoredTicket, ticket: Ticket, entry: HistoryEntry): Promise<string>;
  /**
   * Adds an access token (by its hash) to a ticket; adding the same one twice is harmless. An
   * email's token has no end; a status page's own token ends at `expiresAt`.
   */
  addTokenHash(confirmationNumber: string, tokenHash: string, expiresAt?: Date): Promise<void>;
  /** Whether a token with this hash was given for this ticket and has not ended by `at`: one read, whatever the answer, that never reads the report. */
  hasTokenHash(confirmationNumber: string, tokenHash: string, at: Date): Promise<boolean>;
  /** Deletes the token with this hash from the ticket; nothing when it is gone already. */
  removeTokenHash(confirmationNumber: string, tokenHash: string): Promise<void>;
  /**
   * Records the email outcome of one event; false when an outcome was already recorded, or when
   * `eventId` names no event the store could have written (nothing is recorded for it).
   */
  recordNotification(confirmationNumber: string, eventId: string, outcome: NotificationOutcome, entry: HistoryEntry): Promise<boolean>;
  notificationOutcome(confirmationNumber: string, eventId: string): Promise<NotificationOutcome | null>;
  /** Every ticket still awaiting acknowledgement: a filter over the whole table, for the nightly reconciliation only. */
  submittedTickets(): AsyncIterable<StoredTicket>;
  /** The history entry of the event `eventId` (one point read), or null when the ticket had no such event. */
  historyEntry(confirmationNumber: string, eventId: string): Promise<HistoryEntry | null>;
  /**
   * The ticket, the event's history entry and its email's outcome together, in one read of the
   * ticket's partition (what the notifier asks of every message): `stored` null when there is no
   * such ticket, `entry` null when the ticket had no such event.
   */
  ticketWithEvent(
    confirmationNumber: string,
    eventId: string,
  ): Promise<{ stored: StoredTicket | null; entry: HistoryEntry | null; outcome: NotificationOutcome | null }>;
  /** What happened at the event `eventId` (one point read), or null when the ticket had no such event. */
  historyEvent(confirmationNumber: string, eventId: string): Promise<HistoryEntry['event'] | null>;
  // The operators' side of an event (their log line and their email): never in the history.
  /**
   * Claims the operators' announcement of the event (its log line): true for the first caller
   * only, false for every later one. With `tokenHash` (the confirmation email's, so only for the
   * submission's event; any other event's throws), adds that access token in the same write
   * (whatever the answer), as addTokenHash would.
   */
  claimOperatorAnnouncement(confirmationNumber: string, eventId: string, tokenHash?: string): Promise<boolean>;
  /**
   * Records what became of the operators' email about the event (with `notice`: about what became
   * of the reporter's email about it); false when an outcome was already recorded.
   */
  recordOperatorEmail(confirmationNumber: string, eventId: string, outcome: NotificationOutcome, at: string, notice?: OperatorNotice): Promise<boolean>;
  operatorEmailOutcome(confirmationNumber: string, eventId: string, notice?: OperatorNotice): Promise<NotificationOutcome | null>;

  // The thread: each message is a row beside its ticket.

  /** A new message's id, written at `at`: ids sort as their messages were written. */
  newMessageId(at: Date): string;
  /**
   * Writes a message with its ticket's change (the thread's state, a status) and, unless it is an
   * internal note, its history entry, in one transaction; returns the entry's event id
   * (nextEventId(stored)) or null. Throws ConcurrencyConflict when the ticket changed since `stored` was read.
   */
  writeMessage(stored: StoredTicket, ticket: Ticket, message: Message, entry: HistoryEntry | null): Promise<string | null>;
  /** The ticket's messages, every kind, oldest first. */
  messages(confirmationNumber: string): Promise<Message[]>;
}
