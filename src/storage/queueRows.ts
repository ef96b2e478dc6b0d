// The rows the operators' queue, its search and the SLA record read, in the index table beside
// the listing (ticketIndex.ts writes them). Table Storage has no secondary index and no sort, so
// each question has rows keyed for it:
//
// - `open`: one row per open ticket (row key: its number) with the ticket's summary. The queue
//   reads this partition whole and orders it in memory: its size follows the open work, never the
//   history of resolved tickets. A resolution does not delete the row but writes it as resolved
//   (a tombstone, under the version guard like any state), because a late writer that had read
//   the ticket before would otherwise put an open row back that nothing would remove; readers skip
//   tombstones, and the nightly reconciliation removes them a day on (OperatorQueueService.tidy).
// - the listing rows (`list-YYYY-MM-DD`) carry the same summary: resolved tickets are read from
//   them, latest day first, and the SLA record reads the days of its window.
// - the search rows, in partition `find`: row keys `cve|<CVE ID>|…` and `offer|<offer, lower
//   case>|…`, each ending newest first (an inverted instant, then the number): one row per ticket
//   and key, pointing at its listing row, and a search reads its key's range. They never change,
//   so they are written once (ensureIndexed) and need no version. One partition for every key, as
//   'open' and 'due' are: a ticket's two rows go in one transaction, and the rows of a burst of
//   confirmations, whatever their offers, in one per round (groupedWrites.ts). Rows written before
//   that, in a partition per key (`find-cve-<CVE ID>`, `find-offer-<offer>`, row key the same
//   ending), are read beside them. They have a table of their own (`ticketsearch`): rows a ticket
//   in the index table would add to what Azurite scans for every query of the index (it scans
//   the whole table, whatever the partition), the sweep's too.
//
// Listing rows written before the summary columns existed carry only number, status, breach flag
// and version: the queue, the search and the record leave those tickets out (they have no open
// row or search rows either) until the nightly reconciliation writes their rows from the ticket.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { missedDeadline, queueEntryOf, queueSeverity, type QueueEntry } from '../domain/queue';
import type { AcknowledgementFacts } from '../domain/slaRecord';
import { CATEGORIES, EXPLOITATIONS, PRIORITIES, SEVERITIES, TICKET_STATUSES, type Ticket } from '../domain/ticket';
import type { OpenRow, QueueRows, StoredFilter } from '../services/operatorQueue';
import type { SlaRows } from '../services/slaRecord';
import { queryRows } from './queryRows';
import { deadline } from './storageClients';
import { asStorageFault, statusOf } from './storageErrors';

export const OPEN = 'open';
const LIST_PREFIX = 'list-';
const LIST_END = 'list.';
/** The search rows' partition, and the start of each key's row range in it. */
export const SEARCH = 'find';
const FIND_CVE = 'cve|';
const FIND_OFFER = 'offer|';
/** The partitions of a key's search rows written before they shared SEARCH. */
const LEGACY_FIND_CVE = 'find-cve-';
const LEGACY_FIND_OFFER = 'find-offer-';
const DAY_MS = 86_400_000;
// Greater than any instant's milliseconds (8.64e15 is the last Date): inverted, 16 digits.
const INVERT_FROM = 9_000_000_000_000_000;

/** The summary columns a listing and an open row carry besides number, status, breach flag and version. */
export interface SummaryColumns {
  Category: string;
  OfferId: string;
  Summary: string;
  CveId?: string;
  CvssSeverity?: string;
  Severity?: string;
  Priority?: string;
  /** the operator's severity, else the CVSS one: what the queue filters by */
  QueueSeverity?: string;
  /** absent on rows from before the report asked for it, and for `unknown` */
  Exploitation?: string;
  SubmittedAt: string;
  AcknowledgeBy: string;
  AcknowledgedAt?: string;
  UpdatedAt: string;
}

interface QueueEntity extends Partial<SummaryColumns> {
  ConfirmationNumber: string;
  Status: string;
  SlaBreached: boolean;
  Version?: number;
  etag?: string;
}

