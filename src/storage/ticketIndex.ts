// Table Storage has no secondary index. This table is ours, and it serves three roles, a class
// each: the SLA sweep reads due-time rows (DueDates) instead of scanning tickets, so its cost
// follows the open work, not the history; the notification re-queue reads pending rows
// (PendingEmails); operators list tickets oldest first from the listing partitions
// (TicketListing). The tickets themselves stay the truth: every reader re-checks the ticket and
// repairs a row that has drifted from it.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { NotifiableEvent, Ticket, TicketStatus } from '../domain/ticket';
import { ConcurrencyConflict, asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { deadline } from './storageClients';
import type { FollowUp } from '../domain/thread';
import type { DueDates, DueRow } from '../services/dueDates';
import type { FollowUps } from '../services/followUps';
import type { PendingEmail, PendingEmails } from '../services/pendingEmails';
import type { ListedSubmission, ListingPage, TicketListing } from '../services/ticketListing';

// The ports these adapters implement; their importers keep finding them here.
export type { DueDates, DueRow } from '../services/dueDates';
export type { FollowUps } from '../services/followUps';
export type { PendingEmail, PendingEmails } from '../services/pendingEmails';
export type { ListedSubmission, ListingPage, TicketListing } from '../services/ticketListing';

const DUE = 'due';
const PENDING = 'pending';
// Listing rows live in one partition per UTC submission day ('list-2027-01-04'): partition keys
// sort by day and row keys by instant, so a range over 'list-…' is still oldest first, while no
// single partition grows with the whole history (a hot partition in Azure, and a linear scan for
// every point write in Azurite).
const LIST_PREFIX = 'list-';
const LIST_END = 'list.'; // the first key after every 'list-…'
const SWEEP = 'sweep';
const FOLLOW_UP = 'followup';
const RECONCILE_CURSOR = 'reconciled-through';

export class TableDueDates implements DueDates {
  constructor(private readonly table: TableClient) {}

  async add(ticket: Pick<Ticket, 'confirmationNumber' | 'acknowledgeBy'>): Promise<void> {
    await upsertRow(this.table, {
      partitionKey: DUE,
      rowKey: dueKey(ticket.acknowledgeBy, ticket.confirmationNumber),
      ConfirmationNumber: ticket.confirmationNumber,
      AcknowledgeBy: ticket.acknowledgeBy,
    });
  }

  async remove(row: DueRow): Promise<void> {
    await deleteRow(this.table, DUE, dueKey(row.acknowledgeBy, row.confirmationNumber));
  }

  async claim(row: DueRow): Promise<boolean> {
    try {
      await this.table.deleteEntity(DUE, dueKey(row.acknowledgeBy, row.confirmationNumber), { abortSignal: deadline() });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw asStorageFault(error);
    }
  }

  async has(row: DueRow): Promise<boolean> {
    try {
      await this.table.getEntity(DUE, dueKey(row.acknowledgeBy, row.confirmationNumber), { abortSignal: deadline(), queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw asStorageFault(error);
    }
  }

  async before(now: Date, limit: number, after?: DueRow): Promise<DueRow[]> {
    // Row keys start with the ISO deadline, so "due" is a range on the key: no filter scan. `after`
    // continues the range past the rows a sweep has already worked on (keyset paging).
    let filter = odata`PartitionKey eq ${DUE} and RowKey lt ${now.toISOString()}`;
    if (after) filter += ` and ${odata`RowKey gt ${dueKey(after.acknowledgeBy, after.confirmationNumber)}`}`;
    const rows = await queryRows<{ ConfirmationNumber: string; AcknowledgeBy: string }>(this.table, filter, limit);
    return rows.map((r) => ({ confirmationNumber: r.ConfirmationNumber, acknowledgeBy: r.AcknowledgeBy }));
  }
}

interface FollowUpEntity {
  Kind: string;
  ConfirmationNumber: string;
  RequestId: string;
  DueAt: string;
}

export class TableFollowUps implements FollowUps {
  constructor(private readonly table: TableClient) {}

  async add(rows: readonly FollowUp[]): Promise<void> {
    await Promise.all(
      rows.map((row) =>
        upsertRow(this.table, {
          partitionKey: FOLLOW_UP,
          rowKey: followUpKey(row),
          Kind: row.kind,
          ConfirmationNumber: row.confirmationNumber,
          RequestId: row.requestId,
          DueAt: row.dueAt,
        }),
      ),
    );
  }

  async dueBefore(now: Date, limit: number): Promise<FollowUp[]> {
    // Row keys start with the due instant: what is due is a key range, as for the SLA's due rows.
    const filter = odata`PartitionKey eq ${FOLLOW_UP} and RowKey lt ${now.toISOString()}`;
    const rows = await queryRows<FollowUpEntity>(this.table, filter, limit);
    return rows.map((r) => ({
      kind: r.Kind === 'alert' ? 'alert' : 'reminder',
      confirmationNumber: r.ConfirmationNumber,
      requestId: r.RequestId,
      dueAt: r.DueAt,
    }));
  }

  async claim(row: FollowUp): Promise<boolean> {
    try {
      await this.table.deleteEntity(FOLLOW_UP, followUpKey(row), { abortSignal: deadline() });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw asStorageFault(error);
    }
  }
}

function followUpKey(row: FollowUp): string {
  return `${row.dueAt}|${row.kind}|${row.confirmationNumber}|${row.requestId}`;
}

interface PendingEntity {
  ConfirmationNumber: string;
  Event: string;
  EventId?: string;
  /** rows written before events had ids of their own: the history row's key, which the ticket store still takes as that event's id */
  EventKey?: string;
  Since: string;
  Audience?: string;
}

export class TablePendingEmails implements PendingEmails {
  constructor(private readonly table: TableClient) {}

  async add(pending: PendingEmail): Promise<void> {
    const entity: PendingEntity & TableEntity = {
      partitionKey: PENDING,
      rowKey: pendingKey(pending),
      ConfirmationNumber: pending.confirmationNumber,
      Event: pending.event,
      EventId: pending.eventId,
      Since: pending.since,
      ...(pending.audience ? { Audience: pending.audience } : {}),
    };
    await upsertRow(this.table, entity);
  }

  async remove(pending: Pick<PendingEmail, 'confirmationNumber' | 'eventId' | 'audience'>): Promise<void> {
    await deleteRow(this.table, PENDING, pendingKey(pending));
  }

  async pendingBefore(before: Date, limit: number): Promise<PendingEmail[]> {
    // Rows leave this partition as soon as their email is out, so it holds only work in flight.
    const filter = odata`PartitionKey eq ${PENDING} and Since lt ${before.toISOString()}`;
    const rows = await queryRows<PendingEntity>(this.table, filter, limit);
    return rows.map((r) => ({
      confirmationNumber: r.ConfirmationNumber,
      event: r.Event as NotifiableEvent,
      // The id is the row key's second part, so an old row read here is removed under its own key.
      eventId: r.EventId ?? r.EventKey ?? '',
      since: r.Since,
      ...(r.Audience === 'operators' ? { audience: 'operators' as const } : {}),
    }));
  }
}

export class TableTicketListing implements TicketListing {
  constructor(private readonly table: TableClient) {}

  isContinuationToken(token: string): boolean {
    return isListingContinuationToken(token);
  }

  async submittedBetween(afterKey: string, before: Date, limit: number): Promise<ListedSubmission[]> {
    // Listing keys start with the submission instant: a key range, so the cost follows the
    // tickets submitted since the cursor, not the history.
    const from = afterKey ? listPartition(afterKey) : LIST_PREFIX;
    const filter = odata`PartitionKey ge ${from} and PartitionKey le ${listPartition(before.toISOString())} and RowKey gt ${afterKey} and RowKey lt ${before.toISOString()} and Status eq ${'submitted'}`;
    const rows = await queryRows<{ rowKey: string; ConfirmationNumber: string }>(this.table, filter, limit);
    return rows.map((r) => ({ confirmationNumber: r.ConfirmationNumber, key: r.rowKey }));
  }

  async reconcileCursor(): Promise<string> {
    try {
      const row = await this.table.getEntity<{ Key: string }>(SWEEP, RECONCILE_CURSOR, { abortSignal: deadline() });
      return row.Key;
    } catch (error) {
      if (statusOf(error) === 404) return '';
      throw asStorageFault(error);
    }
  }

  async setReconcileCursor(key: string): Promise<void> {
    await upsertRow(this.table, { partitionKey: SWEEP, rowKey: RECONCILE_CURSOR, Key: key });
  }

  async upsert(ticket: Ticket, version = 1): Promise<void> {
    const entity = {
      partitionKey: listPartition(ticket.submittedAt),
      rowKey: listKey(ticket),
      ConfirmationNumber: ticket.confirmationNumber,
      Status: ticket.status,
      SlaBreached: ticket.slaBreached,
      Version: version,
    };
    try {
      if (version === 1) {
        // A new ticket has no listing row yet: create it without reading first (one storage round
        // trip instead of two on every submission). A row that exists falls through to the
        // version-guarded path below, exactly as before.
        try {
          await this.table.createEntity(entity, { abortSignal: deadline() });
          return;
        } catch (error) {
          if (!isAlreadyExists(error)) throw error;
        }
      }
      for (let attempt = 0; attempt < 5; attempt++) {
        let current: { Version?: number; etag: string } | null = null;
        try {
          current = await this.table.getEntity<{ Version?: number }>(entity.partitionKey, entity.rowKey, { abortSignal: deadline() });
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
        if (current && (current.Version ?? 0) >= version) return; // a later (or the same) state is already listed
        try {
          if (current) await this.table.updateEntity(entity, 'Replace', { etag: current.etag, abortSignal: deadline() });
          else await this.table.createEntity(entity, { abortSignal: deadline() });
          return;
        } catch (error) {
          // Another writer got there between the read and the write: look again.
          if (statusOf(error) === 412 || isAlreadyExists(error)) continue;
          throw error;
        }
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    throw new ConcurrencyConflict();
  }

  async page(filter: { status?: TicketStatus; slaBreached?: boolean }, pageSize: number, continuationToken?: string): Promise<ListingPage> {
    let conditions = odata`PartitionKey ge ${LIST_PREFIX} and PartitionKey lt ${LIST_END}`;
    if (filter.status) conditions += ` and ${odata`Status eq ${filter.status}`}`;
    if (filter.slaBreached !== undefined) conditions += ` and ${odata`SlaBreached eq ${filter.slaBreached}`}`;
    try {
      const pages = this.table
        .listEntities<{ ConfirmationNumber: string }>({ queryOptions: { filter: conditions, select: ['ConfirmationNumber'] }, abortSignal: deadline() })
        .byPage({ maxPageSize: pageSize, ...(continuationToken ? { continuationToken } : {}) });
      const next = await pages.next();
      if (next.done) return { confirmationNumbers: [] };
      const page = next.value;
      return {
        confirmationNumbers: page.map((row) => row.ConfirmationNumber),
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      };
    } catch (error) {
      throw asStorageFault(error);
    }
  }
}

async function upsertRow(table: TableClient, entity: TableEntity): Promise<void> {
  try {
    await table.upsertEntity(entity, 'Replace', { abortSignal: deadline() });
  } catch (error) {
    throw asStorageFault(error);
  }
}

async function deleteRow(table: TableClient, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await table.deleteEntity(partitionKey, rowKey, { abortSignal: deadline() });
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw asStorageFault(error);
  }
}

async function queryRows<T extends object>(table: TableClient, filter: string, limit: number): Promise<T[]> {
  const rows: T[] = [];
  try {
    const pages = table.listEntities<T>({ queryOptions: { filter }, abortSignal: deadline() }).byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const row of page) {
        rows.push(row);
        if (rows.length >= limit) return rows;
      }
    }
  } catch (error) {
    throw asStorageFault(error);
  }
  return rows;
}

/**
 * Whether `token` has the shape of a listing continuation token (the Tables SDK's base64 JSON
 * `{ nextPartitionKey, nextRowKey? }`). Anything else would fail inside the SDK and look like a
 * storage outage; the caller refuses it as a bad request instead. A well-formed token cannot
 * widen the listing: the query stays confined to the listing partition.
 */
export function isListingContinuationToken(token: string): boolean {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { nextPartitionKey?: unknown; nextRowKey?: unknown };
    return typeof parsed?.nextPartitionKey === 'string' && (parsed.nextRowKey === undefined || typeof parsed.nextRowKey === 'string');
  } catch {
    return false;
  }
}

function dueKey(acknowledgeBy: string, confirmationNumber: string): string {
  return `${acknowledgeBy}|${confirmationNumber}`;
}

// The operators' copy of an event waits apart from the reporter's email about the same event.
function pendingKey(p: Pick<PendingEmail, 'confirmationNumber' | 'eventId' | 'audience'>): string {
  return `${p.confirmationNumber}|${p.eventId}${p.audience ? `|${p.audience}` : ''}`;
}

/** The listing partition of a submission instant (or of a listing key, which starts with one). */
function listPartition(submittedAtOrKey: string): string {
  return `${LIST_PREFIX}${submittedAtOrKey.slice(0, 10)}`;
}

function listKey(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt'>): string {
  return `${ticket.submittedAt}|${ticket.confirmationNumber}`;
}
