// The port of the index the use cases keep beside the tickets (Table Storage has no secondary index;
// the adapter is src/storage/ticketIndex.ts): due rows for the sweep, pending emails for the re-queue
// timer, and the operators' listing.

import type { NotifiableEvent, Ticket, TicketStatus } from '../domain/ticket';

export interface DueRow {
  confirmationNumber: string;
  acknowledgeBy: string;
}

export interface PendingNotification {
  confirmationNumber: string;
  event: NotifiableEvent;
  eventKey: string;
  /** when the notification became pending (ISO 8601) */
  since: string;
}

export interface ListingPage {
  confirmationNumbers: string[];
  continuationToken?: string;
}

/** A listing row of a ticket the listing says is still submitted. */
export interface ListedSubmission {
  confirmationNumber: string;
  /** the listing row's key: `<submittedAt ISO>|<number>` */
  key: string;
}

export interface TicketIndex {
  addDue(ticket: Pick<Ticket, 'confirmationNumber' | 'acknowledgeBy'>): Promise<void>;
  hasDue(row: DueRow): Promise<boolean>;
  removeDue(row: DueRow): Promise<void>;
  /** Deletes the due row; true only for the one caller whose delete removed it (a claim). */
  claimDue(row: DueRow): Promise<boolean>;
  /** due rows whose deadline is before `now`, earliest first, after `after` (exclusive) when given, at most `limit` */
  dueBefore(now: Date, limit: number, after?: DueRow): Promise<DueRow[]>;
  /** listing rows with status submitted whose key is after `afterKey` and whose submission is before `before`, oldest first */
  listedSubmissions(afterKey: string, before: Date, limit: number): Promise<ListedSubmission[]>;
  /** the listing key up to which the sweep has checked submitted tickets for their due rows ('' at first) */
  reconcileCursor(): Promise<string>;
  setReconcileCursor(key: string): Promise<void>;
  addPending(pending: PendingNotification): Promise<void>;
  removePending(pending: Pick<PendingNotification, 'confirmationNumber' | 'eventKey'>): Promise<void>;
  pendingSince(before: Date, limit: number): Promise<PendingNotification[]>;
  /**
   * Writes the ticket's listing row unless the row already reflects a later version of the ticket
   * (`version` = the ticket's history count after the change; 1 for a new ticket), so concurrent
   * writers (an acknowledgement and the sweep) cannot leave an older state behind.
   */
  upsertListing(ticket: Ticket, version?: number): Promise<void>;
  removeListing(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt'>): Promise<void>;
  list(filter: { status?: TicketStatus; slaBreached?: boolean }, pageSize: number, continuationToken?: string): Promise<ListingPage>;
  /** Whether `token` has the shape of a continuationToken that list() hands out (a made-up one is the caller's error, not an outage). */
  isContinuationToken(token: string): boolean;
}
