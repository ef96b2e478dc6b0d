// The operators' queue and search, read from index rows only (never the tickets table): the open
// tickets in the order the promise asks for, filtered and paged; resolved ones latest first; a
// ticket found by its number, its CVE ID or its offer. The rows are derived data that
// ensureIndexed and every change write under the listing's version guard (ticketListing.ts);
// the nightly reconciliation tidies what a crash left behind (tidy below).

import { parseConfirmationNumber } from '../domain/confirmationNumber';
import { isCveId } from '../domain/cveId';
import {
  compareNewestFirst,
  compareQueuePositions,
  matchesQueueFilter,
  orderQueue,
  queuePosition,
  type QueueEntry,
  type QueueFilter,
  type QueuePosition,
} from '../domain/queue';
import type { Category, Severity, TicketStatus } from '../domain/ticket';
import type { DueDates } from './dueDates';
import { inParallel } from './inParallel';
import { describeError, type Logger } from './logger';
import { ensureIndexed } from './ticketIndexing';
import { QUEUE_TOMBSTONE_MS, type TicketListing } from './ticketListing';
import type { TicketStore } from './ticketStore';

export type { QueueEntry, QueueFilter } from '../domain/queue';

export interface QueuePage {
  items: QueueEntry[];
  continuationToken?: string;
}

export interface OperatorQueue {
  /** Open tickets (status filter `resolved`: resolved ones, latest first). Order: unacknowledged past their deadline or flagged first, then unacknowledged by acknowledgeBy, then the other open tickets, the one waiting longest (updatedAt) first. */
  page(filter: QueueFilter, options?: { continuationToken?: string; pageSize?: number /* default 50, max 100 */ }): Promise<QueuePage>;
  isContinuationToken(token: string): boolean;
  /** An SE number (exact), a CVE ID (any case), else an offer ID (exact, case-insensitive): every ticket that matches, open or resolved, newest first, at most 50. */
  find(query: string): Promise<QueueEntry[]>;
}

/** What the Table conditions can narrow down before the rows are read (the rest is filtered in memory). */
export interface StoredFilter {
  status?: TicketStatus;
  category?: Category;
  severity?: Severity;
}

/** A row of the open partition as the reconciliation sees it: live, or left by a resolution (a tombstone). */
export interface OpenRow {
  entry: QueueEntry;
  etag: string;
}

/** The index rows the queue and the search read (the Table adapter is src/storage/queueRows.ts). */
export interface QueueRows {
  /** Every open ticket's row that matches `filter`: the open partition, whose size follows the open work, not the history. */
  open(filter: StoredFilter): Promise<QueueEntry[]>;
  /**
   * Resolved tickets' listing rows matching `filter` (breached as at `now`), latest submission
   * first, up to `limit`, before the listing key `before` (exclusive); `next` is the listing key
   * to go on before, absent once the oldest listing day is passed.
   */
  resolved(filter: StoredFilter & { breached?: boolean }, limit: number, before: string, now: Date): Promise<{ entries: QueueEntry[]; next?: string }>;
  /** The listing entry of the ticket submitted at `submittedAt` (null until its rows are written, or while its listing row lacks the summary). */
  listed(ticket: { confirmationNumber: string; submittedAt: string }): Promise<QueueEntry | null>;
  /** Tickets with this CVE ID (upper case), newest first. */
  byCve(cveId: string, limit: number): Promise<QueueEntry[]>;
  /** Tickets of this offer (any case), newest first. */
  byOffer(offerId: string, limit: number): Promise<QueueEntry[]>;
  /** Every row of the open partition, tombstones included (the reconciliation's walk). */
  openRows(): Promise<OpenRow[]>;
  /** Removes an open-partition row, unless it changed since it was read (its ETag). */
  removeOpenRow(row: OpenRow): Promise<void>;
  /** The confirmation numbers of the listing rows written before the rows had their summary columns. */
  listingRowsWithoutSummary(): AsyncIterable<string>;
}

export interface OperatorQueueDeps {
  rows: QueueRows;
  /** the reconciliation reads tickets to tidy the rows, and a search by number reads its ticket's submission time */
  store: TicketStore;
  listing: TicketListing;
  dueDates: DueDates;
  logger: Logger;
  clock?: () => Date;
  /** how long a resolved ticket's row stays in the open partition (ms) before the reconciliation removes it */
  tombstoneMs?: number;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
const FIND_LIMIT = 50;
const OFFER_ID = /^[A-Za-z0-9._-]{1,100}$/;

type Token = { kind: 'open'; after: QueuePosition } | { kind: 'resolved'; before: string };

export class OperatorQueueService implements OperatorQueue {
  private readonly clock: () => Date;

