// The SLA sweep's port (the Table adapter is src/storage/ticketIndex.ts): a row per ticket still
// awaiting acknowledgement, keyed by its deadline, so the sweep reads the open work, never the
// closed tickets. Intake's message handler writes a ticket's row, an acknowledgement removes it.

import type { Ticket } from '../domain/ticket';

export interface DueRow {
  confirmationNumber: string;
  acknowledgeBy: string;
}

export interface DueDates {
  add(ticket: Pick<Ticket, 'confirmationNumber' | 'acknowledgeBy'>): Promise<void>;
  has(row: DueRow): Promise<boolean>;
  remove(row: DueRow): Promise<void>;
  /** Deletes the row; true only for the one caller whose delete removed it (a claim). */
  claim(row: DueRow): Promise<boolean>;
  /**
   * Moves the rows an earlier version kept elsewhere to where the others are; once done, later
   * calls do nothing. The sweep calls it before it reads or claims a row.
   * Resolves to the number of rows moved.
   */
  moveEarlierRows(): Promise<number>;
  /** rows whose deadline is before `now`, earliest first, after `after` (exclusive) when given, at most `limit` */
  before(now: Date, limit: number, after?: DueRow): Promise<DueRow[]>;
}
