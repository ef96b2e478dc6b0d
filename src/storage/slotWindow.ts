// "At most N in any window" that holds across instances: a partition has N numbered slot rows,
// each remembering who used it and when. A slot is free when its row is absent or was used longer
// than the window ago. Taking one is a create (409 when another writer was first) or an
// ETag-guarded replace (412), so two writers never hold the same slot and the count is exact,
// where a read-count-write counter would let a burst through between the read and the write.
// A sliding window, not a calendar one: no burst of 2N across a window's edge.

import { randomInt } from 'node:crypto';
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { deadline } from './storageClients';
import { asStorageFault, isAlreadyExists, statusOf } from './storageErrors';

export interface Slot {
  index: number;
  /** who used the slot: an email id, or empty where nobody asks */
  holder: string;
  usedAt: Date;
  etag: string;
}

/** A slot row's own columns, as a caller that reads the partition with rows of its own sees them. */
export interface SlotColumns {
  Holder: string;
  UsedAt: string;
}

interface SlotRow extends TableEntity, SlotColumns {}

const PREFIX = 'slot-';

export class SlotWindow {
  constructor(
    private readonly table: TableClient,
    /** `deadlineMs`: of each storage operation, retries included (default STORAGE_DEADLINE_MS) */
    readonly options: { size: number; windowMs: number; deadlineMs?: number },
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error('SlotWindow size must be a positive integer');
  }

  /** The partition's used slots by index; a missing index was never used. */
  async read(partition: string): Promise<Map<number, Slot>> {
    const slots = new Map<number, Slot>();
    try {
      const rows = this.table.listEntities<SlotRow>({
        queryOptions: { filter: `${odata`PartitionKey eq ${partition}`} and ${SlotWindow.rowKeyRange()}` },
        abortSignal: deadline(this.options.deadlineMs),
      });
      for await (const row of rows) this.addSlot(slots, row);
    } catch (error) {
      throw asStorageFault(error);
    }
    return slots;
  }

  /** The row keys of the slot rows, for a caller that reads them with rows of its own in one partition (addSlot takes them). */
  static rowKeyRange(): string {
    return odata`(RowKey ge ${PREFIX} and RowKey lt ${'slot.'})`;
  }

  /** Adds `row` to `slots` when it is one of this window's slot rows (any other row is left out). */
  addSlot(slots: Map<number, Slot>, row: { rowKey?: string | undefined; etag?: string | undefined } & Partial<SlotColumns>): void {
    const key = row.rowKey ?? '';
    if (!key.startsWith(PREFIX)) return;
    const index = Number(key.slice(PREFIX.length));
    // Slots beyond the size stay from a larger limit before a restart: they no longer count.
    if (!Number.isInteger(index) || index >= this.options.size) return;
    slots.set(index, { index, holder: row.Holder ?? '', usedAt: new Date(row.UsedAt ?? 0), etag: row.etag ?? '' });
  }

  /**
   * The transaction action that takes slot `index` (as it was read: `seen`, or absent) for
   * `holder` at `at`: a create, or a replace guarded by the ETag it was read with, so that the
   * transaction fails (409 or 412) when another writer changed or took the slot since.
   */
  takeAction(partition: string, index: number, seen: Slot | undefined, holder: string, at: Date): TransactionAction {
    const row: SlotRow = { partitionKey: partition, rowKey: slotKey(index), Holder: holder, UsedAt: at.toISOString() };
    return seen ? ['update', row, 'Replace', { etag: seen.etag }] : ['create', row];
  }

  /** Indexes free at `at`: never used, or used more than the window before it. */
  free(slots: Map<number, Slot>, at: Date): number[] {
    const free: number[] = [];
    for (let index = 0; index < this.options.size; index++) {
      const slot = slots.get(index);
      if (!slot || !this.inWindow(slot, at)) free.push(index);
    }
    return free;
  }

  /** Whether a slot's use still counts at `at`. */
  inWindow(slot: Slot, at: Date): boolean {
    return at.getTime() - slot.usedAt.getTime() <= this.options.windowMs;
  }

  /** When the first of these slots frees again (all of them in use). */
  firstFreeAt(slots: Map<number, Slot>): Date {
    const oldest = Math.min(...[...slots.values()].map((slot) => slot.usedAt.getTime()));
    return new Date(oldest + this.options.windowMs + 1);
  }

  /**
   * Takes slot `index` (as `read` saw it: `seen`, or absent) for `holder` at `at`; null when
   * another writer changed or took it since, and the caller should read again.
   */
  async take(partition: string, index: number, seen: Slot | undefined, holder: string, at: Date): Promise<Slot | null> {
    const row: SlotRow = { partitionKey: partition, rowKey: slotKey(index), Holder: holder, UsedAt: at.toISOString() };
    try {
      const response = seen
        ? await this.table.updateEntity(row, 'Replace', { etag: seen.etag, abortSignal: deadline(this.options.deadlineMs) })
        : await this.table.createEntity(row, { abortSignal: deadline(this.options.deadlineMs) });
      return { index, holder, usedAt: at, etag: response.etag ?? '' };
    } catch (error) {
      if (isAlreadyExists(error) || statusOf(error) === 412) return null;
      throw asStorageFault(error);
    }
  }

  /**
   * Takes a free slot of the partition for `holder` at `at` (a random one, so a burst's requests
   * rarely race for the same row); when none is free, in how many whole seconds (at least 1) the
   * first one frees. A lost race means another writer took a slot: after as many losses as there
   * are slots, the window is full whatever the last read said.
   */
  async takeFree(partition: string, holder: string, at: Date): Promise<{ slot: Slot } | { retryAfterSeconds: number }> {
    for (let attempt = 0; attempt <= this.options.size; attempt++) {
      const slots = await this.read(partition);
      const free = this.free(slots, at);
      if (free.length === 0) {
        const waitMs = this.firstFreeAt(slots).getTime() - at.getTime();
        return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
      const index = free[randomInt(free.length)]!;
      const slot = await this.take(partition, index, slots.get(index), holder, at);
      if (slot) return { slot };
    }
    return { retryAfterSeconds: 1 };
  }

  /** Gives a slot back, unless someone has taken it since. */
  async release(partition: string, slot: Slot): Promise<void> {
    try {
      await this.table.deleteEntity(partition, slotKey(slot.index), { etag: slot.etag, abortSignal: deadline(this.options.deadlineMs) });
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 412) return;
      throw asStorageFault(error);
    }
  }
}

function slotKey(index: number): string {
  return `${PREFIX}${String(index).padStart(4, '0')}`;
}
