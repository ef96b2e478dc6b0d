// The per-client submission limit in Table Storage: a partition per client key (its SHA-256) with
// one slot row per submission it may make in a minute (see slotWindow.ts), so the limit holds
// across instances and exactly, also for a burst that arrives all at once. A client over its limit
// costs one query and no write.

import { randomInt } from 'node:crypto';
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
    const partition = sha256Hex(client);
    // A lost race means another submission of this client took a slot: after as many losses as
    // there are slots, the minute is full whatever the last read said.
    for (let attempt = 0; attempt <= this.slots.options.size; attempt++) {
      const slots = await this.slots.read(partition);
      const free = this.slots.free(slots, at);
      if (free.length === 0) {
        const waitMs = this.slots.firstFreeAt(slots).getTime() - at.getTime();
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      // A random free slot, so a burst's requests rarely race for the same row.
      const index = free[randomInt(free.length)]!;
      if (await this.slots.take(partition, index, slots.get(index), '', at)) return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: 1 };
  }
}
