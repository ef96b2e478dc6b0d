// Table Storage adapter for the record of sent emails: one row per email, PartitionKey = the send
// operation's id (what ACS reports as the message id), so a delivery report finds its ticket with
// one point read. Rows written before events had ids of their own name the event by `EventKey`
// (its history row's key), which the ticket store still takes as that event's id.

import type { TableClient, TableEntity } from '@azure/data-tables';
import type { NotifiableEvent } from '../domain/ticket';
import type { SentEmail, SentEmailLog } from '../services/deliveryReports';
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

const ROW = 'email';

export class TableSentEmailLog implements SentEmailLog {
  constructor(private readonly table: TableClient) {}

  async remember(operationId: string, email: SentEmail): Promise<void> {
    const entity: SentEmailEntity = {
      partitionKey: keyOf(operationId),
      rowKey: ROW,
      ConfirmationNumber: email.confirmationNumber,
      Event: email.event,
      EventId: email.eventId,
      ...(email.audience ? { Audience: email.audience } : {}),
    };
    try {
      // The same id always names the same email: a second send of it writes the same row again.
      await this.table.upsertEntity(entity, 'Replace', { abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async find(operationId: string): Promise<SentEmail | null> {
    try {
      const row = await this.table.getEntity<SentEmailEntity>(keyOf(operationId), ROW, { abortSignal: deadline() });
      return {
        confirmationNumber: row.ConfirmationNumber,
        event: row.Event as NotifiableEvent,
        eventId: row.EventId ?? row.EventKey ?? '',
        ...(row.Audience === 'operators' ? { audience: 'operators' as const } : {}),
      };
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
