// What the console's pages are rendered from, in the shapes the services give them: the queue's
// entries and the SLA record (src/services/operatorQueue.ts and src/services/slaRecord.ts, written
// beside this part; these declarations are the interface both sides agreed on and give way to an
// import of theirs once those modules are in), the ticket with its history, its thread and its
// customer notice. Types only.

import type { CustomerNotice } from '../../domain/customerNotice';
import type { Message } from '../../domain/thread';
import type { HistoryEntry, Ticket } from '../../domain/ticket';
import type { Category, Priority, Severity, TicketStatus } from '../../domain/vocabulary';

/** A ticket as the queue lists it (an index row, never the ticket itself). */
export interface QueueEntry {
  confirmationNumber: string;
  status: TicketStatus;
  category: Category;
  offerId: string;
  summary: string;
  cveId: string | null;
  /** from the vector */
  cvssSeverity: Severity | null;
  /** the operator's, once acknowledged */
  severity: Severity | null;
  priority: Priority | null;
  submittedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  slaBreached: boolean;
  /** the last history entry's instant */
  updatedAt: string;
  /** the history's length */
  version: number;
}

export interface QueueFilter {
  status?: TicketStatus;
  category?: Category;
  /** the operator's severity if set, else the CVSS one */
  severity?: Severity;
  breached?: boolean;
}

export interface QueuePage {
  items: QueueEntry[];
  continuationToken?: string;
}

/** The service's record of keeping its promise over the last `days` days. */
export interface SlaReport {
  days: number;
  from: string;
  to: string;
  /** tickets submitted in the window */
  submitted: number;
  /** of those, acknowledged or past their deadline: the ones the promise applies to yet */
  due: number;
  /** acknowledgedAt <= acknowledgeBy */
  acknowledgedInTime: number;
  /** acknowledgedInTime / due; null when due = 0 */
  shareInTime: number | null;
  /** wall-clock, over the acknowledged ones */
  medianMinutesToAcknowledge: number | null;
  breaches: { confirmationNumber: string; category: Category; offerId: string; submittedAt: string; acknowledgeBy: string; acknowledgedAt: string | null }[];
}

/** The ticket as an operator reads it: the whole report and its history (GET /api/ops/tickets/{n}). */
export type ConsoleTicket = Ticket & { history: readonly HistoryEntry[] };

/** The version of a ticket a page was rendered from: its history's length, which every change grows. */
export function ticketVersion(ticket: Pick<ConsoleTicket, 'history'>): number {
  return ticket.history.length;
}

// What the machinery records by itself (an email's fate, the deadline passing, the reminder) is
// nobody acting first: only these come between an operator's page and their step.
const NOT_AN_ACT: ReadonlySet<HistoryEntry['event']> = new Set([
  'notification-sent',
  'notification-failed',
  'notification-held-back',
  'sla-breached',
  'information-reminded',
]);

/**
 * What people did on the ticket since the page the operator acted from was rendered at
 * `version`: the history entries after it that someone made (a step, a message, the notice),
 * oldest first; empty when nothing stands between the page and the step.
 */
export function changesSince(history: readonly HistoryEntry[], version: number): HistoryEntry[] {
  return history.slice(version).filter((entry) => !NOT_AN_ACT.has(entry.event));
}

export type { CustomerNotice, Message };
