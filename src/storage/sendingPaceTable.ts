// Table Storage adapter of the sending pace. One partition holds the gate row (until when sending
// is paused, and whether operators were told of a backlog) and one row per waiting email, keyed by
// the time it was queued, so the oldest waiting emails are the first rows of a range query.

import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { BACKLOG_ALERT_MS, type Admission, type Backlog, type PacedEmail, type SendingPace } from '../services/sendingPace';
import { asStorageFault, isAlreadyExists, statusOf } from './storageErrors';
import { SharedReads } from './sharedReads';
import { deadline } from './storageClients';

const PARTITION = 'email';
const GATE_ROW = 'gate';
// 'gate' sorts before every 'w-' row: one range query reads the gate and the oldest waiting emails.
const WAITING_PREFIX = 'w-';

/** How many of the oldest waiting emails may be sent side by side once sending resumes. */
const LANES = 3;
/**
 * How long an email behind older waiting ones holds back before it asks again, per lane's worth
 * of emails before it: the tail of a long line does not ask every second while the head drains.
 */
const BEHIND_OTHERS_MS = 1_000;
/**
 * A waiting row whose email has not come back this long after it was due belongs to a message
 * that is gone (sent by a duplicate, dropped): it no longer holds the line.
 */
const STALE_AFTER_MS = 2 * 60_000;
/** Longest pause honoured: the queue's visibility delay cannot exceed 7 days. */
const MAX_WAIT_MS = 24 * 60 * 60_000;
const COUNT_BOUND = 1_000;

interface GateRow extends TableEntity {
  OpenAt?: string;
  BacklogAlerted?: boolean;
}

interface WaitingRow extends TableEntity {
  DueAt: string;
}

/** The first page of the pace's partition: the gate row and the oldest waiting emails. */
type FirstPage = { rows: Array<GateRow & WaitingRow & { etag: string }>; removing: Set<string> };

export class TableSendingPace implements SendingPace {
  /**
   * Every email asks for the head of the line before it goes: a burst's emails, up to 16 at once
   * on an instance, share its reads (sharedReads.ts), each still a read begun after it asked.
   */
  private readonly firstPages: SharedReads<FirstPage>;

  constructor(private readonly table: TableClient) {
    this.firstPages = new SharedReads(() => this.readFirstPage());
  }

  async admit(email: PacedEmail, now: Date): Promise<Admission> {
    const { gate, waiting } = await this.lineAt(now, await this.firstPages.fresh());
    const openAt = gate?.OpenAt ? Date.parse(gate.OpenAt) : 0;
    const mine = waitingKey(email);
    const registered = waiting.some((row) => row.rowKey === mine);
    if (openAt > now.getTime()) {
      const due = new Date(openAt);
      await this.register(email, due);
      return this.holdBack(email, openAt - now.getTime(), due, gate, now);
    }
    // Sending is allowed: the oldest few waiting emails go first, side by side.
    const ahead = waiting.filter((row) => row.rowKey < mine).length;
    if (ahead < LANES) return { go: true, waiting: registered, backlogAlerted: gate?.BacklogAlerted === true };
    const waitMs = BEHIND_OTHERS_MS * Math.ceil((ahead - LANES + 1) / LANES);
    await this.register(email, new Date(now.getTime() + waitMs));
    return { go: false, waitMs };
  }

  async throttled(email: PacedEmail, retryAfterMs: number, now: Date): Promise<Admission & { go: false }> {
    const wait = Math.min(Math.max(retryAfterMs, 1_000), MAX_WAIT_MS);
    const openAt = new Date(now.getTime() + wait);
    const gate = await this.pauseUntil(openAt);
    await this.register(email, openAt);
    return this.holdBack(email, wait, openAt, gate, now);
  }

  async settled(email: PacedEmail, admission: { waiting: boolean; backlogAlerted: boolean }): Promise<boolean> {
    if (admission.waiting) {
      try {
        await this.table.deleteEntity(PARTITION, waitingKey(email), { abortSignal: deadline() });
      } catch (error) {
        if (statusOf(error) !== 404) throw asStorageFault(error);
      }
    }
    if (!admission.backlogAlerted) return false;
    const { gate, waiting } = await this.lineAt(new Date(0), await this.readFirstPage());
    if (waiting.length > 0 || gate?.BacklogAlerted !== true) return false;
    return this.markBacklog(gate, false);
  }

