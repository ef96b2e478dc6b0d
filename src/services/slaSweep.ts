// The acknowledgement SLA sweep. "Overdue" is derived from the data at each run, never from the
// time since the last run: a late, doubled or catch-up run flags exactly the same tickets.

import { flagSlaBreach, isOverdue, minutesOverdue, type Ticket } from '../domain/ticket';
import { ConcurrencyConflict } from './storageFaults';
import type { DueDates, DueRow } from './dueDates';
import { inParallel } from './inParallel';
import type { ListedSubmission, TicketListing } from './ticketListing';
import type { TicketStore } from './ticketStore';
import { describeError, type AlertSink, type Logger } from './logger';

export interface SweepResult {
  examined: number;
  flagged: number;
  repaired: number;
}

export interface SlaSweepDeps {
  store: TicketStore;
  dueDates: DueDates;
  /** the listing: kept in step with each flag, and read for submissions whose due row is missing */
  listing: TicketListing;
  alerts: AlertSink;
  logger: Logger;
  clock?: () => Date;
  /** due rows read per round */
  batchSize?: number;
  /** tickets worked on at once */
  concurrency?: number;
  /**
   * How long after its submission a ticket's due row is checked for (ms). Intake writes the ticket
   * and its confirmation message; the message's handler writes the index rows (the due row among
   * them) a moment later: this leaves that time to pass.
   */
  reconcileGraceMs?: number;
  /** listing rows checked per run at most; the rest wait for the next run */
  reconcileLimit?: number;
}

export class SlaSweep {
  private readonly clock: () => Date;

