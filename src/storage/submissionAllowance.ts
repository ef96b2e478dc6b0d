// The per-client submission limit in Table Storage: a partition per client key (its SHA-256) with
// one slot row per submission it may make in a minute (see slotWindow.ts), so the limit holds
// across instances and exactly, also for a burst that arrives all at once. A client over its limit
// costs one query and no write.

import type { TableClient } from '@azure/data-tables';
import { sha256Hex } from '../services/accessTokens';
import type { SubmissionAdmission, SubmissionAllowance } from '../services/submissionAllowance';
import { SlotWindow } from './slotWindow';

const MINUTE_MS = 60 * 1000;

export class TableSubmissionAllowance implements SubmissionAllowance {
  private readonly slots: SlotWindow;

  constructor(table: TableClient, limitPerMinute: number) {
    // Each operation has the deadline every other write has (STORAGE_DEADLINE_MS), not a shorter
    // one: a check past it is answered 503 (ticketService.ts), as a ticket write past it is.
    this.slots = new SlotWindow(table, { size: limitPerMinute, windowMs: MINUTE_MS });
  }

  async take(client: string, at: Date): Promise<SubmissionAdmission> {
    const taken = await this.slots.takeFree(sha256Hex(client), '', at);
    return 'slot' in taken ? { allowed: true } : { allowed: false, retryAfterSeconds: taken.retryAfterSeconds };
  }
}