/** The columns of a listing or open row for this ticket state. */
export function queueColumns(ticket: Ticket, version: number, updatedAt: string): QueueEntity & SummaryColumns {
  const entry = queueEntryOf(ticket, version, updatedAt);
  const severity = queueSeverity(entry);
  return {
    ConfirmationNumber: entry.confirmationNumber,
    Status: entry.status,
    SlaBreached: entry.slaBreached,
    Version: version,
    Category: entry.category,
    OfferId: entry.offerId,
    Summary: entry.summary,
    ...(entry.cveId !== null ? { CveId: entry.cveId } : {}),
    ...(entry.cvssSeverity !== null ? { CvssSeverity: entry.cvssSeverity } : {}),
    ...(entry.severity !== null ? { Severity: entry.severity } : {}),
    ...(entry.priority !== null ? { Priority: entry.priority } : {}),
    ...(severity !== null ? { QueueSeverity: severity } : {}),
    ...(entry.exploitation !== 'unknown' ? { Exploitation: entry.exploitation } : {}),
    SubmittedAt: entry.submittedAt,
    AcknowledgeBy: entry.acknowledgeBy,
    ...(entry.acknowledgedAt !== null ? { AcknowledgedAt: entry.acknowledgedAt } : {}),
    UpdatedAt: entry.updatedAt,
  };
}

/** Whether a listing or open row carries the summary (rows written before it existed do not). */
export function hasSummary(row: Partial<SummaryColumns>): boolean {
  return row.Category != null && row.SubmittedAt != null && row.AcknowledgeBy != null;
}

/** The queue entry a row tells, or null for a row without the summary (or with values this code does not know). */
export function entryOfRow(row: QueueEntity): QueueEntry | null {
  if (!hasSummary(row)) return null;
  const status = oneOf(TICKET_STATUSES, row.Status);
  const category = oneOf(CATEGORIES, row.Category);
  if (status === null || category === null) return null;
  return {
    confirmationNumber: row.ConfirmationNumber,
    status,
    category,
    offerId: row.OfferId ?? '',
    summary: row.Summary ?? '',
    cveId: row.CveId ?? null,
    cvssSeverity: oneOf(SEVERITIES, row.CvssSeverity),
    severity: oneOf(SEVERITIES, row.Severity),
    priority: oneOf(PRIORITIES, row.Priority),
    exploitation: oneOf(EXPLOITATIONS, row.Exploitation) ?? 'unknown',
    submittedAt: row.SubmittedAt ?? '',
    acknowledgeBy: row.AcknowledgeBy ?? '',
    acknowledgedAt: row.AcknowledgedAt ?? null,
    slaBreached: row.SlaBreached === true,
    updatedAt: row.UpdatedAt ?? row.AcknowledgedAt ?? row.SubmittedAt ?? '',
    version: row.Version ?? 0,
  };
}