  constructor(private readonly deps: SlaSweepDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Repairs missing due rows, then flags every ticket still submitted after its deadline; one alert per breach. */
  async run(): Promise<SweepResult> {
    const now = this.clock();
    const result: SweepResult = { examined: 0, flagged: 0, repaired: 0 };
    try {
      const moved = await this.deps.dueDates.moveEarlierRows();
      if (moved > 0) this.deps.logger.info('sla sweep moved the due rows of an earlier version', { moved });
    } catch (error) {
      // Claims wait until every row is where the claims look: the next run moves the rest first.
      this.deps.logger.error('sla sweep could not move the due rows of an earlier version', { error: describeError(error) });
      return result;
    }
    await this.restoreMissingDueRows(now, result);
    const batchSize = this.deps.batchSize ?? 500;
    let after: DueRow | undefined;
    for (;;) {
      const rows = await this.deps.dueDates.before(now, batchSize, after);
      if (rows.length === 0) break;
      after = rows[rows.length - 1];
      await inParallel(rows, this.deps.concurrency ?? 16, (row) => this.examine(row, now, result));
      if (rows.length < batchSize) break;
    }
    if (result.flagged > 0 || result.repaired > 0) this.deps.logger.info('sla sweep finished', { ...result });
    return result;
  }

  /**
   * The index drifts from the tickets when a ticket was stored but its due row was not (the
   * confirmation's handler failed to write it, or a withdrawn submission's ticket could not be
   * taken back). Without the row the sweep would
   * never see the ticket, so each run walks the listing rows of tickets submitted since the last
   * run (a key range after a stored cursor: its cost follows the intake, not the history) and puts
   * back the due row of every ticket that is still submitted and lacks one.
   */
  private async restoreMissingDueRows(now: Date, result: SweepResult): Promise<void> {
    try {
      const limit = this.deps.reconcileLimit ?? 5_000;
      const cursor = await this.deps.listing.reconcileCursor();
      const before = new Date(now.getTime() - (this.deps.reconcileGraceMs ?? 5 * 60_000));
      if (cursor >= before.toISOString()) return;
      const listed = await this.deps.listing.submittedBetween(cursor, before, limit);
      await inParallel(listed, this.deps.concurrency ?? 16, (row) => this.restoreDueRow(row, result));
      // A full batch may leave rows behind the limit: continue after the last one next time.
      const last = listed[listed.length - 1];
      await this.deps.listing.setReconcileCursor(listed.length >= limit && last ? last.key : before.toISOString());
    } catch (error) {
      // The cursor stays where it was; the next run checks the same range again.
      this.deps.logger.error('sla sweep could not check the index for missing due rows', { error: describeError(error) });
    }
  }

  private async restoreDueRow(row: ListedSubmission, result: SweepResult): Promise<void> {
    const stored = await this.deps.store.get(row.confirmationNumber);
    if (!stored || stored.ticket.status !== 'submitted' || stored.ticket.slaBreached) return;
    const due = dueRowOf(stored.ticket);
    if (await this.deps.dueDates.has(due)) return;
    // An acknowledgement stores its ticket before it removes the due row: if the ticket is still
    // unchanged now that the row is found missing, the row was missing before, not just removed.
    const again = await this.deps.store.get(row.confirmationNumber);
    if (!again || again.etag !== stored.etag) return;
    await this.deps.dueDates.add(due);
    result.repaired++;
    this.deps.logger.warn('sla sweep restored a missing due row', { confirmationNumber: due.confirmationNumber });
  }

  private raise(ticket: Ticket, now: Date): void {
    this.deps.alerts.raise({
      alert: 'SlaBreached',
      confirmationNumber: ticket.confirmationNumber,
      category: ticket.category,
      severity: ticket.severity ?? (ticket.cvss ? ticket.cvss.severity : null),
      minutesOverdue: minutesOverdue(ticket, now),
      acknowledgeBy: ticket.acknowledgeBy,
    });
  }

  private async examine(row: DueRow, now: Date, result: SweepResult): Promise<void> {
    result.examined++;
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await this.deps.store.get(row.confirmationNumber);
        if (stored?.ticket.slaBreached && stored.ticket.acknowledgeBy === row.acknowledgeBy) {
          // Flagged by a run that stopped before it could claim this row and alert: finish its work.
          await this.deps.listing.upsert(stored.ticket, stored.historyCount);
          if (await this.deps.dueDates.claim(row)) {
            this.raise(stored.ticket, now);
            result.flagged++;
          }
          return;
        }
        if (!stored || stored.ticket.status !== 'submitted' || stored.ticket.slaBreached) {
          // Acknowledged, never stored, or a stale row of a flagged ticket: the row outlived its purpose.
          await this.deps.dueDates.remove(row);
          result.repaired++;
          return;
        }
        const ticket = stored.ticket;
        if (ticket.acknowledgeBy !== row.acknowledgeBy) {
          // The row disagrees with its ticket about the deadline: the ticket wins.
          await Promise.all([this.deps.dueDates.add(ticket), this.deps.dueDates.remove(row)]);
          result.repaired++;
        }
        if (!isOverdue(ticket, now)) return;
        const change = flagSlaBreach(ticket, now);
        try {
          await this.deps.store.update(stored, change.ticket, change.entry);
        } catch (error) {
          // An acknowledgement (or another sweep) got there first: look again.
          if (error instanceof ConcurrencyConflict) continue;
          throw error;
        }
        // The listing first: while it lags, the due row stays and the next run writes it again.
        await this.deps.listing.upsert(change.ticket, stored.historyCount + 1, change.entry.at);
        // The alert goes to whoever removes the due row: the flag and the row together say whether
        // a breach was alerted, so a run that dies after flagging is finished by the next one, and
        // two runs never both alert.
        if (await this.deps.dueDates.claim(dueRowOf(ticket))) {
          this.raise(change.ticket, now);
          result.flagged++;
        }
        return;
      }
    } catch (error) {
      // One ticket's fault must not stop the sweep; its row stays and the next run retries it.
      this.deps.logger.error('sla sweep could not examine a ticket', { confirmationNumber: row.confirmationNumber, error: describeError(error) });
    }
  }
}

function dueRowOf(ticket: Pick<Ticket, 'confirmationNumber' | 'acknowledgeBy'>): DueRow {
  return { confirmationNumber: ticket.confirmationNumber, acknowledgeBy: ticket.acknowledgeBy };
}
