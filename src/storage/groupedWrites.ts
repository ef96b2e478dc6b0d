// Writes to the index's shared partitions ('open', 'due', a day's listing partition, the search
// rows' 'find'), grouped.
// Every confirmation writes rows to each of them, and the queue trigger runs up to 16
// confirmations at once, so their writes meet at the same partitions within milliseconds. While
// one write to a partition is on its way, the writes that arrive for it wait, and go together as
// one entity-group transaction when it returns: no wait is added when the service is quiet (the
// first write goes at once, alone), and under a burst a partition costs one request per round
// instead of one per email. A request costs the sender more CPU than anything the email does
// between its requests, so this is where a busy sender's time goes.
//
// A transaction is all or nothing: one row that cannot be created (it exists: a redelivered
// message) would fail every write beside it. So a failed transaction is not an answer for
// anyone: each of its writes is then made alone, and each caller gets exactly the outcome (or the
// error) its own request would have had without the grouping. The same row never appears twice in
// one transaction (Table Storage refuses that); a second write of a row waits for the next round.

import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { deadline } from './storageClients';

/**
 * At most this many writes per transaction (Table Storage's limit is 100 operations). A
 * transaction may also carry at most 4 MiB: the rows written through here (index rows, sent-email
 * rows) are a few hundred bytes each, a summary of at most 200 characters the longest column.
 */
export const GROUP_LIMIT = 100;

type Write = {
  action: 'create' | 'upsert';
  entity: TableEntity;
  resolve: () => void;
  reject: (error: unknown) => void;
};

export class GroupedWrites {
  /** The partitions with a write under way, and the writes waiting for their round. */
  private readonly waiting = new Map<string, Write[]>();

  constructor(private readonly table: TableClient) {}

  /** Creates the row; fails as `createEntity` does (409 when it exists). */
  create(entity: TableEntity): Promise<void> {
    return this.write('create', [entity]);
  }

  /** Writes the row whole, whether or not it exists (`upsertEntity`, 'Replace'). */
  upsert(entity: TableEntity): Promise<void> {
    return this.write('upsert', [entity]);
  }

  /**
   * Writes the rows of one partition whole, as `upsert` does each: when nothing is under way for
   * the partition they go at once, together, so rows written side by side cost one request even
   * when the service is quiet. Fails with the first row's error that fails.
   */
  async upsertAll(entities: TableEntity[]): Promise<void> {
    if (new Set(entities.map((e) => e.partitionKey)).size > 1) throw new Error('upsertAll writes the rows of one partition');
    await this.write('upsert', entities);
  }

  private write(action: Write['action'], entities: TableEntity[]): Promise<void> {
    if (entities.length === 0) return Promise.resolve();
    const partitionKey = entities[0]!.partitionKey;
    const writes: Write[] = [];
    const written = entities.map((entity) => new Promise<void>((resolve, reject) => writes.push({ action, entity, resolve, reject })));
    const queued = this.waiting.get(partitionKey);
    if (queued) queued.push(...writes);
    else {
      this.waiting.set(partitionKey, writes);
      void this.drain(partitionKey);
    }
    return Promise.all(written).then(() => undefined);
  }

  /** Sends the writes waiting for the partition round by round, until none is left. */
  private async drain(partitionKey: string): Promise<void> {
    const queued = this.waiting.get(partitionKey)!;
    for (let round = nextRound(queued); round.length > 0; round = nextRound(queued)) await this.commit(round);
    this.waiting.delete(partitionKey);
  }

  private async commit(round: Write[]): Promise<void> {
    if (round.length > 1) {
      try {
        await this.table.submitTransaction(round.map(actionOf), { abortSignal: deadline() });
        for (const write of round) write.resolve();
        return;
      } catch {
        // Whatever failed it, each write gets its own answer below. A transaction that went
        // through before its deadline ended is met by each write alone as a row already there:
        // a create then answers 409, as it would have to a second delivery, and an upsert is the
        // same write again.
      }
    }
    await Promise.all(round.map((write) => this.alone(write)));
  }

  private async alone(write: Write): Promise<void> {
    try {
      if (write.action === 'create') await this.table.createEntity(write.entity, { abortSignal: deadline() });
      else await this.table.upsertEntity(write.entity, 'Replace', { abortSignal: deadline() });
      write.resolve();
    } catch (error) {
      write.reject(error);
    }
  }
}

function actionOf(write: Write): TransactionAction {
  return write.action === 'create' ? ['create', write.entity] : ['upsert', write.entity, 'Replace'];
}

/** Takes from `queued`, in order, up to GROUP_LIMIT writes of distinct rows; the rest stay queued. */
function nextRound(queued: Write[]): Write[] {
  const round: Write[] = [];
  const rows = new Set<string>();
  for (let i = 0; i < queued.length && round.length < GROUP_LIMIT;) {
    const write = queued[i]!;
    if (rows.has(write.entity.rowKey)) {
      i++;
      continue;
    }
    rows.add(write.entity.rowKey);
    round.push(write);
    queued.splice(i, 1);
  }
  return round;
}
