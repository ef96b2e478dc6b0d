// The per-recipient email allowance in Table Storage. One partition per address (the SHA-256 of
// the lower-cased address, so addresses are not stored in the clear) holds the address's slots,
// one per email it may get in an hour (see slotWindow.ts), and one decision row per email id.
// The decision row is written once, with a create, in one transaction with the slot it takes: the
// first ask for an email id to record its answer wins, and an ask that loses that race has taken
// nothing and answers the same. An address's first emails cost one transaction each; later ones
// one more read.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { RecipientAllowance, RecipientDecision } from '../services/recipientAllowance';
import { sha256Hex } from '../services/accessTokens';
import { SlotWindow, type Slot, type SlotColumns } from './slotWindow';
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
    const spread = parseInt(sha256Hex(emailId).slice(0, 8), 16);
    // Most asks are an address's first emails, whose slot was never used: the slot this email's
    // id points at is created with its answer, without reading first. A slot row already there
    // (used before, free or not) or an answer already recorded fails the transaction, and the
    // ask reads.
    const blind = spread % this.slots.options.size;
    if (await this.takeWithAnswer(partition, decisionKey, blind, undefined, emailId, at)) return 'allowed';
    // Every lost race means another ask took a slot or answered this email; after more losses
    // than there are slots, something else is wrong.
    for (let attempt = 0; attempt <= this.slots.options.size * 2 + 4; attempt++) {
      const { decided, slots } = await this.read(partition, decisionKey);
      if (decided) return decided.Decision;
      const free = this.slots.free(slots, at);
      // An ask made before slot and answer were written together may have taken its slot and died
      // before recording the answer: that slot is this email's.
      const left = [...slots.values()].find((s) => s.holder === emailId && !free.includes(s.index));
      if (left) return this.decide(partition, decisionKey, { emailId, decision: 'allowed', slot: left.index, at });
      if (free.length === 0) return this.decide(partition, decisionKey, { emailId, decision: 'held-back', slot: null, at });
      // Spread concurrent asks over the free slots (by email id), so they rarely collide.
      const index = free[spread % free.length]!;
      if (await this.takeWithAnswer(partition, decisionKey, index, slots.get(index), emailId, at)) return 'allowed';
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

  /**
   * Takes slot `index` (as read: `seen`, or absent) and records the email as allowed, in one
   * transaction (one partition): both are written or neither, so no slot is ever taken without
   * its answer, and a lost race leaves nothing to give back. False when another writer took the
   * slot (409, 412) or answered this email (409) first.
   */
  private async takeWithAnswer(partition: string, decisionKey: string, index: number, seen: Slot | undefined, emailId: string, at: Date): Promise<boolean> {
    try {
      await this.table.submitTransaction(
        [
          this.slots.takeAction(partition, index, seen, emailId, at),
          ['create', decisionRow(partition, decisionKey, { emailId, decision: 'allowed', slot: index, at })],
        ],
        { abortSignal: deadline() },
      );
      return true;
    } catch (error) {
      if (isAlreadyExists(error) || statusOf(error) === 412) return false;
      throw asStorageFault(error);
    }
  }

  /** Records this ask's answer alone, or, when another ask for the same email was first, takes that one's. */
  private async decide(
    partition: string,
    decisionKey: string,
    mine: { emailId: string; decision: RecipientDecision; slot: number | null; at: Date },
  ): Promise<RecipientDecision> {
    try {
      await this.table.createEntity(decisionRow(partition, decisionKey, mine), { abortSignal: deadline() });
      return mine.decision;
    } catch (error) {
      if (!isAlreadyExists(error)) throw asStorageFault(error);
    }
    const { decided } = await this.read(partition, decisionKey);
    if (!decided) throw new ConcurrencyConflict(); // created, then gone: nothing deletes decisions
    return decided.Decision;
  }

  /** The email's decision, if any, and the address's slots: one query of the address's partition. */
  private async read(partition: string, decisionKey: string): Promise<{ decided: DecisionRow | null; slots: Map<number, Slot> }> {
    let decided: DecisionRow | null = null;
    const slots = new Map<number, Slot>();
    try {
      // One partition, two key ranges: Table Storage reads it as one partition scan, which the
      // address's few rows keep small.
      const filter = `${odata`PartitionKey eq ${partition}`} and (${odata`RowKey eq ${decisionKey}`} or ${SlotWindow.rowKeyRange()})`;
      for await (const row of this.table.listEntities<Partial<Omit<DecisionRow, 'partitionKey' | 'rowKey'> & SlotColumns>>({
        queryOptions: { filter },
        abortSignal: deadline(),
      })) {
        if (row.rowKey === decisionKey) decided = row as unknown as DecisionRow;
        else this.slots.addSlot(slots, row);
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    return { decided, slots };
  }
}

function decisionRow(
  partition: string,
  decisionKey: string,
  mine: { emailId: string; decision: RecipientDecision; slot: number | null; at: Date },
): DecisionRow {
  return { partitionKey: partition, rowKey: decisionKey, EmailId: mine.emailId, Decision: mine.decision, Slot: mine.slot ?? -1, At: mine.at.toISOString() };
}
