// The port the customer notice's use cases store its steps through (the Table adapter is
// src/storage/customerNoticeStore.ts): the versions proposed after the submission and the
// approvals, in the ticket's own partition beside its history.

import type { NoticeApproval, NoticeSteps, NoticeVersion } from '../domain/customerNotice';
import type { HistoryEntry } from '../domain/ticket';
import type { StoredTicket } from './ticketStore';

/** One step of the notice: a new version, or the approval of one. */
export type NoticeStep = { kind: 'proposed'; version: NoticeVersion } | { kind: 'approved'; approval: NoticeApproval };

export interface CustomerNoticeStore {
  /** The stored versions and approvals of a ticket's notice (the submission's draft is the ticket's own). */
  steps(confirmationNumber: string): Promise<NoticeSteps>;
  /**
   * Writes a step with its history entry and returns the entry's event id (the ticket store's
   * nextEventId(stored)). The write is conditional: it throws ConcurrencyConflict when the ticket
   * changed since `stored` was read, or when that version or approval was written meanwhile.
   */
  write(stored: StoredTicket, step: NoticeStep, entry: HistoryEntry): Promise<string>;
}
