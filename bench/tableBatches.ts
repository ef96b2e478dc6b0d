// Seeding (and clearing) the benches' rows: entity-group transactions of up to 100 rows of one
// partition, several at once, a lone row of its partition as a single request.

import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';
import { inParallel } from '../src/services/inParallel';

const BATCH = 100; // an entity-group transaction holds at most 100 entities

export async function inBatches(table: TableClient, rows: readonly TableEntity[], o: { action?: 'create' | 'delete'; parallel?: number } = {}): Promise<void> {
  const action = o.action ?? 'create';
  const byPartition = new Map<string, TableEntity[]>();
  for (const row of rows) {
    const partition = byPartition.get(row.partitionKey);
    if (partition) partition.push(row);
    else byPartition.set(row.partitionKey, [row]);
  }
  const batches: TableEntity[][] = [];
  for (const partition of byPartition.values()) for (let i = 0; i < partition.length; i += BATCH) batches.push(partition.slice(i, i + BATCH));
  await inParallel(batches, o.parallel ?? 16, async (batch) => {
    const [only] = batch;
    if (batch.length > 1) await table.submitTransaction(batch.map((row): TransactionAction => [action, row]));
    else if (action === 'create') await table.createEntity(only!);
    else await table.deleteEntity(only!.partitionKey, only!.rowKey);
  });
}
