// The operators' queue: what a ticket shows in it and where it stands. Pure: the instant "now" is
// an argument, so the order at a deadline's exact instant is a unit test, not a race.

import { suggestedSeverity, type Ticket } from './ticket';
import type { Category, Priority, Severity, TicketStatus } from './vocabulary';

/** A ticket as the queue and the search show it: its summary, never its report. */
export interface QueueEntry {
  confirmationNumber: string;
  status: TicketStatus;
  category: Category;
  offerId: string;
  summary: string;
  cveId: string | null;
  /** from the CVSS vector ("none" counts as low, as the acknowledgement suggests it) */
  cvssSeverity: Severity | null;
  /** the operator's, once acknowledged */
  severity: Severity | null;
  priority: Priority | null;
  /** ISO 8601 instants */
  submittedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  slaBreached: boolean;
  /** the instant of the last history entry that counts in `version` (its lifecycle and correspondence steps) */
  updatedAt: string;
  /** the ticket's history count */
  version: number;
}

export interface QueueFilter {
  status?: TicketStatus;
  category?: Category;
  /** the operator's severity if set, else the CVSS one */
  severity?: Severity;
  /** flagged by the sweep, or its deadline missed (acknowledged late, or still unacknowledged past it) */
  breached?: boolean;
}

/** What a ticket shows in the queue: derived from the ticket, its version and the instant of its last change. */
export function queueEntryOf(ticket: Ticket, version: number, updatedAt: string): QueueEntry {
  return {
    confirmationNumber: ticket.confirmationNumber,
    status: ticket.status,
    category: ticket.category,
    offerId: ticket.offerId,
    summary: ticket.summary,
    cveId: ticket.cveId,
    cvssSeverity: suggestedSeverity(ticket),
    severity: ticket.severity,
    priority: ticket.priority,
    submittedAt: ticket.submittedAt,
    acknowledgeBy: ticket.acknowledgeBy,
    acknowledgedAt: ticket.acknowledgedAt,
    slaBreached: ticket.slaBreached,
    updatedAt,
    version,
  };
}

/** The severity the queue sorts and filters by: the operator's once set, else the one of the CVSS vector. */
export function queueSeverity(entry: Pick<QueueEntry, 'severity' | 'cvssSeverity'>): Severity | null {
  return entry.severity ?? entry.cvssSeverity;
}

type Deadline = Pick<QueueEntry, 'status' | 'acknowledgeBy' | 'acknowledgedAt' | 'slaBreached'>;

/** Whether nobody acknowledged the ticket and its deadline is behind `now` (exactly now is not yet), or the sweep flagged it. */
export function isOverdueNow(entry: Deadline, now: Date): boolean {
  return entry.status === 'submitted' && (entry.slaBreached || Date.parse(entry.acknowledgeBy) < now.getTime());
}

/** Whether the ticket missed its deadline: flagged, acknowledged after it, or still unacknowledged past it at `now`. */
export function missedDeadline(entry: Deadline, now: Date): boolean {
  if (entry.slaBreached) return true;
  if (entry.acknowledgedAt !== null) return Date.parse(entry.acknowledgedAt) > Date.parse(entry.acknowledgeBy);
  return Date.parse(entry.acknowledgeBy) < now.getTime();
}

/** Whether `entry` passes every condition `filter` sets. */
export function matchesQueueFilter(entry: QueueEntry, filter: QueueFilter, now: Date): boolean {
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.category !== undefined && entry.category !== filter.category) return false;
  if (filter.severity !== undefined && queueSeverity(entry) !== filter.severity) return false;
  if (filter.breached !== undefined && missedDeadline(entry, now) !== filter.breached) return false;
  return true;
}

/**
 * Where an open ticket stands in the queue: `group` 0 (unacknowledged and overdue or flagged,
 * by deadline), 1 (unacknowledged, by deadline), 2 (the other open tickets, the one waiting
 * longest since its last change first); `at` orders within the group, the number breaks ties.
 */
export interface QueuePosition {
  group: 0 | 1 | 2;
  at: string;
  confirmationNumber: string;
}

/** The queue position of an open ticket at `now`. */
export function queuePosition(entry: QueueEntry, now: Date): QueuePosition {
  const { confirmationNumber } = entry;
  if (entry.status === 'submitted') return { group: isOverdueNow(entry, now) ? 0 : 1, at: entry.acknowledgeBy, confirmationNumber };
  return { group: 2, at: entry.updatedAt, confirmationNumber };
}

/** Negative when `a` comes first in the queue, positive when `b` does, 0 for the same position. */
export function compareQueuePositions(a: QueuePosition, b: QueuePosition): number {
  return a.group - b.group || Date.parse(a.at) - Date.parse(b.at) || compareText(a.confirmationNumber, b.confirmationNumber);
}

/** The open tickets in queue order at `now` (a new array; the input is left as it is). */
export function orderQueue<E extends QueueEntry>(entries: readonly E[], now: Date): E[] {
  return entries
    .map((entry) => ({ entry, position: queuePosition(entry, now) }))
    .sort((a, b) => compareQueuePositions(a.position, b.position))
    .map(({ entry }) => entry);
}

/** Newest submission first (the resolved ones and the search's answers), the number breaking ties. */
export function compareNewestFirst(
  a: Pick<QueueEntry, 'submittedAt' | 'confirmationNumber'>,
  b: Pick<QueueEntry, 'submittedAt' | 'confirmationNumber'>,
): number {
  return Date.parse(b.submittedAt) - Date.parse(a.submittedAt) || compareText(b.confirmationNumber, a.confirmationNumber);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
