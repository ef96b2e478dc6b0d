// The operators' listing (the Table adapter is src/storage/ticketIndex.ts): one row per ticket,
// oldest first, carrying the ticket's version so a late writer never lists an older state. The
// sweep reconciles from it too: the rows of tickets submitted since its last run, after a cursor.
// The same write keeps the ticket's row of the operators' queue (operatorQueue.ts), under the same
// version guard: both carry the ticket's summary, so the queue, the search and the SLA record
// read index rows only.

import type { Ticket, TicketStatus } from '../domain/ticket';

/**
 * How long a resolved ticket's queue row stays as its tombstone (ms): a late writer (a change or a
 * queue handler that read the ticket before the resolution) is done within a function's timeout,
 * far within this, so it cannot put the open row back; the nightly reconciliation removes it after.
 */
export const QUEUE_TOMBSTONE_MS = 24 * 3_600_000;

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
   * Writes the ticket's listing row and its queue row, each unless it already reflects a later
   * version of the ticket (`version` = the ticket's history count after the change; 1 for a new
   * ticket), so concurrent writers (an acknowledgement and the sweep) cannot leave an older state
   * behind. `updatedAt` is the instant of the change that made `version` (a new ticket: its
   * submission); a writer that re-lists a stored ticket without it keeps the row's own, or, for
   * a row that had none, the ticket's acknowledgement or submission.
   */
  upsert(ticket: Ticket, version?: number, updatedAt?: string): Promise<void>;
  /** Writes the rows that find the ticket by its number, its CVE ID and its offer (they never change; writing them again is harmless). */
  addSearchKeys(ticket: Ticket): Promise<void>;
  page(filter: { status?: TicketStatus; slaBreached?: boolean }, pageSize: number, continuationToken?: string): Promise<ListingPage>;
  /** Whether `token` has the shape of a continuationToken that page() hands out (a made-up one is the caller's error, not an outage). */
  isContinuationToken(token: string): boolean;
  /** rows with status submitted whose key is after `afterKey` and whose submission is before `before`, oldest first */
  submittedBetween(afterKey: string, before: Date, limit: number): Promise<ListedSubmission[]>;
  /** the listing key up to which the sweep has checked submitted tickets for their due rows ('' at first) */
  reconcileCursor(): Promise<string>;
  setReconcileCursor(key: string): Promise<void>;
}
