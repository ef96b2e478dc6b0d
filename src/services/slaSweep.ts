// The acknowledgement SLA sweep. "Overdue" is derived from the data at each run, never from the
// time since the last run: a late, doubled or catch-up run flags exactly the same tickets.

import { flagSlaBreach, isOverdue, minutesOverdue } from '../domain/ticket';
import { ConcurrencyConflict } from '../storage/storageErrors';
import type { DueRow, TicketIndex } from '../storage/ticketIndex';
import type { TicketStore } from '../storage/ticketStore';
import type { AlertSink, Logger } from './logger';
import { describe } from './ticketService';

export interface SweepResult {
  examined: number;
  flagged: number;
  repaired: number;
}

export interface SlaSweepDeps {
  store: TicketStore;
  index: TicketIndex;
  alerts: AlertSink;
  logger: Logger;
  clock?: () => Date;
  /** due rows read per round */
  batchSize?: number;
  /** tickets worked on at once */
  concurrency?: number;
}

export class SlaSweep {
  private readonly clock: () => Date;

  constructor(private readonly deps: SlaSweepDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Flags every ticket still submitted after its deadline; one alert per breach. */
  async run(): Promise<SweepResult> {
    const now = this.clock();
    const result: SweepResult = { examined: 0, flagged: 0, repaired: 0 };
    const batchSize = this.deps.batchSize ?? 500;
    const seen = new Set<string>();
    for (;;) {
      const rows = (await this.deps.index.dueBefore(now, batchSize)).filter((r) => !seen.has(key(r)));
      if (rows.length === 0) break;
      rows.forEach((r) => seen.add(key(r)));
      await inParallel(rows, this.deps.concurrency ?? 16, (row) => this.examine(row, now, result));
      if (rows.length < batchSize) break;
    }
    if (result.flagged > 0 || result.repaired > 0) this.deps.logger.info('sla sweep finished', { ...result });
    return result;
  }

  private async examine(row: DueRow, now: Date, result: SweepResult): Promise<void> {
    result.examined++;
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await this.deps.store.get(row.confirmationNumber);
        if (!stored || stored.ticket.status !== 'submitted' || stored.ticket.slaBreached) {
          // Acknowledged, already flagged, or never stored: the row outlived its purpose.
          await this.deps.index.removeDue(row);
          result.repaired++;
          return;
        }
        const ticket = stored.ticket;
        if (ticket.acknowledgeBy !== row.acknowledgeBy) {
          // The row disagrees with its ticket about the deadline: the ticket wins.
          await Promise.all([this.deps.index.addDue(ticket), this.deps.index.removeDue(row)]);
          result.repaired++;
          if (!isOverdue(ticket, now)) return;
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
        // Only the writer that flagged the ticket raises the alert, so a breach alerts once.
        this.deps.alerts.raise({
          alert: 'SlaBreached',
          confirmationNumber: ticket.confirmationNumber,
          category: ticket.category,
          severity: ticket.severity ?? (ticket.cvss ? ticket.cvss.severity : null),
          minutesOverdue: minutesOverdue(ticket, now),
          acknowledgeBy: ticket.acknowledgeBy,
        });
        result.flagged++;
        await Promise.allSettled([this.deps.index.removeDue(row), this.deps.index.upsertListing(change.ticket)]);
        return;
      }
    } catch (error) {
      // One ticket's fault must not stop the sweep; its row stays and the next run retries it.
      this.deps.logger.error('sla sweep could not examine a ticket', { confirmationNumber: row.confirmationNumber, error: describe(error) });
    }
  }
}

function key(row: DueRow): string {
  return `${row.acknowledgeBy}|${row.confirmationNumber}`;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}
