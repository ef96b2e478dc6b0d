// The per-recipient email allowance in Table Storage. One partition per address (the SHA-256 of
// the lower-cased address, so addresses are not stored in the clear) holds the address's slots,
// one per email it may get in an hour (see slotWindow.ts), and one decision row per email id.
// The decision row is written once, with a create: the first ask for an email id to record its
// answer wins, and an ask that loses that race gives back the slot it took and answers the same.

import type { TableClient, TableEntity } from '@azure/data-tables';
import type { RecipientAllowance, RecipientDecision } from '../services/recipientAllowance';
import { sha256Hex } from '../services/accessTokens';
import { SlotWindow, type Slot } from './slotWindow';
import { deadline } from './storageClients';
import { asStorageFault, ConcurrencyConflict, isAlreadyExists, statusOf } from './storageErrors';

const HOUR_MS = 60 * 60 * 1000;
/** The row that says when operators were last told of held-back emails to this address. */
const HELD_BACK_NOTICE_ROW = 'held-back-notice';

interface DecisionRow extends TableEntity {
  EmailId: string;
  Decision: RecipientDecision;
  /** the slot an allowed email used; -1 when held back */
  Slot: number;
  At: string;
}

export class TableRecipientAllowance implements RecipientAllowance {
  private readonly slots: SlotWindow;

  constructor(
    private readonly table: TableClient,
    limitPerHour: number,
  ) {
    this.slots = new SlotWindow(table, { size: limitPerHour, windowMs: HOUR_MS });
  }

  async take(address: string, emailId: string, at: Date): Promise<RecipientDecision> {
    const partition = sha256Hex(address.trim().toLowerCase());
    const decisionKey = `email-${sha256Hex(emailId)}`;
    // Every lost race means another ask took a slot; after more losses than there are slots,
    // something else is wrong.
    for (let attempt = 0; attempt <= this.slots.options.size * 2 + 4; attempt++) {
      const [decided, slots] = await Promise.all([this.decision(partition, decisionKey), this.slots.read(partition)]);
      if (decided) return decided.Decision;
      const free = this.slots.free(slots, at);
      // An ask that took a slot and died before recording its answer left the slot to this one.
      let slot: Slot | null = [...slots.values()].find((s) => s.holder === emailId && !free.includes(s.index)) ?? null;
      if (!slot) {
        if (free.length === 0) return this.decide(partition, decisionKey, { emailId, decision: 'held-back', slot: null, at });
        // Spread concurrent asks over the free slots (by email id), so they rarely collide.
        const index = free[parseInt(sha256Hex(emailId).slice(0, 8), 16) % free.length]!;
        slot = await this.slots.take(partition, index, slots.get(index), emailId, at);
        if (!slot) continue; // another writer took it first: read again
      }
      return this.decide(partition, decisionKey, { emailId, decision: 'allowed', slot, at });
    }
    throw new ConcurrencyConflict();
  }

  async firstHoldBackThisHour(address: string, at: Date): Promise<boolean> {
    const partition = sha256Hex(address.trim().toLowerCase());
    const key = { partitionKey: partition, rowKey: HELD_BACK_NOTICE_ROW };
    try {
      let notice: (TableEntity & { At?: string; etag: string }) | null = null;
      try {
        notice = await this.table.getEntity<TableEntity & { At?: string }>(partition, HELD_BACK_NOTICE_ROW, { abortSignal: deadline() });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      if (notice?.At && at.getTime() - Date.parse(notice.At) < HOUR_MS) return false;
      if (notice) await this.table.updateEntity({ ...key, At: at.toISOString() }, 'Replace', { etag: notice.etag, abortSignal: deadline() });
      else await this.table.createEntity({ ...key, At: at.toISOString() }, { abortSignal: deadline() });
      return true;
    } catch (error) {
      // Another instance told them first.
      if (statusOf(error) === 412 || isAlreadyExists(error)) return false;
      throw asStorageFault(error);
    }
  }

  /** Records this ask's answer, or, when another ask for the same email was first, takes that one's. */
  private async decide(
    partition: string,
    decisionKey: string,
    mine: { emailId: string; decision: RecipientDecision; slot: Slot | null; at: Date },
  ): Promise<RecipientDecision> {
    const row: DecisionRow = {
      partitionKey: partition,
      rowKey: decisionKey,
      EmailId: mine.emailId,
      Decision: mine.decision,
      Slot: mine.slot?.index ?? -1,
      At: mine.at.toISOString(),
    };
    try {
      await this.table.createEntity(row, { abortSignal: deadline() });
      return mine.decision;
    } catch (error) {
      if (!isAlreadyExists(error)) throw asStorageFault(error);
    }
    const first = await this.decision(partition, decisionKey);
    if (!first) throw new ConcurrencyConflict(); // created, then gone: nothing deletes decisions
    if (mine.slot && first.Slot !== mine.slot.index) await this.slots.release(partition, mine.slot);
    return first.Decision;
  }

  private async decision(partition: string, decisionKey: string): Promise<DecisionRow | null> {
    try {
      return await this.table.getEntity<DecisionRow>(partition, decisionKey, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }
}
