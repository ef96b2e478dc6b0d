// Table Storage adapter for the record of sent emails: one row per email in one partition,
// RowKey = the send operation's id (what ACS reports as the message id), so a delivery report
// finds its ticket with one point read. One partition, because every email writes its row just
// after its send: a burst's rows share it and go in grouped transactions (groupedWrites.ts),
// where a partition per email cost every email a request of its own. Rows written before that
// (PartitionKey = the id, RowKey 'email') are still read, when the id is not found in the
// partition. Rows written before events had ids of their own name the event by `EventKey` (its
// history row's key), which the ticket store still takes as that event's id.

import type { TableClient, TableEntity } from '@azure/data-tables';
import type { NotifiableEvent } from '../domain/ticket';
import type { SentEmail, SentEmailLog } from '../services/deliveryReports';
import { GroupedWrites } from './groupedWrites';
import { asStorageFault, statusOf } from './storageErrors';
import { deadline } from './storageClients';

interface SentEmailEntity extends TableEntity {
  ConfirmationNumber: string;
  Event: string;
  EventId?: string;
  /** rows written before event ids: the event's history row key */
  EventKey?: string;
  Audience?: string;
}

/** The partition of every row written now. */
const SENT = 'sent';
/** The row key of a row written before, in a partition of its own named by the id. */
const EARLIER_ROW = 'email';

export class TableSentEmailLog implements SentEmailLog {
  private readonly writes: GroupedWrites;

  constructor(private readonly table: TableClient) {
    this.writes = new GroupedWrites(table);
  }

  async remember(operationId: string, email: SentEmail): Promise<void> {
    const entity: SentEmailEntity = {
      partitionKey: SENT,
      rowKey: keyOf(operationId),
      ConfirmationNumber: email.confirmationNumber,
      Event: email.event,
      EventId: email.eventId,
      ...(email.audience ? { Audience: email.audience } : {}),
    };
    try {
      // The same id always names the same email: a second send of it writes the same row again.
      await this.writes.upsert(entity);
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async find(operationId: string): Promise<SentEmail | null> {
    const row = (await this.row(SENT, keyOf(operationId))) ?? (await this.row(keyOf(operationId), EARLIER_ROW));
    if (row === null) return null;
    return {
      confirmationNumber: row.ConfirmationNumber,
      event: row.Event as NotifiableEvent,
      eventId: row.EventId ?? row.EventKey ?? '',
      ...(row.Audience === 'operators' ? { audience: 'operators' as const } : {}),
    };
  }

  private async row(partitionKey: string, rowKey: string): Promise<SentEmailEntity | null> {
    try {
      return await this.table.getEntity<SentEmailEntity>(partitionKey, rowKey, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }
}

// Operation ids are UUIDs, which ACS may write in either case.
function keyOf(operationId: string): string {
  return operationId.toLowerCase();
}
