// The port of the status pages' token ends (the Table adapter is src/storage/ticketIndex.ts): a
// row for each page token, keyed by when it ends, so the nightly reconciliation deletes the token
// rows that ended without reading the tickets. A page's token is refused from its end on anyway
// (its row's ExpiresAt); these rows only keep a reporter's page views from piling up for good.

export interface PageTokenEnd {
  confirmationNumber: string;
  /** the SHA-256 of the token, as its row beside the ticket is keyed */
  tokenHash: string;
  /** ISO instant */
  endsAt: string;
}

export interface PageTokenEnds {
  /** Writes the row (again: harmless). */
  add(end: PageTokenEnd): Promise<void>;
  /** Rows of tokens that ended before `now`, earliest first, at most `limit`. */
  endedBefore(now: Date, limit: number): Promise<PageTokenEnd[]>;
  /** Deletes the row; nothing when it is gone already. */
  remove(end: PageTokenEnd): Promise<void>;
}
