// The service's record against its promise (acknowledged within one business day), over the
// tickets submitted in a window. Pure: the window's end is the instant the record is taken at.

import type { Category } from './vocabulary';

/** What the record needs of each ticket. */
export interface AcknowledgementFacts {
  confirmationNumber: string;
  category: Category;
  offerId: string;
  /** ISO 8601 instants */
  submittedAt: string;
  acknowledgeBy: string;
  acknowledgedAt: string | null;
}

export type SlaBreach = AcknowledgementFacts;

export interface SlaReport {
  days: number;
  /** ISO 8601: the window, `to` being the instant the record was taken */
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
  /** wall-clock minutes from submission to acknowledgement, the median over the acknowledged ones (one decimal); null when none was */
  medianMinutesToAcknowledge: number | null;
  /** the due tickets not acknowledged in time (acknowledged late, or never and overdue), latest submission first */
  breaches: SlaBreach[];
}

const DAY_MS = 86_400_000;

/** The window of the last `days` days (24 hours each) up to `to`. */
export function slaWindow(days: number, to: Date): { from: Date; to: Date } {
  return { from: new Date(to.getTime() - days * DAY_MS), to };
}

/**
 * The record over the tickets submitted within [from, to] (both ends included), at `to`: a ticket
 * is due once acknowledged or once its deadline is behind `to` (a deadline exactly at `to` is not
 * yet); it was kept when acknowledged at or before its deadline.
 */
export function slaReport(tickets: readonly AcknowledgementFacts[], window: { days: number; from: Date; to: Date }): SlaReport {
  const from = window.from.getTime();
  const to = window.to.getTime();
  let due = 0;
  let inTime = 0;
  let submitted = 0;
  const minutes: number[] = [];
  const breaches: SlaBreach[] = [];
  for (const t of tickets) {
    const submittedAt = Date.parse(t.submittedAt);
    if (submittedAt < from || submittedAt > to) continue;
    submitted++;
    const deadline = Date.parse(t.acknowledgeBy);
    const acknowledged = t.acknowledgedAt === null ? null : Date.parse(t.acknowledgedAt);
    if (acknowledged !== null) minutes.push((acknowledged - submittedAt) / 60_000);
    if (acknowledged === null && deadline >= to) continue; // not due yet
    due++;
    if (acknowledged !== null && acknowledged <= deadline) inTime++;
    else breaches.push({ ...t });
  }
  breaches.sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt) || (a.confirmationNumber < b.confirmationNumber ? 1 : -1));
  const median = medianOf(minutes);
  return {
    days: window.days,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    submitted,
    due,
    acknowledgedInTime: inTime,
    shareInTime: due === 0 ? null : inTime / due,
    medianMinutesToAcknowledge: median === null ? null : Math.round(median * 10) / 10,
    breaches,
  };
}

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
