// Table Storage adapter for tickets. One partition per ticket (PartitionKey = confirmation number)
// holds the ticket row and its history rows, so a change and its history entry are written in one
// entity-group transaction, guarded by the ticket row's ETag. Two access tokens ride on rows that
// are written once and never replaced: the token the submission was answered with on its history
// row (`h-0000`), so the transaction every report makes holds two rows, not three, and the
// confirmation email's on the operators' announcement of the submission (`o-0000~announced`), so
// the confirmation's claim is one write, not a transaction. Every other token (a later email's, a
// status page's) is a row of its own, keyed by the token's hash. A reporter's token is checked
// with one query of those three rows, which costs the same whether the number exists or not and
// never reads the report. Tickets stored before that have token rows for those tokens too, and
// they are read the same way.

import { randomBytes } from '../services/randomBytes';
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { Message } from '../domain/thread';
import { type CvssScore, type LegacyCvssScore, withWholeScore } from '../domain/cvss';
import type { HistoryEntry, Ticket } from '../domain/ticket';
import { NOTIFIABLE_EVENTS, OUTCOMES, PARTIES, type NotifiableEvent, type Outcome, type Party } from '../domain/vocabulary';
import { ConcurrencyConflict, asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { tokenHashMatches } from '../services/accessTokens';
import { queryRows } from './queryRows';
import { deadline } from './storageClients';
import { TicketAlreadyExists, type StoredTicket, type NotificationOutcome, type TicketStore } from '../services/ticketStore';
import type { OperatorNotice } from '../services/notificationQueue';

// The port this adapter implements; its importers keep finding it here.
export { TicketAlreadyExists } from '../services/ticketStore';
export type { StoredTicket, NotificationOutcome, TicketStore } from '../services/ticketStore';

/** Row key of the history row of the ticket's n-th lifecycle event (0: the submission): zero-padded so rows sort in order. */
export function historyKey(index: number): string {
  return `h-${String(index).padStart(4, '0')}`;
}

/** Row key recording the email outcome for the event whose history row is `historyRow`. */
export function notificationKey(historyRow: string, outcome: NotificationOutcome): string {
  return `${historyRow}~${outcome}`;
}

// Event ids are this store's own: lifecycle event n is `e<n>` (`e0`, the submission), and the id
// alone gives its history row, so the notifier's check of an event stays one point read. Before
// events had ids, queue messages, pending rows and sent-email rows carried the history row's key
// (`h-0001`) in their place; such an id names that same row, so what was queued or stored then
// still finds its event and its email outcome rows (whose keys are the history row's, then as now).
const EVENT_ID = /^e(0|[1-9]\d{0,8})$/;
const HISTORY_ROW_KEY = /^h-\d{4}$/;

/** The id of the ticket's n-th lifecycle event. */
export function eventIdOf(index: number): string {
  return `e${index}`;
}

/** The history row an event id names, or null for a string this store never handed out. */
function historyRowOf(eventId: string): string | null {
  const minted = EVENT_ID.exec(eventId);
  if (minted) return historyKey(Number(minted[1]));
  return HISTORY_ROW_KEY.test(eventId) ? eventId : null;
}

/** Row key of the ticket row itself. */
export const TICKET_ROW = 'ticket';

/**
 * The key of the operators' rows about the event `eventId` (`o-0001` beside history row `h-0001`;
 * `o-0001!email-held-back` for a notice about the reporter's email), or null for an id this store never minted.
 */
function operatorRowOf(eventId: string, notice?: OperatorNotice): string | null {
  const historyRow = historyRowOf(eventId);
  return historyRow === null ? null : `o-${historyRow.slice(2)}${notice ? `!${notice}` : ''}`;
}

/** Row key of the claim of the operators' announcement (their log line) whose operator row is `operatorRow`. */
function announcementKey(operatorRow: string): string {
  return `${operatorRow}~announced`;
}

/** The submission's history row, which carries the token the submission was answered with. */
const SUBMISSION_ROW = historyKey(0);
/** The claim of the submission's announcement, which carries the confirmation email's token. */
const SUBMISSION_ANNOUNCEMENT_ROW = announcementKey(operatorRowOf(eventIdOf(0))!);

/** Row key of the access token whose SHA-256 (hex) is `tokenHash`. */
function tokenKey(tokenHash: string): string {
  return `t-${tokenHash}`;
}

export class TableTicketStore implements TicketStore {
  constructor(private readonly table: TableClient) {}

  submissionEventId(): string {
    return eventIdOf(0);
  }

  nextEventId(stored: StoredTicket): string {
    return eventIdOf(stored.historyCount);
  }

  async create(ticket: Ticket, entry: HistoryEntry, tokenHash: string): Promise<void> {
    const pk = ticket.confirmationNumber;
    const actions: TransactionAction[] = [
      ['create', toTicketEntity(ticket, 1)],
      ['create', { ...toHistoryEntity(pk, SUBMISSION_ROW, entry), TokenHash: tokenHash }],
    ];
    try {
      await this.table.submitTransaction(actions, { abortSignal: deadline() });
    } catch (error) {
      if (isAlreadyExists(error)) throw new TicketAlreadyExists();
      throw asStorageFault(error);
    }
  }

  async remove(confirmationNumber: string): Promise<void> {
    const pk = confirmationNumber;
    const actions: TransactionAction[] = [
      ['delete', { partitionKey: pk, rowKey: TICKET_ROW }],
      ['delete', { partitionKey: pk, rowKey: SUBMISSION_ROW }],
    ];
    try {
      await this.table.submitTransaction(actions, { abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async get(confirmationNumber: string): Promise<StoredTicket | null> {
    try {
      const entity = await this.table.getEntity<TicketEntity>(confirmationNumber, TICKET_ROW, { abortSignal: deadline() });
      return fromTicketEntity(entity);
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }

  async history(confirmationNumber: string): Promise<HistoryEntry[]> {
    const rows: Array<HistoryEntry & { key: string }> = [];
    try {
      const filter = odata`PartitionKey eq ${confirmationNumber} and RowKey ge 'h-' and RowKey lt 'h.'`;
      for await (const row of this.table.listEntities<HistoryEntity>({ queryOptions: { filter }, abortSignal: deadline() })) {
        rows.push({ key: row.rowKey ?? '', ...fromHistoryEntity(row) });
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    // Notification rows are written when the email is accepted, possibly after a later change:
    // time orders the story, the row key breaks ties.
    return rows.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key)).map(({ key: _key, ...entry }) => entry);
  }

  async update(stored: StoredTicket, ticket: Ticket, entry: HistoryEntry): Promise<string> {
    const pk = ticket.confirmationNumber;
    const entity = toTicketEntity(ticket, stored.historyCount + 1);
    const actions: TransactionAction[] = [
      ['update', entity, 'Replace', { etag: stored.etag }],
      ['create', toHistoryEntity(pk, historyKey(stored.historyCount), entry)],
    ];
    try {
      await this.table.submitTransaction(actions, { abortSignal: deadline() });
      return this.nextEventId(stored);
    } catch (error) {
      // A lost race shows as 412 on the ticket row, or 409 on a history row another writer created.
      if (statusOf(error) === 412 || isAlreadyExists(error)) throw new ConcurrencyConflict();
      throw asStorageFault(error);
    }
  }

  async addTokenHash(confirmationNumber: string, tokenHash: string, expiresAt?: Date): Promise<void> {
    try {
      // No ETag: a token row beside the ticket races with nothing.
      const ends = expiresAt ? { ExpiresAt: expiresAt.toISOString() } : {};
      await this.table.upsertEntity({ partitionKey: confirmationNumber, rowKey: tokenKey(tokenHash), ...ends }, 'Replace', { abortSignal: deadline() });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async hasTokenHash(confirmationNumber: string, tokenHash: string, at: Date): Promise<boolean> {
    const ownRow = tokenKey(tokenHash);
    const rows = await queryRows<{ rowKey?: string; ExpiresAt?: string | null; TokenHash?: string }>(
      this.table,
      odata`PartitionKey eq ${confirmationNumber} and (RowKey eq ${SUBMISSION_ROW} or RowKey eq ${SUBMISSION_ANNOUNCEMENT_ROW} or RowKey eq ${ownRow})`,
      3,
      ['RowKey', 'ExpiresAt', 'TokenHash'],
    );
    let given = false;
    for (const row of rows) {
      if (row.rowKey !== ownRow) {
        // The submission's token or its confirmation's; the row has no hash when the ticket predates that.
        if (typeof row.TokenHash === 'string' && tokenHashMatches(row.TokenHash, tokenHash)) given = true;
      } else if (typeof row.ExpiresAt !== 'string' || Date.parse(row.ExpiresAt) > at.getTime()) {
        // A token row without the column (an email's token, or any token written before page tokens ended) never ends.
        given = true;
      }
    }
    return given;
  }

  async removeTokenHash(confirmationNumber: string, tokenHash: string): Promise<void> {
    try {
      await this.table.deleteEntity(confirmationNumber, tokenKey(tokenHash), { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw asStorageFault(error);
    }
  }

  async recordNotification(confirmationNumber: string, eventId: string, outcome: NotificationOutcome, entry: HistoryEntry): Promise<boolean> {
    const historyRow = historyRowOf(eventId);
    if (historyRow === null) return false;
    try {
      await this.table.createEntity(toHistoryEntity(confirmationNumber, notificationKey(historyRow, outcome), entry), {
        abortSignal: deadline(),
      });
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw asStorageFault(error);
    }
  }

  async *submittedTickets(): AsyncIterable<StoredTicket> {
    const filter = odata`RowKey eq ${TICKET_ROW} and Status eq ${'submitted'}`;
    try {
      for await (const entity of this.table.listEntities<TicketEntity>({ queryOptions: { filter } })) {
        yield fromTicketEntity(entity as TicketEntity & { etag: string });
      }
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  async historyEvent(confirmationNumber: string, eventId: string): Promise<HistoryEntry['event'] | null> {
    const historyRow = historyRowOf(eventId);
    if (historyRow === null) return null;
    try {
      const row = await this.table.getEntity<HistoryEntity>(confirmationNumber, historyRow, { abortSignal: deadline() });
      return row.Event as HistoryEntry['event'];
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }

  newMessageId(at: Date): string {
    // The instant first, so ids (and row keys) sort as the messages were written; the random part
    // keeps two messages of the same millisecond apart.
    return `${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
  }

  async writeMessage(stored: StoredTicket, ticket: Ticket, message: Message, entry: HistoryEntry | null): Promise<string | null> {
    const pk = ticket.confirmationNumber;
    const actions: TransactionAction[] = [
      ['update', toTicketEntity(ticket, stored.historyCount + (entry ? 1 : 0)), 'Replace', { etag: stored.etag }],
      ['create', toMessageEntity(pk, message)],
    ];
    if (entry) actions.push(['create', toHistoryEntity(pk, historyKey(stored.historyCount), entry)]);
    try {
      await this.table.submitTransaction(actions, { abortSignal: deadline() });
      return entry ? this.nextEventId(stored) : null;
    } catch (error) {
      if (statusOf(error) === 412 || isAlreadyExists(error)) throw new ConcurrencyConflict();
      throw asStorageFault(error);
    }
  }

  async messages(confirmationNumber: string): Promise<Message[]> {
    const messages: Message[] = [];
    try {
      const filter = odata`PartitionKey eq ${confirmationNumber} and RowKey ge ${MESSAGE_PREFIX} and RowKey lt 'm.'`;
      for await (const row of this.table.listEntities<MessageEntity>({ queryOptions: { filter }, abortSignal: deadline() })) {
        messages.push(fromMessageEntity(row));
      }
    } catch (error) {
      throw asStorageFault(error);
    }
    return messages; // row keys start with the instant: oldest first
  }

  async historyEntry(confirmationNumber: string, eventId: string): Promise<HistoryEntry | null> {
    const historyRow = historyRowOf(eventId);
    if (historyRow === null) return null;
    try {
      return fromHistoryEntity(await this.table.getEntity<HistoryEntity>(confirmationNumber, historyRow, { abortSignal: deadline() }));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }

  // The operators' side of an event: its announcement (the TicketSubmitted / ReporterReplied line)
  // and its email's outcome are rows beside the ticket, outside the history's key range: the
  // reporter's timeline is not about the operators' mailbox.

  async claimOperatorAnnouncement(confirmationNumber: string, eventId: string, tokenHash?: string): Promise<boolean> {
    const row = operatorRowOf(eventId);
    const rowKey = row === null ? null : announcementKey(row);
    // hasTokenHash reads the submission's announcement row, and no other, for a token.
    if (tokenHash !== undefined && rowKey !== SUBMISSION_ANNOUNCEMENT_ROW)
      throw new Error(`a token rides only on the submission's announcement, not ${eventId}'s`);
    const claimed =
      rowKey !== null && (await this.claim({ partitionKey: confirmationNumber, rowKey, ...(tokenHash === undefined ? {} : { TokenHash: tokenHash }) }));
    // Claimed by an earlier delivery: this delivery's token goes in on its own row.
    if (!claimed && tokenHash !== undefined) await this.addTokenHash(confirmationNumber, tokenHash);
    return claimed;
  }

  /** Creates `row`; false when it exists already. */
  private async claim(row: TableEntity): Promise<boolean> {
    try {
      await this.table.createEntity(row, { abortSignal: deadline() });
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw asStorageFault(error);
    }
  }

  async recordOperatorEmail(confirmationNumber: string, eventId: string, outcome: NotificationOutcome, at: string, notice?: OperatorNotice): Promise<boolean> {
    const row = operatorRowOf(eventId, notice);
    if (row === null) return false;
    try {
      await this.table.createEntity({ partitionKey: confirmationNumber, rowKey: notificationKey(row, outcome), At: at }, { abortSignal: deadline() });
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw asStorageFault(error);
    }
  }

  async operatorEmailOutcome(confirmationNumber: string, eventId: string, notice?: OperatorNotice): Promise<NotificationOutcome | null> {
    const row = operatorRowOf(eventId, notice);
    return row === null ? null : this.outcomeOf(confirmationNumber, row);
  }

  async notificationOutcome(confirmationNumber: string, eventId: string): Promise<NotificationOutcome | null> {
    const historyRow = historyRowOf(eventId);
    return historyRow === null ? null : this.outcomeOf(confirmationNumber, historyRow);
  }

  async ticketWithEvent(
    confirmationNumber: string,
    eventId: string,
  ): Promise<{ stored: StoredTicket | null; entry: HistoryEntry | null; outcome: NotificationOutcome | null }> {
    const historyRow = historyRowOf(eventId);
    if (historyRow === null) return { stored: await this.get(confirmationNumber), entry: null, outcome: null };
    // The ticket row, and the history row with its outcome rows just after it (`h-0000`,
    // `h-0000~sent`, …): one query of the ticket's own partition, where two reads would be two
    // round trips' worth of work on both ends.
    const rows = await this.rowsWhere(
      odata`PartitionKey eq ${confirmationNumber} and (RowKey eq ${TICKET_ROW} or (RowKey ge ${historyRow} and RowKey lt ${`${historyRow}~~`}))`,
    );
    const ticketRow = rows.find((r) => r.rowKey === TICKET_ROW);
    const eventRow = rows.find((r) => r.rowKey === historyRow);
    return {
      stored: ticketRow ? fromTicketEntity(ticketRow as unknown as TicketEntity & { etag: string }) : null,
      entry: eventRow ? fromHistoryEntity(eventRow as unknown as HistoryEntity) : null,
      outcome: outcomeAmong(rows, historyRow),
    };
  }

  /** The outcome rows written after `row` (`row~sent`, …): a sent email wins over a failure recorded for it. */
  private async outcomeOf(confirmationNumber: string, historyRow: string): Promise<NotificationOutcome | null> {
    const rows = await this.rowsWhere(odata`PartitionKey eq ${confirmationNumber} and RowKey gt ${`${historyRow}~`} and RowKey lt ${`${historyRow}~~`}`);
    return outcomeAmong(rows, historyRow);
  }

  /** Every row the filter matches, whole. */
  private async rowsWhere(filter: string): Promise<Array<TableEntity & { rowKey: string; etag: string }>> {
    try {
      const rows: Array<TableEntity & { rowKey: string; etag: string }> = [];
      for await (const row of this.table.listEntities({ queryOptions: { filter }, abortSignal: deadline() })) {
        rows.push(row as TableEntity & { rowKey: string; etag: string });
      }
      return rows;
    } catch (error) {
      throw asStorageFault(error);
    }
  }
}

/** The outcome of the event whose history row is `historyRow`, among rows read beside it; null when none is recorded. */
function outcomeAmong(rows: ReadonlyArray<{ rowKey: string }>, historyRow: string): NotificationOutcome | null {
  const keys = new Set(rows.map((row) => row.rowKey));
  // A sent email wins over a later bounce report or a failure another delivery recorded.
  for (const outcome of ['sent', 'failed', 'held-back'] as const) if (keys.has(notificationKey(historyRow, outcome))) return outcome;
  return null;
}

interface TicketEntity extends TableEntity {
  Core: string;
  Description: string;
  MitigationSteps?: string;
  CustomerMessage?: string;
  Status: string;
  SlaBreached: boolean;
  SubmittedAt: string;
  AcknowledgeBy: string;
  HistoryCount: number;
  etag?: string;
}

export interface HistoryEntity extends TableEntity {
  At: string;
  Event: string;
  Status: string;
  Note?: string;
  By?: string;
  About?: string;
  Outcome?: string;
}

// A string property holds at most 64 KiB (32K UTF-16 characters): the long free-text fields get a
// property each, the rest of the ticket travels as one JSON document.
function toTicketEntity(ticket: Ticket, historyCount: number): TicketEntity {
  const core = {
    ...ticket,
    description: undefined,
    mitigation: { available: ticket.mitigation.available, steps: undefined },
    customerNotification: { requested: ticket.customerNotification.requested, message: undefined },
  };
  return {
    partitionKey: ticket.confirmationNumber,
    rowKey: TICKET_ROW,
    Core: JSON.stringify(core),
    Description: ticket.description,
    ...(ticket.mitigation.steps !== null ? { MitigationSteps: ticket.mitigation.steps } : {}),
    ...(ticket.customerNotification.message !== null ? { CustomerMessage: ticket.customerNotification.message } : {}),
    Status: ticket.status,
    SlaBreached: ticket.slaBreached,
    SubmittedAt: ticket.submittedAt,
    AcknowledgeBy: ticket.acknowledgeBy,
    HistoryCount: historyCount,
  };
}

/** What a ticket stored before these parts of the report existed reads as: not given. */
const REPORT_DEFAULTS = { affectedVersions: null, weakness: null, exploitation: 'unknown', publicDisclosure: null } as const satisfies Partial<Ticket>;

function fromTicketEntity(entity: TicketEntity & { etag: string }): StoredTicket {
  // A ticket written before the whole vector was scored holds the base score only (LegacyCvssScore);
  // one written before the report asked for versions, weakness, exploitation and disclosure has none of them.
  const core = JSON.parse(entity.Core) as Ticket;
  const cvss = core.cvss as CvssScore | LegacyCvssScore | null;
  const ticket: Ticket = {
    ...REPORT_DEFAULTS,
    ...core,
    cvss: cvss ? withWholeScore(cvss, core.cvssVector) : null,
    description: entity.Description,
    mitigation: { available: core.mitigation.available, steps: entity.MitigationSteps ?? null },
    customerNotification: { requested: core.customerNotification.requested, message: entity.CustomerMessage ?? null },
  };
  return {
    ticket,
    etag: entity.etag,
    historyCount: entity.HistoryCount,
  };
}

// Messages: one row each (`m-<id>`), beside the ticket's history.
const MESSAGE_PREFIX = 'm-';
// A string property holds at most 32K UTF-16 units, a body of 20,000 code points up to 40,000:
// it is split over two properties, never inside a character.
const BODY_PART_UNITS = 30_000;

interface MessageEntity extends TableEntity {
  At: string;
  Author: string;
  Kind: string;
  Body: string;
  Body2?: string;
}

function toMessageEntity(partitionKey: string, message: Message): MessageEntity {
  let split = Math.min(message.body.length, BODY_PART_UNITS);
  // Not between the two halves of a surrogate pair.
  if (split < message.body.length && /[\uD800-\uDBFF]/.test(message.body.charAt(split - 1))) split--;
  const rest = message.body.slice(split);
  return {
    partitionKey,
    rowKey: `${MESSAGE_PREFIX}${message.id}`,
    At: message.at,
    Author: message.author,
    Kind: message.kind,
    Body: message.body.slice(0, split),
    ...(rest ? { Body2: rest } : {}),
  };
}

function fromMessageEntity(row: MessageEntity): Message {
  return {
    id: row.rowKey.slice(MESSAGE_PREFIX.length),
    at: row.At,
    author: row.Author as Message['author'],
    kind: row.Kind as Message['kind'],
    body: `${row.Body}${row.Body2 ?? ''}`,
  };
}

/**
 * Writes a history entry with rows of its own beside it (a customer notice's step, an evidence
 * file) in one transaction, conditional on the ticket row as `stored` read it: only its history
 * count changes. Returns the entry's event id; ConcurrencyConflict when the ticket changed since, or
 * one of the rows exists already.
 */
export async function writeBesideHistory(table: TableClient, stored: StoredTicket, entry: HistoryEntry, rows: TableEntity[]): Promise<string> {
  const pk = stored.ticket.confirmationNumber;
  const actions: TransactionAction[] = [
    // Merge: only the history count changes on the ticket row, and only if nobody changed it since `stored`.
    ['update', { partitionKey: pk, rowKey: TICKET_ROW, HistoryCount: stored.historyCount + 1 }, 'Merge', { etag: stored.etag }],
    ['create', toHistoryEntity(pk, historyKey(stored.historyCount), entry)],
    ...rows.map((row): TransactionAction => ['create', row]),
  ];
  try {
    await table.submitTransaction(actions, { abortSignal: deadline() });
    return eventIdOf(stored.historyCount);
  } catch (error) {
    if (statusOf(error) === 412 || isAlreadyExists(error)) throw new ConcurrencyConflict();
    throw asStorageFault(error);
  }
}

/** The row of a history entry (the customer notice's adapter writes its entries in the same form). */
export function toHistoryEntity(partitionKey: string, rowKey: string, entry: HistoryEntry): HistoryEntity {
  return {
    partitionKey,
    rowKey,
    At: entry.at,
    Event: entry.event,
    Status: entry.status,
    ...(entry.note ? { Note: entry.note } : {}),
    ...(entry.by ? { By: entry.by } : {}),
    ...(entry.about ? { About: entry.about } : {}),
    ...(entry.outcome ? { Outcome: entry.outcome } : {}),
  };
}

const NOTIFIABLE: ReadonlySet<string> = new Set(NOTIFIABLE_EVENTS);
const BY: ReadonlySet<string> = new Set(PARTIES);
const OUTCOME: ReadonlySet<string> = new Set(OUTCOMES);

function fromHistoryEntity(row: HistoryEntity): HistoryEntry {
  const event = row.Event as HistoryEntry['event'];
  // Email rows written before `About` existed kept the event they were about in `Note`: it is
  // that event's name, not words for a reader.
  const oldAbout = event.startsWith('notification-') && row.About === undefined && row.Note !== undefined && NOTIFIABLE.has(row.Note) ? row.Note : undefined;
  const about = row.About ?? oldAbout;
  return {
    at: row.At,
    event,
    status: row.Status as HistoryEntry['status'],
    ...(row.Note && oldAbout === undefined ? { note: row.Note } : {}),
    ...(row.By && BY.has(row.By) ? { by: row.By as Party } : {}),
    ...(about && NOTIFIABLE.has(about) ? { about: about as NotifiableEvent } : {}),
    ...(row.Outcome && OUTCOME.has(row.Outcome) ? { outcome: row.Outcome as Outcome } : {}),
  };
}
