// The SLA record (GET /api/ops/sla-report): how the team keeps its promise, over the tickets
// submitted in the last days. It reads the listing rows of those days only (index rows, never the
// tickets table), so its cost follows the window, not the history; the arithmetic is the
// domain's (src/domain/slaRecord.ts).

import { slaReport, slaWindow, type AcknowledgementFacts, type SlaReport } from '../domain/slaRecord';

export type { SlaReport } from '../domain/slaRecord';

export interface SlaRecord {
  report(days: number): Promise<SlaReport>;
}

/** The listing rows the record reads (the Table adapter is src/storage/queueRows.ts). */
export interface SlaRows {
  /** Every ticket submitted within [from, to] whose listing row carries its summary (rows written before it had one are left out). */
  submittedWithin(from: Date, to: Date): Promise<AcknowledgementFacts[]>;
}

export const SLA_REPORT_DAYS = { min: 1, max: 365, default: 30 } as const;

export class SlaRecordService implements SlaRecord {
  private readonly clock: () => Date;

  constructor(private readonly deps: { rows: SlaRows; clock?: () => Date }) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async report(days: number): Promise<SlaReport> {
    if (!Number.isInteger(days) || days < SLA_REPORT_DAYS.min || days > SLA_REPORT_DAYS.max) {
      throw new RangeError(`days must be a whole number from ${SLA_REPORT_DAYS.min} to ${SLA_REPORT_DAYS.max}`);
    }
    const window = slaWindow(days, this.clock());
    const tickets = await this.deps.rows.submittedWithin(window.from, window.to);
    return slaReport(tickets, { days, ...window });
  }
}
