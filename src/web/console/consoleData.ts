// What the console's pages are rendered from, in the shapes the services give them: the queue's
// entries and the SLA record (src/services/operatorQueue.ts, src/services/slaRecord.ts), the
// ticket with its history, its thread and its customer notice.

import type { CustomerNotice } from '../../domain/customerNotice';
import type { Message } from '../../domain/thread';
import type { HistoryEntry, Ticket } from '../../domain/ticket';

export type { QueueEntry, QueueFilter, QueuePage } from '../../services/operatorQueue';
export type { SlaReport } from '../../services/slaRecord';

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