function oneOf<T extends string>(values: readonly T[], value: string | undefined | null): T | null {
  return value != null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The listing partition of a submission instant (or of a listing key, which starts with one). */
export function listPartition(submittedAtOrKey: string): string {
  return `${LIST_PREFIX}${submittedAtOrKey.slice(0, 10)}`;
}

export function listKey(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt'>): string {
  return `${ticket.submittedAt}|${ticket.confirmationNumber}`;
}

/**
 * The rows that find a ticket by CVE ID and offer: each keyed newest first within its key's
 * partition. A number needs no row: its ticket's own row says when it was submitted.
 */
export function searchRows(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt' | 'cveId' | 'offerId'>): TableEntity[] {
  const columns = { ConfirmationNumber: ticket.confirmationNumber, SubmittedAt: ticket.submittedAt };
  return [
    { partitionKey: SEARCH, rowKey: `${offerKey(ticket.offerId)}${newestFirst(ticket)}`, ...columns },
    ...(ticket.cveId ? [{ partitionKey: SEARCH, rowKey: `${cveKey(ticket.cveId)}${newestFirst(ticket)}`, ...columns }] : []),
  ];
}

// Offer IDs and CVE IDs never hold '|' (src/domain/submission.ts), so a key's rows are exactly
// those between `<key>|` and `<key>}`, the character after '|'.
const offerKey = (offerId: string) => `${FIND_OFFER}${offerId.toLowerCase()}|`;
const cveKey = (cveId: string) => `${FIND_CVE}${cveId.toUpperCase()}|`;

/** The end of a search row's key: newest first, then by number. */
function newestFirst(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt'>): string {
  return `${String(INVERT_FROM - Date.parse(ticket.submittedAt)).padStart(16, '0')}|${ticket.confirmationNumber}`;
}

const SLA_COLUMNS = ['ConfirmationNumber', 'Category', 'OfferId', 'SubmittedAt', 'AcknowledgeBy', 'AcknowledgedAt'];

export class TableQueueRows implements QueueRows, SlaRows {
  /** `search`: where the search rows are (as TableTicketListing writes them) */
  constructor(
    private readonly table: TableClient,
    private readonly search: TableClient = table,
  ) {}

  async open(filter: StoredFilter): Promise<QueueEntry[]> {
    let conditions = odata`PartitionKey eq ${OPEN} and Status ne ${'resolved'}`;
    conditions += storedConditions(filter);
    const rows = await queryRows<QueueEntity>(this.table, conditions);
    return rows.flatMap((row) => entryOfRow(row) ?? []);
  }

  async resolved(filter: StoredFilter & { breached?: boolean }, limit: number, upTo: string, now: Date): Promise<{ entries: QueueEntry[]; next?: string }> {
    const earliest = await this.earliestListingDay();
    if (earliest === null) return { entries: [] };
    const found: QueueEntry[] = [];
    // Table Storage reads a range oldest first only: the days are read backwards in windows that
    // double (1, 2, 4 … days), each ordered in memory, until the page is full or the oldest
    // listing day is passed. A busy day costs one small read, a quiet year a dozen.
    let endDay = Date.parse(`${upTo.slice(0, 10)}T00:00:00Z`);
    let width = 1;
    let exhausted = false;
    while (found.length <= limit) {
      const startDay = endDay - (width - 1) * DAY_MS;
      const conditions =
        odata`PartitionKey ge ${listPartition(dayOf(startDay))} and PartitionKey le ${listPartition(dayOf(endDay))} and RowKey lt ${upTo} and Status eq ${'resolved'}` +
        storedConditions({ ...filter, status: 'resolved' }, false);
      const rows = await queryRows<QueueEntity>(this.table, conditions);
      for (const row of rows) {
        const entry = entryOfRow(row);
        if (entry && (filter.breached === undefined || missedDeadline(entry, now) === filter.breached)) found.push(entry);
      }
      if (dayOf(startDay) <= earliest) {
        exhausted = true;
        break;
      }
      endDay = startDay - DAY_MS;
      width *= 2;
    }
    found.sort((a, b) => (listKey(a) < listKey(b) ? 1 : listKey(a) > listKey(b) ? -1 : 0));
    const entries = found.slice(0, limit);
    const last = entries.at(-1);
    return { entries, ...(last && (found.length > limit || !exhausted) ? { next: listKey(last) } : {}) };
  }

  byCve(cveId: string, limit: number): Promise<QueueEntry[]> {
    return this.pointed(cveKey(cveId), `${LEGACY_FIND_CVE}${cveId.toUpperCase()}`, limit);
  }

  byOffer(offerId: string, limit: number): Promise<QueueEntry[]> {
    return this.pointed(offerKey(offerId), `${LEGACY_FIND_OFFER}${offerId.toLowerCase()}`, limit);
  }

  async openRows(): Promise<OpenRow[]> {
    const rows = await queryRows<QueueEntity>(this.table, odata`PartitionKey eq ${OPEN}`);
    return rows.flatMap((row) => {
      const entry = entryOfRow(row);
      return entry ? [{ entry, etag: row.etag ?? '*' }] : [];
    });
  }

  async removeOpenRow(row: OpenRow): Promise<void> {
    try {
      await this.table.deleteEntity(OPEN, row.entry.confirmationNumber, { etag: row.etag, abortSignal: deadline() });
    } catch (error) {
      // Gone already, or written again since it was read (a reopening): either way, not ours to remove.
      if (statusOf(error) === 404 || statusOf(error) === 412) return;
      throw asStorageFault(error);
    }
  }

  async *listingRowsWithoutSummary(): AsyncIterable<string> {
    try {
      const filter = odata`PartitionKey ge ${LIST_PREFIX} and PartitionKey lt ${LIST_END}`;
      const rows = this.table.listEntities<QueueEntity>({
        queryOptions: { filter, select: ['ConfirmationNumber', 'Category', 'SubmittedAt', 'AcknowledgeBy'] },
      });
      for await (const row of rows) if (!hasSummary(row)) yield row.ConfirmationNumber;
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async submittedWithin(from: Date, to: Date): Promise<AcknowledgementFacts[]> {
    // Listing keys start with the submission instant: the window is a key range over its days.
    const conditions = odata`PartitionKey ge ${listPartition(from.toISOString())} and PartitionKey le ${listPartition(to.toISOString())} and RowKey ge ${from.toISOString()} and RowKey lt ${`${to.toISOString()}~`}`;
    const rows = await queryRows<QueueEntity>(this.table, conditions, undefined, SLA_COLUMNS);
    return rows.flatMap((row) => {
      const category = oneOf(CATEGORIES, row.Category);
      if (!hasSummary(row) || category === null) return [];
      return [
        {
          confirmationNumber: row.ConfirmationNumber,
          category,
          offerId: row.OfferId ?? '',
          submittedAt: row.SubmittedAt ?? '',
          acknowledgeBy: row.AcknowledgeBy ?? '',
          acknowledgedAt: row.AcknowledgedAt ?? null,
        },
      ];
    });
  }

  /** The day of the oldest listing row ('YYYY-MM-DD'), or null when there is none. */
  private async earliestListingDay(): Promise<string | null> {
    try {
      const filter = odata`PartitionKey ge ${LIST_PREFIX} and PartitionKey lt ${LIST_END}`;
      const pages = this.table.listEntities({ queryOptions: { filter, select: ['PartitionKey'] }, abortSignal: deadline() }).byPage({ maxPageSize: 1 });
      const first = await pages.next();
      const row = first.done ? undefined : first.value[0];
      return row?.partitionKey ? row.partitionKey.slice(LIST_PREFIX.length) : null;
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  /** The newest `limit` tickets a key's search rows point at: those in SEARCH under `key`, and those of its legacy partition. */
  private async pointed(key: string, legacyPartition: string, limit: number): Promise<QueueEntry[]> {
    type Pointer = { ConfirmationNumber: string; SubmittedAt: string };
    const [current, legacy] = await Promise.all([
      queryRows<Pointer>(this.search, odata`PartitionKey eq ${SEARCH} and RowKey gt ${key} and RowKey lt ${`${key.slice(0, -1)}}`}`, limit),
      queryRows<Pointer>(this.search, odata`PartitionKey eq ${legacyPartition}`, limit),
    ]);
    const byNumber = new Map<string, { confirmationNumber: string; submittedAt: string }>();
    for (const p of [...current, ...legacy]) byNumber.set(p.ConfirmationNumber, { confirmationNumber: p.ConfirmationNumber, submittedAt: p.SubmittedAt });
    const newest = [...byNumber.values()].sort((a, b) => (newestFirst(a) < newestFirst(b) ? -1 : 1)).slice(0, limit);
    const entries = await Promise.all(newest.map((ticket) => this.listed(ticket)));
    return entries.flatMap((entry) => entry ?? []);
  }

  async listed(ticket: Pick<Ticket, 'confirmationNumber' | 'submittedAt'>): Promise<QueueEntry | null> {
    const row = await this.pointRead<QueueEntity>(this.table, listPartition(ticket.submittedAt), listKey(ticket));
    return row ? entryOfRow(row) : null;
  }

  private async pointRead<T extends object>(table: TableClient, partitionKey: string, rowKey: string): Promise<T | null> {
    try {
      return await table.getEntity<T>(partitionKey, rowKey, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }
}

/** The conditions a stored filter adds (status left out where the query fixes it already). */
function storedConditions(filter: StoredFilter, withStatus = true): string {
  let conditions = '';
  if (withStatus && filter.status) conditions += ` and ${odata`Status eq ${filter.status}`}`;
  if (filter.category) conditions += ` and ${odata`Category eq ${filter.category}`}`;
  if (filter.severity) conditions += ` and ${odata`QueueSeverity eq ${filter.severity}`}`;
  return conditions;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