  constructor(private readonly deps: OperatorQueueDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async page(filter: QueueFilter, options: { continuationToken?: string; pageSize?: number } = {}): Promise<QueuePage> {
    const asked = options.pageSize !== undefined && Number.isFinite(options.pageSize) ? Math.floor(options.pageSize) : DEFAULT_PAGE_SIZE;
    const pageSize = Math.min(Math.max(1, asked), MAX_PAGE_SIZE);
    const token = options.continuationToken === undefined ? null : decodeToken(options.continuationToken);
    const stored: StoredFilter = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.severity ? { severity: filter.severity } : {}),
    };
    const now = this.clock();
    if (filter.status === 'resolved') {
      // Listing keys start with the submission instant: '~' sorts after every key of that instant.
      const before = token?.kind === 'resolved' ? token.before : `${now.toISOString()}~`;
      const breached = filter.breached !== undefined ? { breached: filter.breached } : {};
      const { entries, next } = await this.deps.rows.resolved({ ...stored, ...breached }, pageSize, before, now);
      return { items: entries, ...(next !== undefined ? { continuationToken: encodeToken({ kind: 'resolved', before: next }) } : {}) };
    }
    // The open partition holds the open work only: all of it is read and ordered here, then the
    // page is the part after the token's position (keyset paging: stable while tickets change).
    const open = orderQueue(
      (await this.deps.rows.open(stored)).filter((entry) => entry.status !== 'resolved' && matchesQueueFilter(entry, filter, now)),
      now,
    );
    const after = token?.kind === 'open' ? token.after : null;
    const rest = after ? open.filter((entry) => compareQueuePositions(queuePosition(entry, now), after) > 0) : open;
    const items = rest.slice(0, pageSize);
    const last = items.at(-1);
    return {
      items,
      ...(rest.length > pageSize && last ? { continuationToken: encodeToken({ kind: 'open', after: queuePosition(last, now) }) } : {}),
    };
  }

  isContinuationToken(token: string): boolean {
    return decodeToken(token) !== null;
  }

  async find(query: string): Promise<QueueEntry[]> {
    const q = query.trim();
    const number = parseConfirmationNumber(q);
    if (number) {
      // The ticket's own row says when it was submitted, which is where its listing row is.
      const stored = await this.deps.store.get(number);
      const entry = stored ? await this.deps.rows.listed(stored.ticket) : null;
      return entry ? [entry] : [];
    }
    const found = isCveId(q.toUpperCase())
      ? await this.deps.rows.byCve(q.toUpperCase(), FIND_LIMIT)
      : OFFER_ID.test(q)
        ? await this.deps.rows.byOffer(q, FIND_LIMIT)
        : [];
    return found.sort(compareNewestFirst).slice(0, FIND_LIMIT);
  }

  /**
   * The nightly tidy-up of what a crash left behind (the queue never reads tickets, so it cannot
   * see drift itself): every live row of the open partition is checked against its ticket and
   * written again when the ticket has moved on (or removed when there is no ticket); a resolved
   * ticket's row (its tombstone) is removed once a late writer can no longer come; and a listing
   * row written before the rows had their summary columns gets its rows written from its ticket.
   */
  async tidy(): Promise<{ checked: number; repaired: number; removed: number; backfilled: number }> {
    const now = this.clock().getTime();
    const result = { checked: 0, repaired: 0, removed: 0, backfilled: 0 };
    const tombstoneMs = this.deps.tombstoneMs ?? QUEUE_TOMBSTONE_MS;
    await inParallel(await this.deps.rows.openRows(), 16, async (row) => {
      result.checked++;
      try {
        const stored = await this.deps.store.get(row.entry.confirmationNumber);
        if (row.entry.status === 'resolved' && stored && stored.historyCount <= row.entry.version) {
          if (now - Date.parse(row.entry.updatedAt) < tombstoneMs) return;
          await this.deps.rows.removeOpenRow(row);
          result.removed++;
        } else if (!stored) {
          await this.deps.rows.removeOpenRow(row);
          result.removed++;
        } else if (stored.historyCount > row.entry.version) {
          await ensureIndexed(this.deps, stored);
          result.repaired++;
        }
      } catch (error) {
        this.deps.logger.warn('queue row not tidied', { confirmationNumber: row.entry.confirmationNumber, error: describeError(error) });
      }
    });
    const old: string[] = [];
    for await (const n of this.deps.rows.listingRowsWithoutSummary()) old.push(n);
    await inParallel(old, 16, async (n) => {
      try {
        const stored = await this.deps.store.get(n);
        if (!stored) return;
        await ensureIndexed(this.deps, stored);
        result.backfilled++;
      } catch (error) {
        this.deps.logger.warn('listing row not given its summary', { confirmationNumber: n, error: describeError(error) });
      }
    });
    if (result.repaired + result.removed + result.backfilled > 0) this.deps.logger.info('operator queue tidied', { ...result });
    return result;
  }
}

// The token is opaque to clients: base64url JSON of where the page ended. A made-up or mangled
// one is refused (400) at the edge, never passed to storage.
function encodeToken(token: Token): string {
  const body = token.kind === 'open' ? { o: [token.after.group, token.after.at, token.after.confirmationNumber] } : { r: token.before };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(token: string): Token | null {
  if (token.length === 0 || token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; r?: unknown };
    if (Array.isArray(body.o) && body.o.length === 3) {
      const [group, at, confirmationNumber] = body.o as unknown[];
      if (
        (group === 0 || group === 1 || group === 2 || group === 3 || group === 4) &&
        typeof at === 'string' &&
        !Number.isNaN(Date.parse(at)) &&
        typeof confirmationNumber === 'string'
      ) {
        return { kind: 'open', after: { group, at, confirmationNumber } };
      }
      return null;
    }
    if (typeof body.r === 'string' && /^\d{4}-\d{2}-\d{2}T[^|]*\|[A-Z0-9-]+$/.test(body.r)) return { kind: 'resolved', before: body.r };
    return null;
  } catch {
    return null;
  }
}