  private async readFirstPage(): Promise<FirstPage> {
    try {
      const filter = odata`PartitionKey eq ${PARTITION} and RowKey ge ${GATE_ROW}`;
      const pages = this.table.listEntities<GateRow & WaitingRow>({ queryOptions: { filter }, abortSignal: deadline() }).byPage({ maxPageSize: LANES + 8 });
      // the first page holds the head of the line
      for await (const page of pages) return { rows: page as FirstPage['rows'], removing: new Set() };
      return { rows: [], removing: new Set() };
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  /** The line as `page` shows it at `now`: the gate row and the oldest live waiting rows; stale rows are skipped (and removed, once). */
  private async lineAt(now: Date, page: FirstPage): Promise<{ gate: (GateRow & { etag: string }) | null; waiting: WaitingRow[] }> {
    let gate: (GateRow & { etag: string }) | null = null;
    const waiting: WaitingRow[] = [];
    const stale: string[] = [];
    for (const row of page.rows) {
      if (row.rowKey === GATE_ROW) gate = row;
      else if (row.rowKey?.startsWith(WAITING_PREFIX)) {
        if (now.getTime() - Date.parse(row.DueAt) > STALE_AFTER_MS) stale.push(row.rowKey);
        else waiting.push(row);
      }
    }
    for (const rowKey of stale) {
      // A shared page is read by several emails: its stale rows are removed by the first of them.
      if (page.removing.has(rowKey)) continue;
      page.removing.add(rowKey);
      await this.table.deleteEntity(PARTITION, rowKey, { abortSignal: deadline() }).catch(() => undefined);
    }
    return { gate, waiting };
  }

  private async register(email: PacedEmail, dueAt: Date): Promise<void> {
    try {
      await this.table.upsertEntity<WaitingRow>({ partitionKey: PARTITION, rowKey: waitingKey(email), DueAt: dueAt.toISOString() }, 'Replace', {
        abortSignal: deadline(),
      });
    } catch (error) {
      throw asStorageFault(error);
    }
  }

  /** Moves the gate's opening to `openAt` unless it is already later; returns the gate as written. */
  private async pauseUntil(openAt: Date): Promise<GateRow & { etag?: string }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const gate = await this.readGate();
      if (gate?.OpenAt && Date.parse(gate.OpenAt) >= openAt.getTime()) return gate;
      const row: GateRow = { partitionKey: PARTITION, rowKey: GATE_ROW, OpenAt: openAt.toISOString(), BacklogAlerted: gate?.BacklogAlerted === true };
      try {
        if (gate) await this.table.updateEntity(row, 'Replace', { etag: gate.etag, abortSignal: deadline() });
        else await this.table.createEntity(row, { abortSignal: deadline() });
        return row;
      } catch (error) {
        if (statusOf(error) === 412 || isAlreadyExists(error)) continue; // another sender moved it: read again
        throw asStorageFault(error);
      }
    }
    return (await this.readGate()) ?? { partitionKey: PARTITION, rowKey: GATE_ROW };
  }

  private async holdBack(email: PacedEmail, waitMs: number, dueAt: Date, gate: GateRow | null, now: Date): Promise<Admission & { go: false }> {
    const lateness = dueAt.getTime() - Math.min(Date.parse(email.queuedAt), now.getTime());
    if (lateness <= BACKLOG_ALERT_MS || gate?.BacklogAlerted === true) return { go: false, waitMs };
    const current = await this.readGate();
    if (!current || current.BacklogAlerted === true || !(await this.markBacklog(current, true))) return { go: false, waitMs };
    const backlog: Backlog = { expectedDelayMinutes: Math.ceil(lateness / 60_000), waiting: await this.countWaiting() };
    return { go: false, waitMs, backlog };
  }

  /** Sets the backlog mark; true when this call changed it (so its caller tells the operators). */
  private async markBacklog(gate: GateRow & { etag?: string }, alerted: boolean): Promise<boolean> {
    try {
      await this.table.updateEntity({ partitionKey: PARTITION, rowKey: GATE_ROW, BacklogAlerted: alerted }, 'Merge', {
        ...(gate.etag ? { etag: gate.etag } : {}),
        abortSignal: deadline(),
      });
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false; // another sender changed it first
      throw asStorageFault(error);
    }
  }

  private async readGate(): Promise<(GateRow & { etag: string }) | null> {
    try {
      return await this.table.getEntity<GateRow>(PARTITION, GATE_ROW, { abortSignal: deadline() });
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw asStorageFault(error);
    }
  }

  private async countWaiting(): Promise<number> {
    let count = 0;
    const filter = odata`PartitionKey eq ${PARTITION} and RowKey ge ${WAITING_PREFIX} and RowKey lt ${'w.'}`;
    try {
      for await (const _row of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] }, abortSignal: deadline() })) {
        if (++count >= COUNT_BOUND) break;
      }
    } catch {
      // the count only informs the alert
    }
    return count;
  }
}

function waitingKey(email: PacedEmail): string {
  return `${WAITING_PREFIX}${email.queuedAt}-${email.id}`;
}
