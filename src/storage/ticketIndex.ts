// Table Storage has no secondary index. These tables are ours, and they serve these roles, a
// class each: the SLA sweep reads due-time rows (DueDates, in a table of their own) instead of
// scanning tickets, so its cost follows the open work, not the history, and so do an information
// request's follow-ups (FollowUps) and the ends of status pages' tokens (PageTokenEnds); the
// notification re-queue reads pending rows (PendingEmails); operators list tickets oldest first
// from the listing partitions (TicketListing), whose rows, with the open partition and the search
// rows of queueRows.ts, also serve the operators' queue and the SLA record. The tickets themselves
// stay the truth: every reader re-checks the ticket and repairs a row that has drifted from it.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { NotifiableEvent, Ticket, TicketStatus } from '../domain/ticket';
import { ConcurrencyConflict, asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { deadline } from './storageClients';
import type { FollowUp } from '../domain/thread';
import type { DueDates, DueRow } from '../services/dueDates';
import type { FollowUps } from '../services/followUps';
import type { PageTokenEnd, PageTokenEnds } from '../services/pageTokenEnds';
import type { PendingEmail, PendingEmails } from '../services/pendingEmails';
import { QUEUE_TOMBSTONE_MS, type ListedSubmission, type ListingPage, type TicketListing } from '../services/ticketListing';
import { GroupedWrites } from './groupedWrites';
import { queryRows } from './queryRows';
import { OPEN, hasSummary, listKey, listPartition, queueColumns, searchRows, type SummaryColumns } from './queueRows';

// The ports these adapters implement; their importers keep finding them here.
export type { DueDates, DueRow } from '../services/dueDates';
export type { FollowUps } from '../services/followUps';
export type { PageTokenEnd, PageTokenEnds } from '../services/pageTokenEnds';
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
const TOKEN_END = 'tokenend';
const RECONCILE_CURSOR = 'reconciled-through';
// The due rows' table records here that the index table's earlier due rows have been moved to it.
const MOVED = 'moved';
const MOVED_FROM_INDEX = 'from-ticketindex';

/**
 * The due rows: a table of their own (TABLES.due), not partition 'due' of the index table, where
 * earlier versions kept them. In Azure that changes nothing; in Azurite every delete and replace
 * in a table walks all of that table's rows (LokiJS keeps each table as one array with sorted
 * position indexes), so a claim in the index table paid for every resolved ticket's listing row.
 */
export class TableDueDates implements DueDates {
  // Every new ticket's due row goes to the one 'due' partition: grouped (groupedWrites.ts says why).
  private readonly writes: GroupedWrites;
  private earlierRowsMoved = false;

  /** `earlier`: the table whose partition 'due' held the due rows before they had a table of their own */
  constructor(
    private readonly table: TableClient,
    private readonly earlier?: TableClient,
  ) {
    this.writes = new GroupedWrites(table);
  }

  async moveEarlierRows(): Promise<number> {
    if (!this.earlier || this.earlierRowsMoved) return 0;
    const earlier = this.earlier;
    try {
      await this.table.getEntity(MOVED, MOVED_FROM_INDEX, { abortSignal: deadline(), queryOptions: { select: ['RowKey'] } });
      this.earlierRowsMoved = true;
      return 0;
    } catch (error) {
      if (statusOf(error) !== 404) throw asStorageFault(error);
    }
    let moved = 0;
    for (;;) {
      const rows = await queryRows<{ rowKey: string; ConfirmationNumber: string; AcknowledgeBy: string }>(earlier, odata`PartitionKey eq ${DUE}`, 1000);
      for (const row of rows) {
        // Deleted there first, under its ETag, and written here only by the one mover whose delete
        // took it: two movers never both put back a row that a claim has since taken.
        try {
          await earlier.deleteEntity(DUE, row.rowKey, { ...(row.etag ? { etag: row.etag } : {}), abortSignal: deadline() });
        } catch (error) {
          const status = statusOf(error);
          if (status === 404 || status === 412) continue;
          throw asStorageFault(error);
        }
        await upsertRow(this.table, { partitionKey: DUE, rowKey: row.rowKey, ConfirmationNumber: row.ConfirmationNumber, AcknowledgeBy: row.AcknowledgeBy });
        moved++;
      }
      if (rows.length < 1000) break;
    }
    // From here on the earlier partition is never read again: a row an older instance writes
    // there after this is missing here, and the sweep's and the nightly reconciliation's repairs
    // put it back from the ticket.
    await upsertRow(this.table, { partitionKey: MOVED, rowKey: MOVED_FROM_INDEX, Moved: moved });
    this.earlierRowsMoved = true;
    return moved;
  }

  async add(ticket: Pick<Ticket, 'confirmationNumber' | 'acknowledgeBy'>): Promise<void> {
    try {
      await this.writes.upsert({
        partitionKey: DUE,
        rowKey: dueKey(ticket.acknowledgeBy, ticket.confirmationNumber),
        ConfirmationNumber: ticket.confirmationNumber,
        AcknowledgeBy: ticket.acknowledgeBy,
      });
    } catch (error) {
      throw asStorageFault(error);
    }
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

export class TablePageTokenEnds implements PageTokenEnds {
  constructor(private readonly table: TableClient) {}

  async add(end: PageTokenEnd): Promise<void> {
    await upsertRow(this.table, {
      partitionKey: TOKEN_END,
      rowKey: tokenEndKey(end),
      ConfirmationNumber: end.confirmationNumber,
      TokenHash: end.tokenHash,
      EndsAt: end.endsAt,
    });
  }

  async endedBefore(now: Date, limit: number): Promise<PageTokenEnd[]> {
    // Row keys start with the end instant: what has ended is a key range, as for the due rows.
    const filter = odata`PartitionKey eq ${TOKEN_END} and RowKey lt ${now.toISOString()}`;
    const rows = await queryRows<{ ConfirmationNumber: string; TokenHash: string; EndsAt: string }>(this.table, filter, limit);
    return rows.map((r) => ({ confirmationNumber: r.ConfirmationNumber, tokenHash: r.TokenHash, endsAt: r.EndsAt }));
  }

  async remove(end: PageTokenEnd): Promise<void> {
    await deleteRow(this.table, TOKEN_END, tokenEndKey(end));
  }
}

function tokenEndKey(end: PageTokenEnd): string {
  return `${end.endsAt}|${end.confirmationNumber}|${end.tokenHash}`;
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
  // A new ticket's listing and queue rows go to the day's listing partition and the open one,
  // shared by every ticket of the day: grouped (groupedWrites.ts says why).
  private readonly writes: GroupedWrites;
  // A ticket's search rows share one partition with every other ticket's (queueRows.ts).
  private readonly searchWrites: GroupedWrites;

  /** `search`: the table of the search rows (queueRows.ts); the app gives them one of their own (TABLES.search) */
  constructor(
    private readonly table: TableClient,
    search: TableClient = table,
  ) {
    this.writes = new GroupedWrites(table);
    this.searchWrites = new GroupedWrites(search);
  }

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

  async upsert(ticket: Ticket, version = 1, updatedAt?: string): Promise<void> {
    const known = updatedAt ?? (version === 1 ? ticket.submittedAt : undefined);
    // The listing row and the queue row: each under the version guard, so a late writer never
    // lists an older state in either. A resolved ticket's queue row becomes its tombstone
    // (src/storage/queueRows.ts says why it is not deleted here); a ticket resolved longer ago
    // than a tombstone lives (a listing row written again from an old ticket) gets none.
    const longResolved = ticket.status === 'resolved' && known !== undefined && Date.now() - Date.parse(known) > QUEUE_TOMBSTONE_MS;
    await Promise.all([
      guardedWrite(this.table, this.writes, { partitionKey: listPartition(ticket.submittedAt), rowKey: listKey(ticket) }, ticket, version, known),
      guardedWrite(this.table, this.writes, { partitionKey: OPEN, rowKey: ticket.confirmationNumber }, ticket, version, known, !longResolved),
    ]);
  }

  async addSearchKeys(ticket: Ticket): Promise<void> {
    try {
      await this.searchWrites.upsertAll(searchRows(ticket));
    } catch (error) {
      throw asStorageFault(error);
    }
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

type ListedRow = { Version?: number } & Partial<SummaryColumns>;

/**
 * Writes a ticket's row (listing or queue) at `version` unless the row already holds a later
 * version, or the same one with its summary (a row written before the summary columns existed is
 * written again at its own version). Without `updatedAt` the row keeps its own, else the ticket's
 * acknowledgement or submission stands in. With `create` false a missing row stays missing.
 */
async function guardedWrite(
  table: TableClient,
  writes: GroupedWrites,
  keys: { partitionKey: string; rowKey: string },
  ticket: Ticket,
  version: number,
  updatedAt: string | undefined,
  create = true,
): Promise<void> {
  const entity = (changedAt: string | undefined) => ({ ...keys, ...queueColumns(ticket, version, changedAt ?? ticket.acknowledgedAt ?? ticket.submittedAt) });
  try {
    if (version === 1 && create) {
      // A new ticket has no row yet: create it without reading first (one storage round trip
      // instead of two on every submission). A row that exists falls through to the
      // version-guarded path below.
      try {
        await writes.create(entity(updatedAt));
        return;
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      let current: (ListedRow & { etag: string }) | null = null;
      try {
        current = await table.getEntity<ListedRow>(keys.partitionKey, keys.rowKey, { abortSignal: deadline() });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      const listed = current?.Version ?? 0;
      // A later (or the same) state is already there.
      if (current && (listed > version || (listed === version && hasSummary(current)))) return;
      if (!current && !create) return;
      try {
        if (current) await table.updateEntity(entity(updatedAt ?? current.UpdatedAt), 'Replace', { etag: current.etag, abortSignal: deadline() });
        else await table.createEntity(entity(updatedAt), { abortSignal: deadline() });
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
