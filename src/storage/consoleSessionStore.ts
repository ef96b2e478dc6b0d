// The console's sessions in Table Storage: a partition per session, addressed by the hash of its id
// (the services hash it; this adapter never sees an id), one row with who and when.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { ConsoleSessionStore, StoredConsoleSession } from '../services/consoleSessions';
import { deadline } from './storageClients';
import { queryRows } from './queryRows';
import { asStorageFault, statusOf } from './storageErrors';

interface Row extends TableEntity {
  /** '' for the operator key */
  Operator: string;
  /** '' for the operator key */
  PrincipalId: string;
  CreatedAt: string;
  LastSeenAt: string;
}

const ROW = 'session';

export class TableConsoleSessionStore implements ConsoleSessionStore {
  constructor(private readonly table: TableClient) {}

  async create(key: string, session: StoredConsoleSession): Promise<void> {
    const row: Row = {
      partitionKey: key,
      rowKey: ROW,
      Operator: session.operator ?? '',
      PrincipalId: session.principalId ?? '',
      CreatedAt: session.createdAt.toISOString(),
      LastSeenAt: session.lastSeenAt.toISOString(),
    };
    try {
      await this.table.createEntity(row, { abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async read(key: string): Promise<StoredConsoleSession | null> {
    try {
      const row = await this.table.getEntity<Row>(key, ROW, { abortSignal: deadline() });
      return {
        operator: row.Operator || null,
        principalId: row.PrincipalId || null,
        createdAt: new Date(row.CreatedAt),
        lastSeenAt: new Date(row.LastSeenAt),
      };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }

  async touch(key: string, lastSeenAt: Date): Promise<void> {
    try {
      // Merge with the wildcard ETag: it updates the row only while it exists (404 once deleted).
      await this.table.updateEntity({ partitionKey: key, rowKey: ROW, LastSeenAt: lastSeenAt.toISOString() }, 'Merge', { etag: '*', abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw asStorageFault(error);
    }
  }

  async expired(createdBefore: Date, lastSeenBefore: Date, limit: number): Promise<string[]> {
    // Across partitions (one per session): a scan of this table, which holds only the sessions
    // not yet expired or not yet removed, once a night. The instants are ISO strings of one
    // length, so their order as strings is their order in time.
    const filter = odata`RowKey eq ${ROW} and (CreatedAt lt ${createdBefore.toISOString()} or LastSeenAt lt ${lastSeenBefore.toISOString()})`;
    const rows = await queryRows<{ partitionKey: string }>(this.table, filter, limit, ['PartitionKey']);
    return rows.map((row) => row.partitionKey);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(key, ROW, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw asStorageFault(error);
    }
  }
}
