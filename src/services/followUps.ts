// The port of an information request's follow-ups (the Table adapter is src/storage/ticketIndex.ts):
// a row for its reminder and a row for the operators' alert, keyed by when each is due, so the
// sweep reads what is due, never the tickets. Rows are written before the request is stored; a
// row whose request never landed, or was answered since, is taken away by the sweep unused.

import type { FollowUp } from '../domain/thread';

export interface FollowUps {
  /** Writes the rows (again: harmless). */
  add(rows: readonly FollowUp[]): Promise<void>;
  /** Rows due before `now`, earliest first, at most `limit`. */
  dueBefore(now: Date, limit: number): Promise<FollowUp[]>;
  /** Deletes the row; true only for the one caller whose delete removed it (a claim). */
  claim(row: FollowUp): Promise<boolean>;
}
