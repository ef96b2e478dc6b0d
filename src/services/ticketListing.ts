// The operators' listing (the Table adapter is src/storage/ticketIndex.ts): one row per ticket,
// oldest first, carrying the ticket's version so a late writer never lists an older state. The
// sweep reconciles from it too: the rows of tickets submitted since its last run, after a cursor.

import type { Ticket, TicketStatus } from '../domain/ticket';

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

export interface TicketListing {
  /**
   * Writes the ticket's listing row unless the row already reflects a later version of the ticket
   * (`version` = the ticket's history count after the change; 1 for a new ticket), so concurrent
   * writers (an acknowledgement and the sweep) cannot leave an older state behind.
   */
  upsert(ticket: Ticket, version?: number): Promise<void>;
  page(filter: { status?: TicketStatus; slaBreached?: boolean }, pageSize: number, continuationToken?: string): Promise<ListingPage>;
  /** Whether `token` has the shape of a continuationToken that page() hands out (a made-up one is the caller's error, not an outage). */
  isContinuationToken(token: string): boolean;
  /** rows with status submitted whose key is after `afterKey` and whose submission is before `before`, oldest first */
  submittedBetween(afterKey: string, before: Date, limit: number): Promise<ListedSubmission[]>;
  /** the listing key up to which the sweep has checked submitted tickets for their due rows ('' at first) */
  reconcileCursor(): Promise<string>;
  setReconcileCursor(key: string): Promise<void>;
}
